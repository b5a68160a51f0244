#pragma once
// A slow dataset job (import, export, delete) on a worker thread, so the window keeps
// responding while a 500 MB file streams in. The worker opens its own connection to the
// workspace file (SQLite in WAL mode lets the GUI keep reading and labeling meanwhile);
// progress and the outcome come back as queued signals carrying values.
//
// The task owns its worker: destroying the task cancels an import and waits for the
// worker to end, so no callback ever reaches a dead object.
//
// Usage:
//   auto* task = DatasetTask::importFile(workspacePath, datasetId, "train.jsonl", {}, this);
//   connect(task, &DatasetTask::importProgress, bar, ...);
//   connect(task, &DatasetTask::finished, this, [task] { ...; task->deleteLater(); });
//   task->cancel();

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include <QFuture>
#include <QObject>
#include <QString>

#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetImporter.h"

namespace triad::widgets {

class DatasetTask : public QObject {
    Q_OBJECT
public:
    enum class Kind { Import = 1, Export, Split, Remove };

    struct Result {
        bool ok = false;
        QString error;                                   ///< plain words, when !ok
        std::optional<datasets::ImportSummary> imported;
        std::optional<datasets::ExportSummary> exported;
    };

    static DatasetTask* importFile(const QString& workspacePath, int64_t datasetId, const QString& file,
                                   datasets::ImportOptions options, QObject* parent);
    static DatasetTask* exportFile(const QString& workspacePath, int64_t datasetId, const QString& file,
                                   const datasets::ExportOptions& options, QObject* parent);
    static DatasetTask* exportSplit(const QString& workspacePath, int64_t datasetId, const QString& trainFile,
                                    const QString& validationFile, double validationFraction, uint64_t seed,
                                    const datasets::ExportOptions& options, QObject* parent);
    static DatasetTask* removeDataset(const QString& workspacePath, int64_t datasetId, QObject* parent);

    ~DatasetTask() override;

    Kind kind() const { return m_kind; }
    int64_t datasetId() const { return m_datasetId; }
    bool isRunning() const { return m_running; }
    const Result& result() const { return m_result; }
    /** Stops an import between two lines (what was read so far is kept). */
    void cancel();
    /** Blocks until the worker ended (tests, shutdown). */
    void wait();

signals:
    void importProgress(qint64 bytesRead, qint64 totalBytes, qint64 imported, qint64 duplicates, qint64 rejected);
    void finished();

private:
    DatasetTask(Kind kind, int64_t datasetId, QObject* parent);
    void start(std::function<Result(store::Workspace&, const std::atomic<bool>& cancel)> job,
               const QString& workspacePath);

    Kind m_kind;
    int64_t m_datasetId = 0;
    bool m_running = false;
    Result m_result;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    QFuture<void> m_future;
};

} // namespace triad::widgets
