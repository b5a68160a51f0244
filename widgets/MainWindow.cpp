#include "widgets/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"
#include "widgets/CommandPalette.h"
#include "widgets/ShortcutsOverlay.h"
#include "widgets/StatusIndicator.h"
#include "widgets/WorkspaceController.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/LabelingView.h"
#include "widgets/FirstStart.h"
#include "widgets/models/LocalModelController.h"
#include "widgets/models/LocalModelsStatus.h"
#include "widgets/models/ModelsView.h"
#include "widgets/playground/PlaygroundView.h"
#include "widgets/providers/ProviderRegistry.h"
#include "widgets/providers/ProvidersView.h"
#include "widgets/secrets/KeychainStore.h"

namespace triad::widgets {

namespace {
enum ViewIndex { PlaygroundIndex = 0, ModelsIndex = 1, ProvidersIndex = 2, LabelingIndex = 3 };
}

MainWindow::MainWindow(const QString& workspacePath, QWidget* parent)
    : QMainWindow(parent)
    , m_prices(metrics::PriceTable::withDefaults())
{
    m_keychain = new KeychainStore(KeychainBackend::System, this);
    m_registry = new ProviderRegistry(m_keychain, this);
    m_bridge = new ChatRunBridge(this);
    m_bridge->setPriceTable(&m_prices);
    m_workspaces = new WorkspaceController(this);
    m_workspaces->setDialogParent(this);
    m_local = new LocalModelController(m_registry, this);

    buildViews();
    buildMenus();
    resize(1280, 800);
    restoreWindowState();

    connect(m_workspaces, &WorkspaceController::aboutToClose, this, &MainWindow::onWorkspaceClosing);
    connect(m_workspaces, &WorkspaceController::opened, this, &MainWindow::onWorkspaceOpened);
    connect(m_workspaces, &WorkspaceController::closed, this, &MainWindow::updateTitle);
    m_workspaces->open(workspacePath.isEmpty() ? WorkspaceController::defaultPath() : workspacePath);
    updateTitle();
}

MainWindow::~MainWindow()
{
    // Views own the running requests' ChatRuns: stop and record them while the workspace
    // is still open, then let the views go before the bridge and the registry.
    m_workspaces->close();
    delete takeCentralWidget();
}

void MainWindow::buildViews()
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_sidebar = new QListWidget(splitter);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setMaximumWidth(180);
    m_sidebar->addItem(tr("Playground"));
    m_sidebar->addItem(tr("Models"));
    m_sidebar->addItem(tr("Providers"));
    m_sidebar->addItem(tr("Labeling"));
    m_sidebar->item(PlaygroundIndex)->setToolTip(tr("Compare models side by side (Ctrl+Shift+1)"));
    m_sidebar->item(ModelsIndex)->setToolTip(tr("Local GGUF models: add, load, unload (Ctrl+Shift+2)"));
    m_sidebar->item(ProvidersIndex)->setToolTip(tr("Endpoints, keys and models (Ctrl+Shift+3)"));
    m_sidebar->item(LabelingIndex)->setToolTip(tr("Label fine-tuning datasets at keyboard speed (Ctrl+Shift+4)"));
    for (int i = 0; i < m_sidebar->count(); ++i)
        m_sidebar->item(i)->setSizeHint(QSize(0, m_sidebar->fontMetrics().height() + 14));
    m_stack = new QStackedWidget(splitter);
    m_playground = new PlaygroundView(m_registry, m_bridge, m_stack);
    m_models = new ModelsView(m_local, m_stack);
    m_providers = new ProvidersView(m_registry, m_stack);
    m_stack->addWidget(m_playground);
    m_stack->addWidget(m_models);
    m_stack->addWidget(m_providers);
    m_labeling = new LabelingView(m_registry, m_bridge, m_stack);
    m_stack->addWidget(m_labeling);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({140, 1140});
    setCentralWidget(splitter);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_sidebar->setCurrentRow(PlaygroundIndex);

    m_status = new StatusIndicator(this);
    statusBar()->addPermanentWidget(m_status);
    statusBar()->addPermanentWidget(new LocalModelsStatus(m_local, this));
    connect(m_bridge, &ChatRunBridge::activeRunCountChanged, m_status, &StatusIndicator::setActiveRuns);
    connect(m_bridge, &ChatRunBridge::runEnded, m_status, &StatusIndicator::noteRunEnded);
    auto showProblem = [this](const QString& message) { statusBar()->showMessage(message, 15000); };
    connect(m_bridge, &ChatRunBridge::problem, this, showProblem);
    connect(m_playground, &PlaygroundView::problem, this, showProblem);
    connect(m_labeling, &LabelingView::problem, this, showProblem);
    connect(m_registry, &ProviderRegistry::problem, this, showProblem);
    connect(m_local, &LocalModelController::problem, this, showProblem);
    connect(m_playground, &PlaygroundView::addProviderRequested, this, [this] {
        showView(ProvidersIndex);
        m_providers->addProvider();
    });
    auto useInPlayground = [this](const QString& providerId, const QString& model) {
        m_playground->useTarget({providerId.toStdString(), model.toStdString()});
        showView(PlaygroundIndex);
    };
    connect(m_providers, &ProvidersView::modelActivated, this, useInPlayground);
    connect(m_models, &ModelsView::modelActivated, this, useInPlayground);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New workspace…"), this, &MainWindow::newWorkspace);
    QAction* open = file->addAction(tr("&Open workspace…"), this, &MainWindow::openWorkspace);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* session = menuBar()->addMenu(tr("&Session"));
    QAction* newSession = session->addAction(tr("&New session"), m_playground, &PlaygroundView::newSession);
    newSession->setShortcut(QKeySequence::New);
    session->addAction(tr("&Rename…"), m_playground, [this] { m_playground->renameSession(); });
    session->addAction(tr("&Duplicate"), m_playground, &PlaygroundView::duplicateSession);
    session->addSeparator();
    session->addAction(tr("De&lete…"), m_playground, [this] { m_playground->deleteSession(); });

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* runAll = run->addAction(tr("&Run all panes"), m_playground, &PlaygroundView::runAll);
    runAll->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction* stopAll = run->addAction(tr("&Stop all"), m_playground, &PlaygroundView::stopAll);
    stopAll->setShortcut(QKeySequence(Qt::Key_Escape));
    run->addSeparator();
    run->addAction(tr("&Add pane"), m_playground, &PlaygroundView::addPane);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* playground = view->addAction(tr("&Playground"), this, [this] { showView(PlaygroundIndex); });
    playground->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_1));
    QAction* models = view->addAction(tr("&Models"), this, [this] { showView(ModelsIndex); });
    models->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_2));
    QAction* providers = view->addAction(tr("P&roviders"), this, [this] { showView(ProvidersIndex); });
    providers->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_3));
    QAction* labeling = view->addAction(tr("&Labeling"), this, [this] { showView(LabelingIndex); });
    labeling->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_4));
    view->addSeparator();
    m_paletteAction = view->addAction(tr("&Command palette…"), this, &MainWindow::showCommandPalette);
    m_paletteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Slash), QKeySequence(Qt::Key_Question)});
}

void MainWindow::showView(int index)
{
    m_sidebar->setCurrentRow(index);
}

void MainWindow::onWorkspaceOpened(store::Workspace* workspace)
{
    try {
        prepareFirstStart(*workspace);
    } catch (const store::StoreError& e) {
        statusBar()->showMessage(QString::fromUtf8(e.what()), 15000);
    }
    m_registry->setRepositories(&workspace->providers(), &workspace->settings());
    m_local->setSettings(&workspace->settings());
    m_bridge->setRunRepository(&workspace->runs());
    try {
        if (const auto overrides = workspace->settings().get(store::SettingsRepository::kPriceOverrides)) {
            std::string error;
            if (!m_prices.loadOverridesFromJson(*overrides, &error))
                statusBar()->showMessage(tr("Your price table could not be read: %1")
                                             .arg(QString::fromStdString(error)), 15000);
        }
    } catch (const store::StoreError& e) {
        statusBar()->showMessage(QString::fromUtf8(e.what()), 15000);
    }
    m_playground->setWorkspace(workspace);
    m_labeling->setWorkspace(workspace);
    updateTitle();
}

void MainWindow::onWorkspaceClosing()
{
    // Order matters: finish and record runs while the workspace is open, then let go of it.
    m_bridge->stopAllAndWait();
    m_playground->setWorkspace(nullptr);
    m_labeling->setWorkspace(nullptr);
    m_bridge->setRunRepository(nullptr);
    m_local->setSettings(nullptr);
    m_registry->setRepositories(nullptr, nullptr);
}

void MainWindow::updateTitle()
{
    const QString name = m_workspaces->displayName();
    setWindowTitle(name.isEmpty() ? tr("Triad — no workspace open") : tr("Triad — %1").arg(name));
    setWindowFilePath(m_workspaces->path());
}

void MainWindow::newWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New workspace"), QString(),
                                                      tr("Triad workspaces (*.triad)"));
    if (path.isEmpty())
        return;
    m_workspaces->open(path.endsWith(QLatin1String(".triad")) ? path : path + QStringLiteral(".triad"));
}

void MainWindow::openWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(),
                                                      tr("Triad workspaces (*.triad);;All files (*)"));
    if (!path.isEmpty())
        m_workspaces->open(path);
}

ShortcutsOverlay* MainWindow::shortcutsOverlay()
{
    if (!m_shortcuts)
        m_shortcuts = new ShortcutsOverlay(this);
    QList<QAction*> actions;
    for (QAction* menu : menuBar()->actions())
        if (menu->menu())
            actions << menu->menu()->actions();
    actions << m_labeling->keyActions();
    m_shortcuts->setShortcuts(actions, {
        {tr("Focus pane 1…6"), tr("Ctrl+1 … Ctrl+6")},
        {tr("Models: add files"), tr("Insert")},
        {tr("Models: load / unload the selected"), tr("Ctrl+L / Ctrl+U")},
        {tr("Models: use the selected in the playground"), tr("Ctrl+P or Enter")},
        {tr("Models: remove the selected from the list"), tr("Delete")},
    });
    return m_shortcuts;
}

void MainWindow::showCommandPalette()
{
    if (!m_palette)
        m_palette = new CommandPalette(this);
    QList<CommandPalette::Command> commands = CommandPalette::menuCommands(menuBar(), m_paletteAction);
    if (store::Workspace* ws = m_workspaces->workspace()) {
        try {
            for (const store::SessionSummary& s : ws->sessions().list())
                commands.append({tr("Open session: %1").arg(QString::fromStdString(s.name)), tr("session"), [this, id = s.id] {
                                     showView(PlaygroundIndex);
                                     m_playground->openSession(id);
                                 }});
        } catch (const store::StoreError& e) {
            statusBar()->showMessage(QString::fromUtf8(e.what()), 15000);
        }
    }
    for (const ProviderTarget& t : m_registry->targets())
        for (const QString& model : t.models)
            commands.append({tr("Use model: %1 / %2").arg(t.displayName, model), tr("model"), [this, t, model] {
                                 m_playground->useTarget({t.providerId.toStdString(), model.toStdString()});
                                 showView(PlaygroundIndex);
                             }});
    m_palette->setCommands(std::move(commands));
    const QRect area = geometry();
    m_palette->move(area.x() + (area.width() - m_palette->width()) / 2, area.y() + 60);
    m_palette->exec();
}

void MainWindow::showShortcuts()
{
    shortcutsOverlay()->exec();
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showView(settings.value(QStringLiteral("window/view"), PlaygroundIndex).toInt());
}

void MainWindow::saveWindowState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/view"), m_sidebar->currentRow());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowState();
    m_playground->saveNow();
    QMainWindow::closeEvent(event);
}

} // namespace triad::widgets
