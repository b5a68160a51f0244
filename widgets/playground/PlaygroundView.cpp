#include "widgets/playground/PlaygroundView.h"

#include <algorithm>

#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/datasets/ChatExample.h"
#include "core/datasets/DatasetRepository.h"
#include "core/playground/SessionOps.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/AddToDatasetDialog.h"
#include "widgets/playground/ComparisonRow.h"
#include "widgets/playground/ExportDialog.h"
#include "widgets/playground/PaneParamsDialog.h"
#include "widgets/playground/PaneWidget.h"
#include "widgets/playground/PromptEditor.h"
#include "widgets/playground/RunHistory.h"
#include "widgets/playground/SessionBar.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

namespace {

constexpr int kDefaultAutosaveDelayMs = 500;
constexpr int kHistoryLimit = 200;
constexpr int kComparisonIntervalMs = 150;
constexpr int kHistoryReloadDelayMs = 250;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

PlaygroundView::PlaygroundView(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_bridge(bridge)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kDefaultAutosaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { saveNow(); });
    m_comparisonTimer.setSingleShot(true);
    m_comparisonTimer.setInterval(kComparisonIntervalMs);
    connect(&m_comparisonTimer, &QTimer::timeout, this, &PlaygroundView::updateComparison);
    m_historyTimer.setSingleShot(true);
    m_historyTimer.setInterval(kHistoryReloadDelayMs);
    connect(&m_historyTimer, &QTimer::timeout, this, &PlaygroundView::reloadHistory);
    buildUi();
    if (m_registry)
        connect(m_registry, &ProviderRegistry::targetsChanged, this, &PlaygroundView::onTargetsChanged);
    if (m_bridge) {
        connect(m_bridge, &ChatRunBridge::activeRunCountChanged, this, [this] { updateRunningState(); });
        connect(m_bridge, &ChatRunBridge::runStored, this, [this](qint64 sessionId, qint64) {
            if (sessionId == m_session.id && !m_historyTimer.isActive())
                m_historyTimer.start();
        });
    }
    setWorkspace(nullptr);
}

PlaygroundView::~PlaygroundView()
{
    saveNow();
}

void PlaygroundView::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(6);

    m_sessionBar = new SessionBar(this);
    layout->addWidget(m_sessionBar);
    m_prompt = new PromptEditor(this);
    layout->addWidget(m_prompt);

    m_emptyProviders = new QLabel(this);
    m_emptyProviders->setText(tr("Compare models side by side: add an OpenAI-compatible or Anthropic "
                                 "endpoint, pick a model per pane, write a message and press Ctrl+Enter. "
                                 "<a href=\"add\">Add a provider…</a>"));
    m_emptyProviders->setWordWrap(true);
    m_emptyProviders->setTextFormat(Qt::RichText);
    m_emptyProviders->hide();
    layout->addWidget(m_emptyProviders);
    connect(m_emptyProviders, &QLabel::linkActivated, this, &PlaygroundView::addProviderRequested);

    m_outerSplitter = new QSplitter(Qt::Horizontal, this);
    m_paneSplitter = new QSplitter(Qt::Horizontal, m_outerSplitter);
    m_paneSplitter->setChildrenCollapsible(false);
    m_history = new RunHistory(m_outerSplitter);
    m_history->hide();
    m_outerSplitter->setStretchFactor(0, 4);
    m_outerSplitter->setStretchFactor(1, 1);
    layout->addWidget(m_outerSplitter, 1);

    m_comparison = new ComparisonRow(this);
    layout->addWidget(m_comparison);

    connect(m_sessionBar, &SessionBar::sessionSelected, this, [this](qint64 id) { openSession(id); });
    connect(m_sessionBar, &SessionBar::newSessionRequested, this, &PlaygroundView::newSession);
    connect(m_sessionBar, &SessionBar::renameRequested, this, [this] { renameSession(); });
    connect(m_sessionBar, &SessionBar::duplicateRequested, this, &PlaygroundView::duplicateSession);
    connect(m_sessionBar, &SessionBar::deleteRequested, this, [this] { deleteSession(); });
    connect(m_sessionBar, &SessionBar::addPaneRequested, this, &PlaygroundView::addPane);
    connect(m_sessionBar, &SessionBar::runAllRequested, this, &PlaygroundView::runAll);
    connect(m_sessionBar, &SessionBar::stopAllRequested, this, &PlaygroundView::stopAll);
    connect(m_sessionBar, &SessionBar::historyToggled, m_history, &QWidget::setVisible);
    connect(m_history, &RunHistory::showInPaneRequested, this, &PlaygroundView::showRunInPane);

    connect(m_prompt, &PromptEditor::runRequested, this, &PlaygroundView::runAll);
    connect(m_prompt, &PromptEditor::edited, this, [this] {
        m_session.systemPrompt = m_prompt->systemPrompt().toStdString();
        m_session.draft = m_prompt->draft().toStdString();
        markDirty();
    });
    connect(m_prompt, &PromptEditor::clearConversationRequested, this, [this] {
        m_session.conversation.clear();
        m_prompt->setConversation(m_session.conversation);
        markDirty();
    });

    for (int i = 0; i < playground::kMaxPanes; ++i) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, i] { focusPane(i); });
    }
}

// --- workspace and sessions -------------------------------------------------------------

void PlaygroundView::setWorkspace(store::Workspace* workspace)
{
    if (m_workspace)
        saveNow();
    stopAll();
    m_workspace = workspace;
    m_session = {};
    m_dirty = false;
    setEnabled(workspace != nullptr);
    if (!workspace) {
        for (PaneWidget* p : m_panes)
            delete p;
        m_panes.clear();
        m_history->setRuns({});
        m_sessionBar->setSessions({}, 0);
        return;
    }
    int64_t lastId = 0;
    try {
        const auto stored = workspace->settings().value(store::SettingsRepository::kLastSessionId, 0);
        if (stored.is_number_integer())
            lastId = stored.get<int64_t>();
        if (lastId == 0) {
            const auto sessions = workspace->sessions().list();
            if (!sessions.empty())
                lastId = sessions.front().id;
        }
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    if (lastId != 0)
        openSession(lastId);
    if (m_session.id == 0)
        newSession();
}

void PlaygroundView::openSession(int64_t id)
{
    if (!m_workspace || (id == m_session.id && id != 0))
        return;
    std::optional<playground::Session> loaded;
    try {
        loaded = m_workspace->sessions().load(id);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    if (!loaded) {
        refreshSessionList();
        return;
    }
    saveNow();
    stopAll();
    showSession(*loaded);
    try {
        m_workspace->settings().set(store::SettingsRepository::kLastSessionId, m_session.id);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
}

void PlaygroundView::showSession(const playground::Session& session)
{
    m_session = session;
    if (m_session.panes.empty())
        playground::addPane(m_session, {defaultTarget(), true, {}});
    m_dirty = false;
    m_prompt->setSystemPrompt(qs(m_session.systemPrompt));
    m_prompt->setDraft(qs(m_session.draft));
    m_prompt->setConversation(m_session.conversation);
    rebuildPanes();
    restoreLastRuns();
    reloadHistory();
    refreshSessionList();
    emit sessionChanged(qs(m_session.name));
}

void PlaygroundView::newSession()
{
    if (!m_workspace)
        return;
    saveNow();
    stopAll();
    playground::Session session = playground::newSession(uniqueNewName(), defaultTarget());
    try {
        m_workspace->sessions().save(session);
        m_workspace->settings().set(store::SettingsRepository::kLastSessionId, session.id);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    showSession(session);
    m_prompt->focusDraft();
}

std::string PlaygroundView::uniqueNewName() const
{
    std::vector<std::string> names;
    if (m_workspace) {
        try {
            for (const auto& s : m_workspace->sessions().list())
                names.push_back(s.name);
        } catch (const store::StoreError&) {
            // A name clash is harmless; the list is only used to avoid one.
        }
    }
    const std::string base = tr("Untitled session").toStdString();
    if (std::find(names.begin(), names.end(), base) == names.end())
        return base;
    for (int n = 2;; ++n) {
        const std::string candidate = base + " " + std::to_string(n);
        if (std::find(names.begin(), names.end(), candidate) == names.end())
            return candidate;
    }
}

void PlaygroundView::renameSession()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename session"), tr("Name:"),
                                               QLineEdit::Normal, qs(m_session.name), &ok);
    if (ok)
        renameSessionTo(name);
}

void PlaygroundView::renameSessionTo(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || !m_workspace)
        return;
    m_session.name = trimmed.toStdString();
    m_dirty = true;
    if (saveNow()) {
        refreshSessionList();
        emit sessionChanged(trimmed);
    }
}

void PlaygroundView::duplicateSession()
{
    if (!m_workspace || !saveNow())
        return;
    try {
        playground::Session copy = m_workspace->sessions().duplicate(m_session.id);
        stopAll();
        showSession(copy);
        m_workspace->settings().set(store::SettingsRepository::kLastSessionId, copy.id);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
}

void PlaygroundView::deleteSession()
{
    const auto answer = QMessageBox::question(
        this, tr("Delete session"),
        tr("Delete the session \"%1\" and all of its runs? This cannot be undone.").arg(qs(m_session.name)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        deleteSessionNow();
}

void PlaygroundView::deleteSessionNow()
{
    if (!m_workspace)
        return;
    stopAll();
    m_saveTimer.stop();
    m_dirty = false;
    try {
        if (m_session.id != 0)
            m_workspace->sessions().remove(m_session.id);
        m_workspace->settings().remove(store::SettingsRepository::kLastSessionId);
        m_session = {};
        const auto rest = m_workspace->sessions().list();
        if (!rest.empty()) {
            openSession(rest.front().id);
            return;
        }
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    newSession();
}

void PlaygroundView::refreshSessionList()
{
    if (!m_workspace)
        return;
    try {
        m_sessionBar->setSessions(m_workspace->sessions().list(), m_session.id);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
}

void PlaygroundView::markDirty()
{
    m_dirty = true;
    m_saveTimer.start();
}

void PlaygroundView::setAutosaveDelayMs(int delayMs)
{
    m_saveTimer.setInterval(qMax(0, delayMs));
}

bool PlaygroundView::saveNow()
{
    m_saveTimer.stop();
    if (!m_workspace || m_session.name.empty())
        return false;   // no session shown yet: nothing to save
    if (!m_dirty && m_session.id != 0)
        return true;
    try {
        m_workspace->sessions().save(m_session);
        m_dirty = false;
        return true;
    } catch (const store::StoreError& e) {
        emit problem(tr("The session could not be saved: %1").arg(qs(e.what())));
        return false;
    }
}

// --- panes ------------------------------------------------------------------------------

PaneWidget* PlaygroundView::pane(int index) const
{
    return index >= 0 && index < paneCount() ? m_panes[static_cast<size_t>(index)] : nullptr;
}

int PlaygroundView::indexOfPane(const PaneWidget* pane) const
{
    const auto it = std::find(m_panes.begin(), m_panes.end(), pane);
    return it == m_panes.end() ? -1 : static_cast<int>(it - m_panes.begin());
}

void PlaygroundView::rebuildPanes()
{
    for (PaneWidget* p : m_panes)
        delete p;   // cancels what still runs there
    m_panes.clear();
    for (size_t i = 0; i < m_session.panes.size(); ++i)
        m_panes.push_back(createPane(static_cast<int>(i)));
    reindexPanes();
    onTargetsChanged();
}

PaneWidget* PlaygroundView::createPane(int index)
{
    auto* pane = new PaneWidget(index);
    m_paneSplitter->insertWidget(index, pane);
    if (m_registry)
        pane->setTargets(m_registry->targets());
    pane->setTarget(m_session.panes[static_cast<size_t>(index)].target);
    // Panes move when one before them closes: find the index at the time of the signal.
    connect(pane, &PaneWidget::targetChanged, this, [this, pane](const playground::Target& t) {
        const int i = indexOfPane(pane);
        if (i < 0)
            return;
        m_session.panes[static_cast<size_t>(i)].target = t;
        markDirty();
        updateComparison();
    });
    connect(pane, &PaneWidget::paramsRequested, this, [this, pane] { editParams(indexOfPane(pane)); });
    connect(pane, &PaneWidget::stopRequested, this, [this, pane] { stopPane(indexOfPane(pane)); });
    connect(pane, &PaneWidget::rerunRequested, this, [this, pane] { runPane(indexOfPane(pane)); });
    connect(pane, &PaneWidget::continueRequested, this, [this, pane] { continueWith(indexOfPane(pane)); });
    connect(pane, &PaneWidget::removeRequested, this, [this, pane] { removePane(indexOfPane(pane)); });
    connect(pane, &PaneWidget::addToDatasetRequested, this, [this, pane] { addToDatasetInteractive(indexOfPane(pane)); });
    connect(pane, &PaneWidget::exportRequested, this, [this, pane](playground::ExportFormat f) {
        exportPane(indexOfPane(pane), f);
    });
    // Six panes report figures ~30 times a second each: compare at most every 150 ms.
    connect(pane, &PaneWidget::figuresChanged, this, [this, pane] {
        if (!pane->isRunning())
            updateComparison();   // a final figure: show the verdict at once
        else if (!m_comparisonTimer.isActive())
            m_comparisonTimer.start();
    });
    return pane;
}

void PlaygroundView::reindexPanes()
{
    for (size_t i = 0; i < m_panes.size(); ++i) {
        m_panes[i]->setIndex(static_cast<int>(i));
        m_panes[i]->setRemovable(m_panes.size() > 1);
    }
    m_sessionBar->setCanAddPane(paneCount() < playground::kMaxPanes);
    updateParamSummaries();
    updateComparison();
}

void PlaygroundView::updateParamSummaries()
{
    for (size_t i = 0; i < m_panes.size(); ++i) {
        const bool follows = i > 0 && m_session.panes[i].sameParamsAsFirst;
        m_panes[i]->setParamSummary(
            PaneParamsDialog::summary(playground::effectiveParams(m_session, i)), follows);
    }
}

void PlaygroundView::addPane()
{
    if (paneCount() >= playground::kMaxPanes)
        return;
    // A new pane starts on the last pane's target: comparing usually means changing one thing.
    playground::PaneConfig config;
    config.target = m_session.panes.empty() ? defaultTarget() : m_session.panes.back().target;
    config.sameParamsAsFirst = true;
    if (!playground::addPane(m_session, config))
        return;
    m_panes.push_back(createPane(paneCount()));
    reindexPanes();
    markDirty();
}

void PlaygroundView::removePane(int index)
{
    if (index < 0 || index >= paneCount() || !playground::removePane(m_session, static_cast<size_t>(index)))
        return;
    PaneWidget* gone = m_panes[static_cast<size_t>(index)];
    m_panes.erase(m_panes.begin() + index);
    delete gone;
    reindexPanes();
    markDirty();
}

void PlaygroundView::setPaneTarget(int index, const playground::Target& target)
{
    PaneWidget* p = pane(index);
    if (!p)
        return;
    m_session.panes[static_cast<size_t>(index)].target = target;
    p->setTarget(target);
    markDirty();
    updateComparison();
}

int PlaygroundView::useTarget(const playground::Target& target)
{
    if (!m_workspace || paneCount() == 0)
        return -1;
    int index = -1;
    for (int i = 0; i < paneCount() && index < 0; ++i)
        if (m_session.panes[static_cast<size_t>(i)].target.model.empty())
            index = i;
    if (index < 0 && paneCount() < playground::kMaxPanes) {
        addPane();
        index = paneCount() - 1;
    }
    if (index < 0)
        index = paneCount() - 1;
    setPaneTarget(index, target);
    return index;
}

void PlaygroundView::focusPane(int index)
{
    if (PaneWidget* p = pane(index))
        p->focusTarget();
}

void PlaygroundView::onTargetsChanged()
{
    const bool haveProviders = m_registry && !m_registry->targets().isEmpty();
    m_emptyProviders->setVisible(!haveProviders);
    if (!m_registry)
        return;
    const auto targets = m_registry->targets();
    for (PaneWidget* p : m_panes)
        p->setTargets(targets);
}

playground::Target PlaygroundView::defaultTarget() const
{
    if (!m_registry)
        return {};
    for (const ProviderTarget& t : m_registry->targets())
        if (!t.models.isEmpty())
            return {t.providerId.toStdString(), t.models.first().toStdString()};
    const auto targets = m_registry->targets();
    return targets.isEmpty() ? playground::Target{} : playground::Target{targets.first().providerId.toStdString(), {}};
}

// --- running ----------------------------------------------------------------------------

void PlaygroundView::runAll()
{
    if (!m_workspace)
        return;
    const bool hasMessage = !m_prompt->draft().trimmed().isEmpty() || !m_session.conversation.empty();
    if (!hasMessage) {
        m_prompt->focusDraft();
        for (PaneWidget* p : m_panes)
            p->showNotice(tr("Write a message first: it is sent to every pane."), false);
        return;
    }
    saveNow();   // runs refer to the stored session
    for (int i = 0; i < paneCount(); ++i)
        runPane(i);
}

void PlaygroundView::runPane(int index)
{
    PaneWidget* p = pane(index);
    if (!p || !m_bridge)
        return;
    const playground::Target target = m_session.panes[static_cast<size_t>(index)].target;
    if (target.providerId.empty()) {
        p->clearAnswer();
        p->showNotice(tr("Choose a provider for this pane first (add one under Providers)."), true);
        return;
    }
    if (target.model.empty()) {
        p->clearAnswer();
        p->showNotice(tr("Choose or type a model name for this pane first."), true);
        return;
    }
    if (m_session.id == 0)
        saveNow();
    const providers::ChatRequest request = playground::buildRequest(m_session, static_cast<size_t>(index));
    RunInfo info;
    info.sessionId = m_session.id;
    info.paneIndex = index;
    info.target = target;
    std::shared_ptr<providers::Provider> provider;
    if (m_registry) {
        const QString providerId = qs(target.providerId);
        provider = m_registry->provider(providerId);
        if (const auto config = m_registry->config(providerId); config && !config->presetId.empty())
            info.priceProviderId = config->presetId;
    }
    p->attachRun(m_bridge->start(provider, request, info, p));
    updateRunningState();
}

void PlaygroundView::stopPane(int index)
{
    if (PaneWidget* p = pane(index); p && p->currentRun())
        p->currentRun()->cancel();
}

void PlaygroundView::stopAll()
{
    for (int i = 0; i < paneCount(); ++i)
        stopPane(i);
}

bool PlaygroundView::isRunning() const
{
    return std::any_of(m_panes.begin(), m_panes.end(), [](const PaneWidget* p) { return p->isRunning(); });
}

void PlaygroundView::updateRunningState()
{
    m_sessionBar->setRunning(isRunning());
}

void PlaygroundView::updateComparison()
{
    m_comparisonTimer.stop();
    std::vector<PaneFigures> figures;
    QStringList labels;
    for (const PaneWidget* p : m_panes) {
        figures.push_back(p->figures());
        labels << qs(p->target().label());
    }
    const std::vector<BestMarks> marks = comparePanes(figures);
    for (size_t i = 0; i < m_panes.size(); ++i)
        m_panes[i]->setBestMarks(marks[i]);
    m_comparison->update(figures, marks, labels);
}

void PlaygroundView::continueWith(int index)
{
    PaneWidget* p = pane(index);
    if (!p || p->isRunning())
        return;
    if (!playground::continueWithAnswer(m_session, static_cast<size_t>(index), p->answerText().toStdString(),
                                        p->reasoningText().toStdString()))
        return;
    m_prompt->setConversation(m_session.conversation);
    m_prompt->setDraft(QString());
    for (PaneWidget* each : m_panes)
        each->clearAnswer();
    updateComparison();
    markDirty();
    saveNow();
    m_prompt->focusDraft();
}

void PlaygroundView::exportPane(int index, playground::ExportFormat format)
{
    if (!pane(index))
        return;
    const playground::Target target = m_session.panes[static_cast<size_t>(index)].target;
    const auto config = m_registry ? m_registry->config(qs(target.providerId)) : std::nullopt;
    if (!config) {
        QMessageBox::information(this, tr("Export"),
                                 tr("Pane %1 has no configured endpoint to export for (\"%2\" is not a "
                                    "provider added under Providers).")
                                     .arg(index + 1)
                                     .arg(qs(target.providerId)));
        return;
    }
    const auto request = playground::buildRequest(m_session, static_cast<size_t>(index));
    const QString text = qs(playground::exportRequest(request, *config, format));
    const QString kind = format == playground::ExportFormat::Curl ? tr("curl")
                       : format == playground::ExportFormat::Python ? tr("Python")
                                                                     : tr("JSON");
    ExportDialog dialog(tr("Pane %1 as %2").arg(index + 1).arg(kind), text, this);
    dialog.exec();
}

void PlaygroundView::editParams(int index)
{
    if (!pane(index))
        return;
    auto& config = m_session.panes[static_cast<size_t>(index)];
    PaneParamsDialog dialog(index, config.params, config.sameParamsAsFirst, m_session.panes.front().params, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    config.sameParamsAsFirst = index > 0 && dialog.sameAsFirst();
    config.params = dialog.params();
    updateParamSummaries();
    markDirty();
}

// --- datasets ---------------------------------------------------------------------------

bool PlaygroundView::addToDataset(int index, const QString& datasetName)
{
    PaneWidget* p = pane(index);
    if (!p || !m_workspace || p->isRunning())
        return false;
    const QString answer = p->answerText();
    if (answer.isEmpty()) {
        p->showNotice(tr("This pane has no answer to add yet."), true);
        return false;
    }
    // What the pane was really sent, when its run is at hand; else what it would send now.
    const providers::ChatRequest request = p->currentRun() ? p->currentRun()->state().request
                                                           : playground::buildRequest(m_session, size_t(index));
    nlohmann::json metadata{{"source", "playground"},
                            {"target", m_session.panes[size_t(index)].target.label()},
                            {"session", m_session.name}};
    try {
        datasets::DatasetRepository repo(*m_workspace);
        const int64_t datasetId = repo.ensure(datasetName.toStdString());
        const auto added = repo.addExample(datasetId, datasets::exampleFromChat(request, answer.toStdString(), metadata));
        if (!added) {
            p->showNotice(tr("Already in \"%1\" (the same conversation was added before).").arg(datasetName), false);
            return false;
        }
        p->showNotice(tr("Added to \"%1\" as example #%2: review it in Labeling.").arg(datasetName).arg(*added), false);
        emit exampleAdded(datasetId);
        return true;
    } catch (const store::StoreError& e) {
        p->showNotice(tr("Could not add to \"%1\": %2").arg(datasetName, qs(e.what())), true);
        return false;
    }
}

void PlaygroundView::addToDatasetInteractive(int index)
{
    PaneWidget* p = pane(index);
    if (!p || !m_workspace)
        return;
    QStringList names;
    try {
        for (const auto& d : datasets::DatasetRepository(*m_workspace).list())
            names << qs(d.name);
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    const providers::ChatRequest request = p->currentRun() ? p->currentRun()->state().request
                                                           : playground::buildRequest(m_session, size_t(index));
    const int turns = int(request.messages.size()) + (request.system.empty() ? 0 : 1) + 1;
    AddToDatasetDialog dialog(names, names.isEmpty() ? tr("playground") : names.first(), turns, this);
    if (dialog.exec() == QDialog::Accepted)
        addToDataset(index, dialog.datasetName());
}

// --- history ----------------------------------------------------------------------------

void PlaygroundView::reloadHistory()
{
    if (!m_workspace || m_session.id == 0) {
        m_history->setRuns({});
        return;
    }
    try {
        m_history->setRuns(m_workspace->runs().listForSession(m_session.id, kHistoryLimit));
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
}

void PlaygroundView::restoreLastRuns()
{
    if (!m_workspace || m_session.id == 0)
        return;
    try {
        // Newest first: the first run seen for a pane is the one it showed last.
        std::vector<bool> shown(m_panes.size(), false);
        for (const auto& run : m_workspace->runs().listForSession(m_session.id, kHistoryLimit)) {
            const auto i = static_cast<size_t>(run.paneIndex);
            if (i < m_panes.size() && !shown[i]) {
                m_panes[i]->showRecord(run);
                shown[i] = true;
            }
        }
    } catch (const store::StoreError& e) {
        emit problem(qs(e.what()));
    }
    updateComparison();
}

void PlaygroundView::showRunInPane(const store::RunRecord& run)
{
    if (PaneWidget* p = pane(run.paneIndex); p && !p->isRunning())
        p->showRecord(run);
}

} // namespace triad::widgets
