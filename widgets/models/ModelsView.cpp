#include "widgets/models/ModelsView.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/models/LocalModelController.h"
#include "widgets/models/LocalModelTableModel.h"
#include "widgets/models/ModelDetailsPanel.h"
#include "widgets/models/ModelFormat.h"

namespace triad::widgets {

namespace {

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& toolTip, const char* objectName,
                        const QKeySequence& shortcut = {})
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(QLatin1String(objectName));
    button->setAutoRaise(true);
    button->setToolTip(shortcut.isEmpty() ? toolTip
                                          : QStringLiteral("%1 (%2)").arg(toolTip, shortcut.toString(QKeySequence::NativeText)));
    if (!shortcut.isEmpty()) {
        // The key acts while this view (or a child) has focus: Delete in another view must
        // not remove models.
        auto* action = new QAction(parent);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        parent->addAction(action);
        QObject::connect(action, &QAction::triggered, button, &QToolButton::click);
    }
    return button;
}

/** Local .gguf files and folders among dropped URLs. */
QStringList droppedPaths(const QMimeData* mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls()) return out;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir() || info.suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0)
            out << info.absoluteFilePath();
    }
    return out;
}

} // namespace

ModelsView::ModelsView(LocalModelController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setAcceptDrops(true);
    m_model = new LocalModelTableModel(this);

    m_addFilesButton = toolButton(this, tr("Add files…"), tr("Add GGUF files to the list"), "addModelFiles",
                                  QKeySequence(Qt::Key_Insert));
    m_addFolderButton = toolButton(this, tr("Add folder…"), tr("Add every .gguf file in a folder (not its subfolders)"),
                                   "addModelFolder");
    m_loadButton = toolButton(this, tr("Load"), tr("Load the selected models into memory"), "loadModel",
                              QKeySequence(Qt::CTRL | Qt::Key_L));
    m_unloadButton = toolButton(this, tr("Unload"), tr("Stop the selected models and free their memory"), "unloadModel",
                                QKeySequence(Qt::CTRL | Qt::Key_U));
    m_removeButton = toolButton(this, tr("Remove"), tr("Remove the selected models from the list; the files stay on disk"),
                                "removeModel", QKeySequence(Qt::Key_Delete));
    m_useButton = toolButton(this, tr("Use in playground"), tr("Answer with the selected model in a playground pane"),
                             "useModel", QKeySequence(Qt::CTRL | Qt::Key_P));
    m_addAdapterButton = toolButton(this, tr("Add adapter…"),
                                    tr("Add a LoRA adapter (GGUF) to the selected model: base + adapter becomes a "
                                       "playground target of its own"),
                                    "addAdapter");
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("modelsSummary"));
    m_summary->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_summary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_addFilesButton);
    toolbar->addWidget(m_addFolderButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_loadButton);
    toolbar->addWidget(m_unloadButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addWidget(m_addAdapterButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_useButton);
    toolbar->addStretch();
    toolbar->addWidget(m_summary);

    // The inline message: files that were not added, with core's reason. Stays until closed
    // or the next add, so a person can read (and copy) a long path.
    m_messageBar = new QWidget(this);
    m_messageBar->setObjectName(QStringLiteral("modelsMessageBar"));
    m_message = new QLabel(m_messageBar);
    m_message->setObjectName(QStringLiteral("modelsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* closeMessage = new QToolButton(m_messageBar);
    closeMessage->setText(QStringLiteral("✕"));
    closeMessage->setAutoRaise(true);
    closeMessage->setToolTip(tr("Hide this message"));
    auto* messageLayout = new QHBoxLayout(m_messageBar);
    messageLayout->setContentsMargins(4, 2, 0, 2);
    messageLayout->addWidget(m_message, 1);
    messageLayout->addWidget(closeMessage, 0, Qt::AlignTop);
    m_messageBar->hide();
    connect(closeMessage, &QToolButton::clicked, m_messageBar, &QWidget::hide);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("modelTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(LocalModelTableModel::StateColumn, QHeaderView::Stretch);

    m_details = new ModelDetailsPanel(this);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    m_content = splitter;

    m_emptyState = buildEmptyState();
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_content);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_stack, 1);

    connect(m_addFilesButton, &QToolButton::clicked, this, &ModelsView::addFilesWithDialog);
    connect(m_addFolderButton, &QToolButton::clicked, this, &ModelsView::addFolderWithDialog);
    connect(m_loadButton, &QToolButton::clicked, this, &ModelsView::loadSelected);
    connect(m_unloadButton, &QToolButton::clicked, this, &ModelsView::unloadSelected);
    connect(m_removeButton, &QToolButton::clicked, this, &ModelsView::removeSelected);
    connect(m_useButton, &QToolButton::clicked, this, &ModelsView::useSelected);
    connect(m_addAdapterButton, &QToolButton::clicked, this, &ModelsView::addAdapterWithDialog);
    connect(m_table, &QTableView::activated, this, &ModelsView::activate);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        updateDetails();
    });
    connect(m_controller, &LocalModelController::rowsChanged, this, &ModelsView::refresh);
    connect(m_controller, &LocalModelController::addFinished, this, &ModelsView::onAddFinished);
    connect(m_controller, &LocalModelController::adapterAdded, this, &ModelsView::onAdapterAdded);
    connect(m_controller, &LocalModelController::problem, this, [this](const QString& text) { showMessage(text, true); });
    refresh();
}

QWidget* ModelsView::buildEmptyState()
{
    auto* empty = new QWidget(this);
    auto* layout = new QVBoxLayout(empty);
    layout->addStretch();
    auto* title = new QLabel(tr("No local models yet"), empty);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignHCenter);
    auto* explanation = new QLabel(
        tr("Local models run on Triad's own engine, on this computer: no key, no network, no price per "
           "token. Add a GGUF file (llama or qwen2 architecture, for example SmolLM, TinyLlama, Llama 3.2 "
           "or Qwen2.5 from Hugging Face), load it, and compare it with remote models side by side in the "
           "playground."),
        empty);
    explanation->setWordWrap(true);
    explanation->setAlignment(Qt::AlignHCenter);
    // A fixed width between stretches lets the wrapped label compute its height (an
    // alignment flag in the layout cuts the last lines off).
    explanation->setFixedWidth(qMin(560, explanation->fontMetrics().averageCharWidth() * 90));
    explanation->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Minimum);
    auto* addFile = new QPushButton(tr("Add a GGUF file…"), empty);
    addFile->setObjectName(QStringLiteral("addFirstModel"));
    addFile->setDefault(true);
    auto* addFolder = new QPushButton(tr("Add a folder…"), empty);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(addFile);
    buttons->addWidget(addFolder);
    buttons->addStretch();
    auto* dropHint = new QLabel(tr("or drop .gguf files here"), empty);
    dropHint->setAlignment(Qt::AlignHCenter);
    dropHint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(title);
    auto* centred = new QHBoxLayout;
    centred->addStretch();
    centred->addWidget(explanation);
    centred->addStretch();
    layout->addLayout(centred);
    layout->addSpacing(8);
    layout->addLayout(buttons);
    layout->addWidget(dropHint);
    layout->addStretch();
    connect(addFile, &QPushButton::clicked, this, &ModelsView::addFilesWithDialog);
    connect(addFolder, &QPushButton::clicked, this, &ModelsView::addFolderWithDialog);
    return empty;
}

// --- actions -----------------------------------------------------------------------------

void ModelsView::addFilesWithDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add GGUF models"), QString(),
                                                            tr("GGUF models (*.gguf);;All files (*)"));
    if (!paths.isEmpty()) m_controller->addFiles(paths);
}

void ModelsView::addFolderWithDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add the GGUF models of a folder"));
    if (!folder.isEmpty()) m_controller->addFolder(folder);
}

const LocalModelRow* ModelsView::rowOfKey(const QString& key) const
{
    const int r = m_model->rowOf(key);
    return r < 0 ? nullptr : &m_model->rows()[r];
}

void ModelsView::loadSelected()
{
    // An adapter row loads its model: that is what makes the adapter answer.
    QStringList models;
    for (const QString& key : selectedPaths()) {
        const LocalModelRow* row = rowOfKey(key);
        const QString path = row && row->isAdapter() ? row->basePath : key;
        if (!models.contains(path)) models << path;
    }
    for (const QString& path : models) m_controller->load(path);
}

void ModelsView::unloadSelected()
{
    for (const QString& key : selectedPaths())
        if (const LocalModelRow* row = rowOfKey(key); row && !row->isAdapter()) m_controller->unload(key);
}

void ModelsView::removeSelected()
{
    const QStringList keys = selectedPaths();
    int next = keys.isEmpty() ? -1 : m_model->rowOf(keys.last());
    QList<QPair<QString, QString>> adapters;
    QStringList models;
    for (const QString& key : keys) {
        const LocalModelRow* row = rowOfKey(key);
        if (row && row->isAdapter()) adapters << qMakePair(row->basePath, row->path);
        else models << key;
    }
    for (const auto& [model, adapter] : adapters) m_controller->removeAdapter(model, adapter);
    for (const QString& path : models) m_controller->remove(path);
    // Keep a row selected so Delete can be pressed again.
    if (next >= m_model->rowCount()) next = m_model->rowCount() - 1;
    if (next >= 0) m_table->selectRow(next);
}

void ModelsView::useSelected()
{
    for (const QString& key : selectedPaths()) {
        const LocalModelRow* row = rowOfKey(key);
        if (row && row->state() == LocalRowState::Loaded) {
            emit modelActivated(m_controller->providerId(), row->id());
            return;
        }
    }
}

void ModelsView::addAdapterWithDialog()
{
    const QStringList keys = selectedPaths();
    if (keys.size() != 1) return;
    const QString adapter = QFileDialog::getOpenFileName(this, tr("Add a LoRA adapter to %1").arg(QFileInfo(keys.first()).fileName()),
                                                         QString(), tr("LoRA adapters (*.gguf);;All files (*)"));
    if (!adapter.isEmpty()) addAdapterToSelected(adapter);
}

void ModelsView::addAdapterToSelected(const QString& adapterPath)
{
    const QStringList keys = selectedPaths();
    const LocalModelRow* row = keys.size() == 1 ? rowOfKey(keys.first()) : nullptr;
    if (!row || row->isAdapter() || !row->status) {
        showMessage(tr("Select one model to add the adapter %1 to.").arg(QDir::toNativeSeparators(adapterPath)), true);
        return;
    }
    m_controller->addAdapter(row->path, adapterPath);
}

void ModelsView::onAdapterAdded(const QString& modelPath, const QString& adapterPath, const QString& targetId,
                                const QString& error)
{
    if (targetId.isEmpty()) {
        showMessage(tr("Adapter not added: %1").arg(error), true);
        return;
    }
    m_messageBar->hide();
    m_table->clearSelection();
    LocalModelRow key;
    key.basePath = modelPath;
    key.path = adapterPath;
    selectPath(key.key());
}

void ModelsView::activate(const QModelIndex& index)
{
    if (!index.isValid()) return;
    const LocalModelRow& row = m_model->rows()[index.row()];
    // Enter or double-click does the next sensible thing: load, or use when loaded.
    if (row.state() == LocalRowState::Loaded) emit modelActivated(m_controller->providerId(), row.id());
    else if (row.isAdapter() && row.state() == LocalRowState::NotLoaded) m_controller->load(row.basePath);
    else if (!row.isAdapter() && (row.state() == LocalRowState::NotLoaded || (row.state() == LocalRowState::Failed && row.status)))
        m_controller->load(row.path);
}

void ModelsView::selectPath(const QString& path)
{
    const int r = m_model->rowOf(path);
    if (r >= 0) m_table->selectRow(r);
}

QStringList ModelsView::selectedPaths() const
{
    QStringList out;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        out << index.data(LocalModelTableModel::KeyRole).toString();
    return out;
}

QString ModelsView::messageText() const
{
    return m_messageBar->isVisibleTo(this) ? m_message->text() : QString();
}

QString ModelsView::summaryText() const
{
    return m_summary->text();
}

bool ModelsView::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyState;
}

// --- state -------------------------------------------------------------------------------

void ModelsView::refresh()
{
    const QStringList selected = selectedPaths();
    m_model->setRows(m_controller->rows());
    if (selectedPaths() != selected) {
        // A reset dropped the selection: take it back by path.
        for (const QString& path : selected) {
            const int r = m_model->rowOf(path);
            if (r >= 0)
                m_table->selectionModel()->select(m_model->index(r, 0),
                                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    // Something is always selected when there is something to show, so the details panel
    // is never blank next to a list.
    if (selectedPaths().isEmpty() && m_model->rowCount() > 0) m_table->selectRow(0);
    const bool empty = m_model->rowCount() == 0;
    m_stack->setCurrentWidget(empty && !m_controller->isAdding() ? m_emptyState : m_content);

    const int loaded = m_controller->loadedCount();
    QString summary;
    if (m_controller->isAdding()) summary = tr("reading files…");
    else if (!empty && loaded == 0) summary = tr("nothing loaded");
    else if (loaded > 0)
        summary = tr("%n loaded · %1 in use", nullptr, loaded).arg(ModelFormat::bytes(m_controller->memoryInUseBytes()));
    m_summary->setText(summary);
    updateButtons();
    updateDetails();
}

void ModelsView::updateButtons()
{
    bool canLoad = false;
    bool canUnload = false;
    bool canUse = false;
    const QStringList paths = selectedPaths();
    for (const QString& path : paths) {
        const int r = m_model->rowOf(path);
        if (r < 0) continue;
        const LocalModelRow& row = m_model->rows()[r];
        if (row.isAdapter()) {
            canUse = canUse || row.state() == LocalRowState::Loaded;
            canLoad = canLoad || row.state() == LocalRowState::NotLoaded;
            continue;
        }
        switch (row.state()) {
        case LocalRowState::NotLoaded: canLoad = true; break;
        case LocalRowState::Failed: canLoad = canLoad || row.status.has_value(); break;
        case LocalRowState::Loaded:
            canUnload = canUnload || !row.unloadPending;
            canUse = true;
            break;
        case LocalRowState::Loading: break;
        }
    }
    m_loadButton->setEnabled(canLoad);
    m_unloadButton->setEnabled(canUnload);
    m_removeButton->setEnabled(!paths.isEmpty());
    m_useButton->setEnabled(canUse);
    const LocalModelRow* single = paths.size() == 1 ? rowOfKey(paths.first()) : nullptr;
    m_addAdapterButton->setEnabled(single && !single->isAdapter() && single->status.has_value());
}

void ModelsView::updateDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QStringList paths = selectedPaths();
    int r = current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), {}) ? current.row() : -1;
    if (r < 0 && !paths.isEmpty()) r = m_model->rowOf(paths.first());
    if (r < 0) m_details->setRow(std::nullopt);
    else m_details->setRow(m_model->rows()[r]);
}

void ModelsView::onAddFinished(const QStringList& added, const QStringList& errors)
{
    if (!added.isEmpty()) {
        m_table->clearSelection();
        selectPath(added.last());
    }
    if (errors.isEmpty()) {
        m_messageBar->hide();
        return;
    }
    const QString text = errors.size() == 1
        ? tr("Not added: %1").arg(errors.first())
        : tr("%n file(s) not added:", nullptr, errors.size()) + QStringLiteral("\n• ") + errors.join(QStringLiteral("\n• "));
    showMessage(text, true);
}

void ModelsView::showMessage(const QString& text, bool isError)
{
    m_message->setText(text);
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, isError ? QColor(0xd0, 0x3a, 0x3a) : palette().color(QPalette::WindowText));
    m_message->setPalette(pal);
    m_messageBar->show();
}

// --- drag and drop -----------------------------------------------------------------------

void ModelsView::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedPaths(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ModelsView::dropEvent(QDropEvent* event)
{
    QStringList files;
    for (const QString& path : droppedPaths(event->mimeData())) {
        if (QFileInfo(path).isDir()) files << LocalModelController::ggufFilesIn(path);
        else files << path;
    }
    if (files.isEmpty()) return;
    event->acceptProposedAction();
    m_controller->addFiles(files);
}

} // namespace triad::widgets
