#pragma once
// The side-by-side playground: one session (shared system prompt, conversation and draft)
// answered by 1–6 panes at once, each bound to its own target and parameters, with live
// figures, a comparison row and the session's run history. Sessions save themselves
// (debounced) into the workspace; the last one reopens at start.
//
// Usage:
//   auto* view = new PlaygroundView(registry, bridge);
//   view->setWorkspace(workspace);   // opens the last session (or a new one)
//   view->runAll();                  // Ctrl+Enter

#include <cstdint>
#include <vector>

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "core/playground/RequestExport.h"
#include "core/playground/Session.h"

class QLabel;
class QSplitter;

namespace triad::store {
class Workspace;
struct RunRecord;
}

namespace triad::widgets {

class ChatRunBridge;
class ComparisonRow;
class PaneWidget;
class PromptEditor;
class ProviderRegistry;
class RunHistory;
class SessionBar;

class PlaygroundView : public QWidget {
    Q_OBJECT
public:
    PlaygroundView(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent = nullptr);
    ~PlaygroundView() override;

    /** Detaches from the previous workspace (saving and stopping) and opens the last
     *  session of `workspace`, or a new one. Null leaves the view empty and disabled. */
    void setWorkspace(store::Workspace* workspace);

    const playground::Session& session() const { return m_session; }
    int paneCount() const { return static_cast<int>(m_panes.size()); }
    PaneWidget* pane(int index) const;
    PromptEditor* promptEditor() const { return m_prompt; }
    RunHistory* history() const { return m_history; }
    SessionBar* sessionBar() const { return m_sessionBar; }
    ComparisonRow* comparisonRow() const { return m_comparison; }
    bool isRunning() const;

    // Actions (menus, shortcuts and buttons call these).
    void runAll();
    void stopAll();
    void runPane(int index);
    void stopPane(int index);
    void addPane();
    void removePane(int index);
    /** Binds pane `index` to `target` (as if picked in its header). */
    void setPaneTarget(int index, const playground::Target& target);
    /** Puts `target` into the playground: the first pane without a model takes it, else a
     *  new pane (up to 6), else the last pane. Returns the pane index used. */
    int useTarget(const playground::Target& target);
    void continueWith(int index);
    void exportPane(int index, playground::ExportFormat format);
    void editParams(int index);
    /** Adds pane `index`'s conversation (what it was sent, then its answer) as a pending
     *  example to the dataset `datasetName` (created when missing). The pane says what
     *  happened; false when nothing was added (no answer, a duplicate, an error). */
    bool addToDataset(int index, const QString& datasetName);
    /** Asks which dataset, then adds (the pane's "Add to dataset…"). */
    void addToDatasetInteractive(int index);
    void focusPane(int index);

    void newSession();
    void openSession(int64_t id);
    /** Asks for a name; renameSessionTo() does it without asking. */
    void renameSession();
    void renameSessionTo(const QString& name);
    void duplicateSession();
    /** Asks for confirmation; deleteSessionNow() does it without asking. */
    void deleteSession();
    void deleteSessionNow();

    /** Writes pending edits now (the debounce would do it shortly). False when it failed. */
    bool saveNow();
    /** How long edits wait before they are saved. */
    void setAutosaveDelayMs(int delayMs);

signals:
    /** The open session changed or was renamed. */
    void sessionChanged(const QString& name);
    /** Something went wrong that the person should read (save failed, …). */
    void problem(const QString& message);
    /** A pane's conversation was added to a dataset. */
    void exampleAdded(qint64 datasetId);
    /** The empty state's "Add a provider" was clicked. */
    void addProviderRequested();

private:
    void buildUi();
    void showSession(const playground::Session& session);
    void rebuildPanes();
    PaneWidget* createPane(int index);
    void reindexPanes();
    void updateParamSummaries();
    void updateComparison();
    void updateRunningState();
    void refreshSessionList();
    void reloadHistory();
    void restoreLastRuns();
    void showRunInPane(const store::RunRecord& run);
    void markDirty();
    void onTargetsChanged();
    playground::Target defaultTarget() const;
    std::string uniqueNewName() const;
    int indexOfPane(const PaneWidget* pane) const;

    ProviderRegistry* m_registry = nullptr;
    ChatRunBridge* m_bridge = nullptr;
    store::Workspace* m_workspace = nullptr;
    playground::Session m_session;
    bool m_dirty = false;
    QTimer m_saveTimer;
    QTimer m_comparisonTimer;   ///< live figures update the comparison a few times a second
    QTimer m_historyTimer;      ///< runs ending together reload the history once

    SessionBar* m_sessionBar = nullptr;
    PromptEditor* m_prompt = nullptr;
    QLabel* m_emptyProviders = nullptr;
    QSplitter* m_outerSplitter = nullptr;
    QSplitter* m_paneSplitter = nullptr;
    ComparisonRow* m_comparison = nullptr;
    RunHistory* m_history = nullptr;
    std::vector<PaneWidget*> m_panes;
};

} // namespace triad::widgets
