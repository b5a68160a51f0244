#pragma once
// What the labeling view does, without the widgets: the current example of a dataset
// listing, the label actions (each committed at once through DatasetRepository, with its
// history row, so Ctrl+Z undoes it), "move on to the next pending example", counts by
// status and this session's pace.
//
// Decisions (accept, reject, skip) move on; annotations (rating, labels, note, edits) stay
// on the example so it can be rated and then accepted.
//
// Usage:
//   LabelingSession session;
//   session.setRepository(&repo);
//   session.open(datasetId, {.status = ExampleStatus::Pending}, false);
//   session.accept();          // committed, then the next pending example is current
//   session.undo();            // back, and that example is current again

#include <cstdint>
#include <optional>

#include <QObject>

#include <nlohmann/json.hpp>

#include "core/datasets/Example.h"
#include "widgets/labeling/PaceMeter.h"

namespace triad::datasets {
class DatasetRepository;
}

namespace triad::widgets {

class ExampleListModel;

struct StatusCounts {
    qint64 pending = 0;
    qint64 accepted = 0;
    qint64 rejected = 0;
    qint64 skipped = 0;
    qint64 total() const { return pending + accepted + rejected + skipped; }
    qint64 done() const { return accepted + rejected + skipped; }
    qint64& of(datasets::ExampleStatus status);
};

class LabelingSession : public QObject {
    Q_OBJECT
public:
    explicit LabelingSession(QObject* parent = nullptr);

    /** May be null (nothing is shown). Must outlive the session or be reset first. */
    void setRepository(datasets::DatasetRepository* repository);
    datasets::DatasetRepository* repository() const { return m_repository; }
    ExampleListModel* model() const { return m_model; }

    /** Lists `datasetId` with `filter` and makes its first pending example current. */
    void open(int64_t datasetId, const datasets::ExampleFilter& filter, bool descending);
    /** Same dataset, another filter or order; the current example stays when it still matches. */
    void setFilter(const datasets::ExampleFilter& filter, bool descending);
    /** Counts and the list again (after an import into it, or outside changes). */
    void reload();
    int64_t datasetId() const { return m_datasetId; }

    int currentRow() const { return m_currentRow; }
    int64_t currentId() const { return m_currentId; }
    /** The current example as stored now (nullopt when there is none). */
    std::optional<datasets::Example> current() const;
    /** Makes `row` current (clamped; -1 = none). */
    void setCurrentRow(int row);
    /** Makes `exampleId` current, selecting its row when the listing shows it. */
    void setCurrentExample(int64_t exampleId);

    // Decisions: committed, then the next pending example becomes current.
    bool accept();
    bool reject();
    bool skip();
    // Annotations: committed; the example stays current.
    bool rate(int rating);
    bool clearRating();
    bool addLabel(const QString& label);
    bool removeLabel(const QString& label);
    bool setNote(const QString& note);
    bool setMessages(const nlohmann::json& messages);
    /** The candidate `text` becomes the assistant answer (replacing the last assistant turn, or
     *  added after the prompt). */
    bool useAsAnswer(const QString& text);
    /** Prompt + chosen/rejected answers as a preference pair. */
    bool savePreferencePair(const QString& chosen, const QString& rejected);
    /** Reverts the newest action on this dataset; its example becomes current. */
    bool undo();
    qint64 undoDepth() const;

    void next();
    void previous();

    const StatusCounts& counts() const { return m_counts; }
    const PaceMeter& pace() const { return m_pace; }
    /** Labels used in this dataset (for completion), sorted. */
    QStringList knownLabels() const;

signals:
    /** The current example changed or was edited (`exampleId` 0 = none). */
    void currentChanged(int row, qint64 exampleId);
    void countsChanged();
    /** Every pending example is labeled. */
    void allDone();
    /** An action failed; plain words naming the example and the reason. */
    void problem(const QString& message);

private:
    bool decide(datasets::ExampleStatus status);
    /** Runs `action` on the current example; refreshes its row and the counts. */
    template <typename Fn>
    bool act(Fn&& action);
    void afterChange(bool keepCurrent);
    void recount();

    datasets::DatasetRepository* m_repository = nullptr;
    ExampleListModel* m_model = nullptr;
    int64_t m_datasetId = 0;
    int m_currentRow = -1;
    int64_t m_currentId = 0;
    StatusCounts m_counts;
    PaceMeter m_pace;
};

} // namespace triad::widgets
