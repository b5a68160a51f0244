#pragma once
// The labeling view: build a fine-tuning dataset at keyboard speed.
//
//   ┌ datasets ─┬ filters: status · label · rating · search · length · order ──────────┐
//   │ support ▸ │ pending 9,112 · accepted 2,901 · rejected 395   [████░░] 412 / hour  │
//   ├ examples ─┼───────────────────────────────────────────────────────────────────────┤
//   │ #1042 …   │ conversation as chat bubbles (edit, reorder, weight) · rating · labels │
//   │ (virtual) │ candidates: up to four targets side by side                           │
//   └───────────┴───────────────────────────────────────────────────────────────────────┘
//
// Keys (only while the view has focus, never while typing in a field): A accept, X reject,
// Space skip, 1–5 rate, T tag, N note, E edit the answer, G generate candidates, J/K or
// arrows next/previous, Ctrl+Z undo, Ctrl+F search. Every action is written to the
// workspace at once (DatasetRepository); decisions move on to the next pending example.
// Imports, exports and deletes run in the background (DatasetTask).

#include <functional>
#include <memory>

#include <QPointer>
#include <QWidget>

#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetExporter.h"

class QAction;
class QModelIndex;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;

namespace triad::store {
class Workspace;
}
namespace triad::datasets {
class DatasetRepository;
}

namespace triad::widgets {

class CandidatesPanel;
class ChatRunBridge;
class DatasetTask;
class ExampleEditor;
class ExampleFilterBar;
class ImportReportDialog;
class LabelingSession;
class ProviderRegistry;
class ShortcutsOverlay;

class LabelingView : public QWidget {
    Q_OBJECT
public:
    LabelingView(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent = nullptr);
    ~LabelingView() override;

    /** Shows the datasets of `workspace` (null: empty and disabled; running tasks end first). */
    void setWorkspace(store::Workspace* workspace);

    /** Imports `file` into the dataset `name` (created when missing) in the background. */
    DatasetTask* startImport(const QString& file, const QString& name, const datasets::ImportOptions& options);
    /** Exports the open dataset in the background (`validationFile` empty: no split). */
    DatasetTask* startExport(const QString& file, const datasets::ExportOptions& options,
                             const QString& validationFile = {}, double validationFraction = 0.1, quint64 seed = 42);
    /** Deletes a dataset in the background (after asking, when `ask`). */
    DatasetTask* removeDataset(int64_t datasetId, bool ask);
    void openDataset(int64_t datasetId);
    /** Lists the datasets again (names and counts) and reloads the open one when it changed. */
    void refresh();

    // Dialog-driven entry points (menus, buttons).
    void importInteractive();
    void exportInteractive();
    void showShortcuts();

    LabelingSession* session() const { return m_session; }
    ExampleEditor* editor() const { return m_editor; }
    QTableView* exampleList() const { return m_list; }
    QListWidget* datasetList() const { return m_datasets; }
    ExampleFilterBar* filterBar() const { return m_filters; }
    CandidatesPanel* candidates() const { return m_candidates; }
    QLabel* countsLabel() const { return m_counts; }
    QLabel* paceLabel() const { return m_pace; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* taskLabel() const { return m_taskLabel; }
    /** The report of the last import (shown by itself when it had bad lines). */
    ImportReportDialog* lastImportReport() const;
    /** The view's keyboard actions (for the window's shortcut overlay). */
    QList<QAction*> keyActions() const { return m_keyActions; }

signals:
    void problem(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildUi();
    void buildActions();
    QAction* keyAction(const QString& text, const QList<QKeySequence>& keys, std::function<void()> fn);
    void onCurrentChanged(int row, qint64 exampleId);
    void onListCurrentChanged(const QModelIndex& index);
    void updateCounts();
    void updateTaskUi();
    void onTaskFinished(DatasetTask* task);
    void showProblem(const QString& message);
    void focusList();
    void applyFilter();
    void rememberDataset(int64_t datasetId);

    ProviderRegistry* m_registry = nullptr;
    ChatRunBridge* m_bridge = nullptr;
    store::Workspace* m_workspace = nullptr;
    std::unique_ptr<datasets::DatasetRepository> m_repository;
    LabelingSession* m_session = nullptr;
    QList<QPointer<DatasetTask>> m_tasks;
    QPointer<ImportReportDialog> m_report;
    ShortcutsOverlay* m_overlay = nullptr;
    QList<QAction*> m_keyActions;
    bool m_syncingList = false;
    QString m_datasetName;   ///< of the open dataset (the header is redrawn on every action)

    QListWidget* m_datasets = nullptr;
    QPushButton* m_importButton = nullptr;
    QPushButton* m_exportButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    ExampleFilterBar* m_filters = nullptr;
    QLabel* m_counts = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_pace = nullptr;
    QWidget* m_taskStrip = nullptr;
    QLabel* m_taskLabel = nullptr;
    QProgressBar* m_taskProgress = nullptr;
    QPushButton* m_taskCancel = nullptr;
    QPushButton* m_taskReport = nullptr;
    QLabel* m_emptyState = nullptr;
    QTableView* m_list = nullptr;
    ExampleEditor* m_editor = nullptr;
    CandidatesPanel* m_candidates = nullptr;
    QLabel* m_problem = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    bool m_splitterSized = false;
};

} // namespace triad::widgets
