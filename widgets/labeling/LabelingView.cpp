#include "widgets/labeling/LabelingView.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>

#include <algorithm>
#include <QTimer>
#include <QToolButton>
#include <QTableView>
#include <QVBoxLayout>

#include "core/datasets/ChatExample.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"
#include "widgets/ShortcutsOverlay.h"
#include "widgets/labeling/CandidatesPanel.h"
#include "widgets/labeling/DatasetExportDialog.h"
#include "widgets/labeling/DatasetTask.h"
#include "widgets/labeling/ExampleEditor.h"
#include "widgets/labeling/ExampleFilterBar.h"
#include "widgets/labeling/ExampleListModel.h"
#include "widgets/labeling/ImportDialog.h"
#include "widgets/labeling/ImportReportDialog.h"
#include "widgets/labeling/LabelingFormat.h"
#include "widgets/labeling/LabelingSession.h"

namespace triad::widgets {

namespace {

constexpr const char* kLastDatasetKey = "labeling.last_dataset";
constexpr int kDatasetIdRole = Qt::UserRole + 1;
constexpr int kDatasetNameRole = Qt::UserRole + 2;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

LabelingView::LabelingView(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_bridge(bridge)
    , m_session(new LabelingSession(this))
{
    buildUi();
    buildActions();
    connect(m_session, &LabelingSession::currentChanged, this, &LabelingView::onCurrentChanged);
    connect(m_session, &LabelingSession::countsChanged, this, &LabelingView::updateCounts);
    connect(m_session, &LabelingSession::problem, this, &LabelingView::showProblem);
    connect(m_session, &LabelingSession::allDone, this, [this] {
        m_problem->setStyleSheet(QString());
        m_problem->setText(tr("Every example in this list is labeled. Export it, or pick another filter."));
        m_problem->show();
    });
    setWorkspace(nullptr);
}

LabelingView::~LabelingView()
{
    setWorkspace(nullptr);
}

void LabelingView::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(6);

    // Counts, progress and pace.
    auto* top = new QHBoxLayout;
    m_counts = new QLabel(this);
    m_counts->setTextFormat(Qt::RichText);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(260);
    m_progress->setTextVisible(true);
    m_progress->setToolTip(tr("Labeled (accepted, rejected or skipped) of all examples"));
    m_pace = new QLabel(this);
    m_pace->setToolTip(tr("This session's pace: decisions per hour of active work (pauses over two minutes "
                          "count as two minutes)"));
    top->addWidget(m_counts, 1);
    top->addWidget(m_progress);
    top->addSpacing(12);
    top->addWidget(m_pace);
    layout->addLayout(top);

    m_filters = new ExampleFilterBar(this);
    layout->addWidget(m_filters);
    connect(m_filters, &ExampleFilterBar::changed, this, &LabelingView::applyFilter);

    // Background tasks: import progress with cancel, then the outcome.
    m_taskStrip = new QWidget(this);
    auto* strip = new QHBoxLayout(m_taskStrip);
    strip->setContentsMargins(0, 0, 0, 0);
    m_taskLabel = new QLabel(m_taskStrip);
    m_taskProgress = new QProgressBar(m_taskStrip);
    m_taskProgress->setMaximumWidth(260);
    m_taskCancel = new QPushButton(tr("Cancel"), m_taskStrip);
    m_taskReport = new QPushButton(tr("Show bad lines"), m_taskStrip);
    strip->addWidget(m_taskLabel, 1);
    strip->addWidget(m_taskProgress);
    strip->addWidget(m_taskCancel);
    strip->addWidget(m_taskReport);
    m_taskStrip->hide();
    layout->addWidget(m_taskStrip);
    connect(m_taskCancel, &QPushButton::clicked, this, [this] {
        for (const auto& t : m_tasks)
            if (t && t->kind() == DatasetTask::Kind::Import)
                t->cancel();
    });
    connect(m_taskReport, &QPushButton::clicked, this, [this] {
        if (m_report) {
            m_report->show();
            m_report->raise();
        }
    });

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    // Left: datasets over examples.
    auto* left = new QSplitter(Qt::Vertical, m_mainSplitter);
    auto* datasetBox = new QWidget(left);
    auto* dsLayout = new QVBoxLayout(datasetBox);
    dsLayout->setContentsMargins(0, 0, 0, 0);
    dsLayout->setSpacing(2);
    auto* dsButtons = new QHBoxLayout;
    m_importButton = new QPushButton(tr("Import…"), datasetBox);
    m_importButton->setToolTip(tr("Import a JSONL (chat, prompt/completion, preference) or CSV file"));
    m_exportButton = new QPushButton(tr("Export…"), datasetBox);
    m_exportButton->setToolTip(tr("Export SFT or preference JSONL, optionally split"));
    m_deleteButton = new QPushButton(tr("Delete…"), datasetBox);
    for (QPushButton* b : {m_importButton, m_exportButton, m_deleteButton}) {
        b->setFocusPolicy(Qt::NoFocus);
        dsButtons->addWidget(b);
    }
    dsLayout->addLayout(dsButtons);
    m_datasets = new QListWidget(datasetBox);
    m_datasets->setFocusPolicy(Qt::ClickFocus);
    dsLayout->addWidget(m_datasets, 1);
    connect(m_importButton, &QPushButton::clicked, this, &LabelingView::importInteractive);
    connect(m_exportButton, &QPushButton::clicked, this, &LabelingView::exportInteractive);
    connect(m_deleteButton, &QPushButton::clicked, this, [this] {
        if (m_session->datasetId() > 0)
            removeDataset(m_session->datasetId(), true);
    });
    connect(m_datasets, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item && !m_syncingList)
            openDataset(item->data(kDatasetIdRole).toLongLong());
    });

    auto* listBox = new QWidget(left);
    auto* listLayout = new QVBoxLayout(listBox);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_emptyState = new QLabel(listBox);
    m_emptyState->setWordWrap(true);
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setTextFormat(Qt::RichText);
    m_emptyState->setText(tr("Label fine-tuning data at keyboard speed.<br><br>"
                             "<a href=\"import\">Import a JSONL file…</a><br><br>"
                             "or send a playground answer here with \"Add to dataset\"."));
    connect(m_emptyState, &QLabel::linkActivated, this, &LabelingView::importInteractive);
    listLayout->addWidget(m_emptyState);
    // A table with fixed row heights: the view never asks a row for its height, and removing
    // a row costs a memmove, not a relayout of a million items (QTreeView's viewItems).
    m_list = new QTableView(listBox);
    m_list->setModel(m_session->model());
    m_list->verticalHeader()->hide();
    m_list->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_list->verticalHeader()->setDefaultSectionSize(m_list->fontMetrics().height() + 6);
    m_list->setShowGrid(false);
    m_list->setWordWrap(false);
    m_list->setCornerButtonEnabled(false);
    m_list->horizontalHeader()->setHighlightSections(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->horizontalHeader()->setStretchLastSection(false);
    m_list->horizontalHeader()->setSectionResizeMode(ExampleListModel::TextColumn, QHeaderView::Stretch);
    m_list->setColumnWidth(ExampleListModel::IdColumn, 64);
    m_list->setColumnWidth(ExampleListModel::StatusColumn, 70);
    m_list->setColumnWidth(ExampleListModel::RatingColumn, 62);
    m_list->setColumnWidth(ExampleListModel::LabelsColumn, 80);
    m_list->setColumnWidth(ExampleListModel::TokensColumn, 68);
    m_list->horizontalHeader()->setMinimumSectionSize(40);
    listLayout->addWidget(m_list, 1);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onListCurrentChanged(current); });
    connect(m_session->model(), &QAbstractItemModel::modelReset, this, [this] {
        // The reset dropped the selection model's current row: select the session's again.
        if (m_session->currentRow() >= 0)
            onCurrentChanged(m_session->currentRow(), m_session->currentId());
    });
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 6);
    left->setSizes({110, 700});

    // Right: the example over its candidates.
    auto* right = new QSplitter(Qt::Vertical, m_mainSplitter);
    auto* editorBox = new QWidget(right);
    auto* editorLayout = new QVBoxLayout(editorBox);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    m_editor = new ExampleEditor(editorBox);
    editorLayout->addWidget(m_editor, 1);
    auto* keys = new QHBoxLayout;
    auto addKeyButton = [&](const QString& text, const QString& tip, std::function<void()> fn) {
        auto* b = new QToolButton(editorBox);   // compact: the row must not widen the editor
        b->setText(text);
        b->setToolTip(tip);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QToolButton::clicked, this, fn);
        keys->addWidget(b);
    };
    addKeyButton(tr("A accept"), tr("Accept and go to the next pending example (A)"), [this] { m_session->accept(); });
    addKeyButton(tr("X reject"), tr("Reject and go to the next pending example (X)"), [this] { m_session->reject(); });
    addKeyButton(tr("Space skip"), tr("Skip and go to the next pending example (Space)"), [this] { m_session->skip(); });
    addKeyButton(tr("T tag"), tr("Add a label (T)"), [this] { m_editor->startTagging(m_session->knownLabels()); });
    addKeyButton(tr("N note"), tr("Write a note (N)"), [this] { m_editor->startNote(); });
    addKeyButton(tr("E edit"), tr("Edit the answer (E)"), [this] { m_editor->editAnswer(); });
    addKeyButton(tr("⟲ undo"), tr("Undo the last action, many levels deep (Ctrl+Z)"), [this] { m_session->undo(); });
    keys->addStretch(1);
    addKeyButton(tr("? keys"), tr("All shortcuts (?)"), [this] { showShortcuts(); });
    editorLayout->addLayout(keys);
    m_problem = new QLabel(editorBox);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    editorLayout->addWidget(m_problem);
    m_candidates = new CandidatesPanel(m_registry, m_bridge, right);
    // The example first; candidates below it, smaller until someone generates.
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setSizes({560, 220});
    m_mainSplitter->setStretchFactor(0, 4);
    m_mainSplitter->setStretchFactor(1, 5);
    m_mainSplitter->setSizes({560, 700});
    layout->addWidget(m_mainSplitter, 1);

    connect(m_editor, &ExampleEditor::messagesChanged, m_session, &LabelingSession::setMessages);
    connect(m_editor, &ExampleEditor::tagEntered, m_session, &LabelingSession::addLabel);
    connect(m_editor, &ExampleEditor::tagRemoved, m_session, &LabelingSession::removeLabel);
    connect(m_editor, &ExampleEditor::noteEntered, m_session, &LabelingSession::setNote);
    connect(m_editor, &ExampleEditor::ratingClicked, m_session, &LabelingSession::rate);
    connect(m_editor, &ExampleEditor::typingFinished, this, &LabelingView::focusList);
    connect(m_editor, &ExampleEditor::tagEntered, this, [this] { m_filters->setLabels(m_session->knownLabels()); });
    connect(m_candidates, &CandidatesPanel::useAnswerRequested, m_session, &LabelingSession::useAsAnswer);
    connect(m_candidates, &CandidatesPanel::savePairRequested, m_session, &LabelingSession::savePreferencePair);
    connect(m_candidates, &CandidatesPanel::problem, this, &LabelingView::showProblem);
}

QAction* LabelingView::keyAction(const QString& text, const QList<QKeySequence>& keys, std::function<void()> fn)
{
    auto* action = new QAction(text, this);
    action->setShortcuts(keys);
    // Only while the view (or a child) has focus; a text field's own keys win over these
    // single-letter shortcuts because editors claim printable keys (ShortcutOverride).
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, std::move(fn));
    addAction(action);
    m_keyActions << action;
    return action;
}

void LabelingView::buildActions()
{
    keyAction(tr("Labeling: accept"), {QKeySequence(Qt::Key_A)}, [this] { m_session->accept(); });
    keyAction(tr("Labeling: reject"), {QKeySequence(Qt::Key_X)}, [this] { m_session->reject(); });
    keyAction(tr("Labeling: skip"), {QKeySequence(Qt::Key_Space)}, [this] { m_session->skip(); });
    for (int r = 1; r <= 5; ++r)
        keyAction(tr("Labeling: rate %1").arg(r), {QKeySequence(Qt::Key(Qt::Key_0 + r))}, [this, r] { m_session->rate(r); });
    keyAction(tr("Labeling: clear the rating"), {QKeySequence(Qt::Key_0)}, [this] { m_session->clearRating(); });
    keyAction(tr("Labeling: add a label"), {QKeySequence(Qt::Key_T)},
              [this] { m_editor->startTagging(m_session->knownLabels()); });
    keyAction(tr("Labeling: note"), {QKeySequence(Qt::Key_N)}, [this] { m_editor->startNote(); });
    keyAction(tr("Labeling: edit the answer"), {QKeySequence(Qt::Key_E)}, [this] { m_editor->editAnswer(); });
    keyAction(tr("Labeling: generate candidates"), {QKeySequence(Qt::Key_G)}, [this] { m_candidates->generate(); });
    keyAction(tr("Labeling: next example"), {QKeySequence(Qt::Key_J), QKeySequence(Qt::Key_Down)},
              [this] { m_session->next(); });
    keyAction(tr("Labeling: previous example"), {QKeySequence(Qt::Key_K), QKeySequence(Qt::Key_Up)},
              [this] { m_session->previous(); });
    keyAction(tr("Labeling: undo"), {QKeySequence::Undo}, [this] { m_session->undo(); });
    keyAction(tr("Labeling: search"), {QKeySequence::Find}, [this] { m_filters->focusSearch(); });
    connect(m_filters->searchField(), &QLineEdit::returnPressed, this, &LabelingView::focusList);
}

void LabelingView::setWorkspace(store::Workspace* workspace)
{
    // Tasks hold their own connection to the old file: let them end first.
    for (const auto& t : m_tasks)
        delete t.data();
    m_tasks.clear();
    m_candidates->stop();
    m_workspace = workspace;
    m_session->setRepository(nullptr);
    m_repository.reset();
    if (workspace) {
        m_repository = std::make_unique<datasets::DatasetRepository>(*workspace);
        m_session->setRepository(m_repository.get());
    }
    setEnabled(workspace != nullptr);
    m_filters->setFilter({.status = datasets::ExampleStatus::Pending}, false);
    m_datasets->clear();
    refresh();
    if (!workspace)
        return;
    int64_t last = 0;
    try {
        const auto stored = workspace->settings().value(kLastDatasetKey, 0);
        if (stored.is_number_integer())
            last = stored.get<int64_t>();
    } catch (const store::StoreError& e) {
        showProblem(qs(e.what()));
    }
    if ((last == 0 || !m_repository->info(last)) && m_datasets->count() > 0)
        last = m_datasets->item(0)->data(kDatasetIdRole).toLongLong();
    if (last > 0)
        openDataset(last);
}

void LabelingView::refresh()
{
    const int64_t current = m_session->datasetId();
    m_syncingList = true;
    m_datasets->clear();
    std::vector<datasets::DatasetInfo> list;
    if (m_repository) {
        try {
            list = m_repository->list();
        } catch (const store::StoreError& e) {
            showProblem(qs(e.what()));
        }
    }
    for (const auto& d : list) {
        auto* item = new QListWidgetItem(tr("%1 (%2)").arg(qs(d.name), LabelingFormat::count(d.exampleCount)), m_datasets);
        item->setData(kDatasetIdRole, QVariant::fromValue<qint64>(d.id));
        item->setData(kDatasetNameRole, qs(d.name));
        if (d.id == current)
            m_datasets->setCurrentItem(item);
    }
    m_syncingList = false;
    const bool any = !list.empty();
    m_emptyState->setVisible(!any);
    m_list->setVisible(any);
    m_exportButton->setEnabled(current > 0);
    m_deleteButton->setEnabled(current > 0);
    if (current > 0) {
        const auto it = std::find_if(list.begin(), list.end(), [&](const auto& d) { return d.id == current; });
        if (it == list.end())
            openDataset(0);
        else if (it->exampleCount != m_session->counts().total())
            m_session->reload();   // an import or "Add to dataset" changed it
    }
}

void LabelingView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Sizes given while the view was hidden in the stack are lost to its first layout: give
    // the list its share once the view has its real width.
    if (!m_splitterSized && width() > 600) {
        m_splitterSized = true;
        const int listWidth = std::clamp(width() * 2 / 5, 360, 640);
        m_mainSplitter->setSizes({listWidth, width() - listWidth});
    }
    if (m_repository)
        refresh();
    focusList();
}

void LabelingView::openDataset(int64_t datasetId)
{
    m_problem->hide();
    m_candidates->stop();
    if (datasetId > 0 && datasetId == m_session->datasetId())
        return;
    m_filters->setLabels({});
    m_datasetName.clear();
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->data(kDatasetIdRole).toLongLong() == datasetId)
            m_datasetName = m_datasets->item(i)->data(kDatasetNameRole).toString();
    m_session->open(datasetId, m_filters->filter(), m_filters->descending());
    m_filters->setLabels(m_session->knownLabels());
    m_syncingList = true;
    for (int i = 0; i < m_datasets->count(); ++i)
        if (m_datasets->item(i)->data(kDatasetIdRole).toLongLong() == datasetId)
            m_datasets->setCurrentRow(i);
    m_syncingList = false;
    m_exportButton->setEnabled(datasetId > 0);
    m_deleteButton->setEnabled(datasetId > 0);
    rememberDataset(datasetId);
    focusList();
}

void LabelingView::rememberDataset(int64_t datasetId)
{
    if (!m_workspace || datasetId <= 0)
        return;
    try {
        m_workspace->settings().set(kLastDatasetKey, datasetId);
    } catch (const store::StoreError& e) {
        showProblem(qs(e.what()));
    }
}

void LabelingView::applyFilter()
{
    m_session->setFilter(m_filters->filter(), m_filters->descending());
}

void LabelingView::onCurrentChanged(int row, qint64 exampleId)
{
    m_syncingList = true;
    if (row >= 0) {
        const QModelIndex index = m_session->model()->index(row, 0);
        m_list->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_list->scrollTo(index);
    } else {
        m_list->selectionModel()->clearSelection();
    }
    m_syncingList = false;
    const auto example = exampleId > 0 ? m_session->current() : std::nullopt;
    QString empty;
    if (!m_repository)
        empty = tr("Open a workspace to label datasets.");
    else if (m_session->datasetId() <= 0)
        empty = tr("Import a JSONL file or pick a dataset on the left.");
    else
        empty = tr("No example matches these filters.");
    m_editor->setExample(example, empty);
    if (example)
        m_candidates->setPrompt(example->isPreferencePair() ? example->messages
                                                            : datasets::promptMessages(example->messages));
    else
        m_candidates->setPrompt(nlohmann::json::array());
    if (exampleId > 0 && m_problem->isVisible() && m_session->counts().pending > 0)
        m_problem->hide();
}

void LabelingView::onListCurrentChanged(const QModelIndex& index)
{
    if (m_syncingList || !index.isValid())
        return;
    m_session->setCurrentRow(index.row());
}

void LabelingView::updateCounts()
{
    const StatusCounts& c = m_session->counts();
    const QString name = m_session->datasetId() > 0 ? m_datasetName : QString();
    auto part = [](datasets::ExampleStatus s, qint64 n) {
        return QStringLiteral("<span style=\"color:%1\">●</span> %2 %3")
            .arg(LabelingFormat::statusColor(s).name(), LabelingFormat::status(s).toHtmlEscaped(),
                 LabelingFormat::count(n));
    };
    if (name.isEmpty()) {
        m_counts->setText(tr("No dataset open"));
    } else {
        m_counts->setText(tr("<b>%1</b> (%2) — %3 · %4 · %5 · %6")
                              .arg(name.toHtmlEscaped(), LabelingFormat::count(c.total()),
                                   part(datasets::ExampleStatus::Pending, c.pending),
                                   part(datasets::ExampleStatus::Accepted, c.accepted),
                                   part(datasets::ExampleStatus::Rejected, c.rejected),
                                   part(datasets::ExampleStatus::Skipped, c.skipped)));
    }
    // QProgressBar holds ints: scale so a million examples still fit.
    m_progress->setRange(0, 1000);
    m_progress->setValue(c.total() > 0 ? int(c.done() * 1000 / c.total()) : 0);
    m_progress->setFormat(c.total() > 0 ? tr("%1 of %2 labeled").arg(LabelingFormat::count(c.done()),
                                                                      LabelingFormat::count(c.total()))
                                        : QString());
    m_pace->setText(tr("pace: %1").arg(LabelingFormat::pace(m_session->pace().perHour())));
    // The dataset list shows counts too; they change with imports, not with labels.
}

DatasetTask* LabelingView::startImport(const QString& file, const QString& name, const datasets::ImportOptions& options)
{
    if (!m_repository || !m_workspace)
        return nullptr;
    int64_t datasetId = 0;
    try {
        datasetId = m_repository->ensure(name.toStdString());
    } catch (const store::StoreError& e) {
        showProblem(tr("Cannot import into \"%1\": %2").arg(name, qs(e.what())));
        return nullptr;
    }
    refresh();
    auto* task = DatasetTask::importFile(qs(m_workspace->path()), datasetId, file, options, this);
    task->setObjectName(file);
    m_tasks << task;
    connect(task, &DatasetTask::importProgress, this,
            [this](qint64 bytes, qint64 total, qint64 imported, qint64 duplicates, qint64 rejected) {
                m_taskProgress->setRange(0, 1000);
                m_taskProgress->setValue(total > 0 ? int(bytes * 1000 / total) : 0);
                m_taskLabel->setText(tr("Importing… %1 imported · %2 duplicates · %3 bad lines")
                                         .arg(LabelingFormat::count(imported), LabelingFormat::count(duplicates),
                                              LabelingFormat::count(rejected)));
            });
    connect(task, &DatasetTask::finished, this, [this, task] { onTaskFinished(task); });
    m_taskLabel->setText(tr("Importing %1…").arg(QFileInfo(file).fileName()));
    m_taskProgress->setRange(0, 0);
    updateTaskUi();
    return task;
}

DatasetTask* LabelingView::startExport(const QString& file, const datasets::ExportOptions& options,
                                       const QString& validationFile, double validationFraction, quint64 seed)
{
    if (!m_workspace || m_session->datasetId() <= 0)
        return nullptr;
    const QString path = qs(m_workspace->path());
    DatasetTask* task = validationFile.isEmpty()
                          ? DatasetTask::exportFile(path, m_session->datasetId(), file, options, this)
                          : DatasetTask::exportSplit(path, m_session->datasetId(), file, validationFile,
                                                     validationFraction, seed, options, this);
    task->setObjectName(file);
    m_tasks << task;
    connect(task, &DatasetTask::finished, this, [this, task] { onTaskFinished(task); });
    m_taskLabel->setText(tr("Exporting to %1…").arg(QFileInfo(file).fileName()));
    m_taskProgress->setRange(0, 0);
    updateTaskUi();
    return task;
}

DatasetTask* LabelingView::removeDataset(int64_t datasetId, bool ask)
{
    if (!m_workspace || !m_repository || datasetId <= 0)
        return nullptr;
    QString name;
    qint64 count = 0;
    try {
        if (const auto info = m_repository->info(datasetId)) {
            name = qs(info->name);
            count = info->exampleCount;
        }
    } catch (const store::StoreError& e) {
        showProblem(qs(e.what()));
        return nullptr;
    }
    if (ask) {
        const auto answer = QMessageBox::question(
            this, tr("Delete dataset"),
            tr("Delete the dataset \"%1\" with its %2 examples, labels and history? This cannot be undone.")
                .arg(name, LabelingFormat::count(count)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return nullptr;
    }
    if (m_session->datasetId() == datasetId)
        openDataset(0);
    auto* task = DatasetTask::removeDataset(qs(m_workspace->path()), datasetId, this);
    task->setObjectName(name);
    m_tasks << task;
    connect(task, &DatasetTask::finished, this, [this, task] { onTaskFinished(task); });
    m_taskLabel->setText(tr("Deleting %1…").arg(name));
    m_taskProgress->setRange(0, 0);
    updateTaskUi();
    return task;
}

void LabelingView::updateTaskUi()
{
    bool running = false, importing = false;
    for (const auto& t : m_tasks) {
        running |= t && t->isRunning();
        importing |= t && t->isRunning() && t->kind() == DatasetTask::Kind::Import;
    }
    m_taskStrip->setVisible(running || !m_taskLabel->text().isEmpty());
    m_taskProgress->setVisible(running);
    m_taskCancel->setVisible(importing);
    m_taskReport->setVisible(!running && m_report);
}

void LabelingView::onTaskFinished(DatasetTask* task)
{
    m_tasks.removeAll(task);
    task->deleteLater();
    const DatasetTask::Result& r = task->result();
    const QString target = task->objectName();
    if (!r.ok) {
        m_taskLabel->setText(QString());
        showProblem(task->kind() == DatasetTask::Kind::Import ? tr("Import of %1 failed: %2").arg(target, r.error)
                    : task->kind() == DatasetTask::Kind::Remove ? tr("Deleting %1 failed: %2").arg(target, r.error)
                                                                 : tr("Export to %1 failed: %2").arg(target, r.error));
    } else if (r.imported) {
        m_taskLabel->setText(tr("%1: %2").arg(QFileInfo(target).fileName(), ImportReportDialog::summaryLine(*r.imported)));
        delete m_report.data();
        m_report = new ImportReportDialog(target, *r.imported, m_repository.get(), task->datasetId(), this);
        if (r.imported->rejected > 0)
            m_report->show();   // not modal: labeling can go on while reading it
    } else if (r.exported) {
        const auto& e = *r.exported;
        if (task->kind() == DatasetTask::Kind::Split)
            m_taskLabel->setText(tr("Exported %1 training and %2 validation examples to %3 (%4 skipped)")
                                     .arg(LabelingFormat::count(e.trainWritten), LabelingFormat::count(e.validationWritten),
                                          target, LabelingFormat::count(e.skipped)));
        else
            m_taskLabel->setText(tr("Exported %1 examples to %2 (%3 skipped: not expressible in this format)")
                                     .arg(LabelingFormat::count(e.written), target, LabelingFormat::count(e.skipped)));
    } else {
        m_taskLabel->setText(tr("Deleted %1.").arg(target));
    }
    if (task->kind() == DatasetTask::Kind::Import || task->kind() == DatasetTask::Kind::Remove) {
        refresh();
        if (task->kind() == DatasetTask::Kind::Import && m_session->datasetId() != task->datasetId())
            openDataset(task->datasetId());
        else if (task->kind() == DatasetTask::Kind::Remove && m_session->datasetId() <= 0 && m_datasets->count() > 0)
            openDataset(m_datasets->item(0)->data(kDatasetIdRole).toLongLong());
    }
    updateTaskUi();
}

void LabelingView::importInteractive()
{
    if (!m_repository)
        return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a dataset"), QString(),
                                                      tr("Datasets (*.jsonl *.json *.csv *.tsv);;All files (*)"));
    if (file.isEmpty())
        return;
    QStringList names;
    try {
        for (const auto& d : m_repository->list())
            names << qs(d.name);
    } catch (const store::StoreError& e) {
        showProblem(qs(e.what()));
    }
    ImportDialog dialog(file, names, this);
    if (dialog.exec() == QDialog::Accepted)
        startImport(file, dialog.datasetName(), dialog.options());
}

void LabelingView::exportInteractive()
{
    if (!m_repository || m_session->datasetId() <= 0)
        return;
    QString name;
    try {
        if (const auto info = m_repository->info(m_session->datasetId()))
            name = qs(info->name);
    } catch (const store::StoreError&) {
    }
    DatasetExportDialog dialog(name, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    startExport(dialog.outputFile(), dialog.options(), dialog.split() ? dialog.validationFile() : QString(),
                dialog.validationFraction(), dialog.seed());
}

ImportReportDialog* LabelingView::lastImportReport() const
{
    return m_report.data();
}

void LabelingView::showShortcuts()
{
    if (!m_overlay)
        m_overlay = new ShortcutsOverlay(this);
    m_overlay->setShortcuts(m_keyActions, {{tr("Labeling: save an edited message"), tr("Ctrl+Enter")},
                                           {tr("Labeling: cancel an edit, a label or a note"), tr("Esc")}});
    m_overlay->show();
    m_overlay->raise();
}

void LabelingView::showProblem(const QString& message)
{
    m_problem->setStyleSheet(QStringLiteral("color: #d13c3c"));
    m_problem->setText(message);
    m_problem->show();
    emit problem(message);
}

void LabelingView::focusList()
{
    if (m_list->isVisible())
        m_list->setFocus(Qt::OtherFocusReason);
    else
        setFocus(Qt::OtherFocusReason);
}

} // namespace triad::widgets
