#include "widgets/labeling/DatasetTask.h"

#include <QtConcurrent/QtConcurrentRun>

#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::widgets {

DatasetTask::DatasetTask(Kind kind, int64_t datasetId, QObject* parent)
    : QObject(parent)
    , m_kind(kind)
    , m_datasetId(datasetId)
{
}

DatasetTask::~DatasetTask()
{
    cancel();
    wait();
}

void DatasetTask::cancel()
{
    m_cancel->store(true);
}

void DatasetTask::wait()
{
    m_future.waitForFinished();
}

void DatasetTask::start(std::function<Result(store::Workspace&, const std::atomic<bool>&)> job,
                        const QString& workspacePath)
{
    m_running = true;
    const std::string path = workspacePath.toStdString();
    auto cancel = m_cancel;
    m_future = QtConcurrent::run([this, job = std::move(job), path, cancel] {
        Result result;
        try {
            // Its own connection: a Workspace is used from one thread only.
            auto workspace = store::Workspace::open(path);
            result = job(*workspace, *cancel);
        } catch (const store::StoreError& e) {
            result.ok = false;
            result.error = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            result.ok = false;
            result.error = QString::fromUtf8(e.what());
        }
        // `this` outlives the worker (the destructor waits), and the queued call is dropped
        // if it is destroyed before the event loop gets to it.
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                m_result = result;
                m_running = false;
                emit finished();
            },
            Qt::QueuedConnection);
    });
}

DatasetTask* DatasetTask::importFile(const QString& workspacePath, int64_t datasetId, const QString& file,
                                     datasets::ImportOptions options, QObject* parent)
{
    auto* task = new DatasetTask(Kind::Import, datasetId, parent);
    const std::string filePath = file.toStdString();
    task->start(
        [task, datasetId, filePath, options](store::Workspace& ws, const std::atomic<bool>& cancel) mutable {
            options.cancel = &cancel;
            options.progress = [task](const datasets::ImportProgress& p) {
                QMetaObject::invokeMethod(
                    task,
                    [task, p] { emit task->importProgress(p.bytesRead, p.totalBytes, p.imported, p.duplicates, p.rejected); },
                    Qt::QueuedConnection);
                return true;
            };
            Result r;
            r.imported = datasets::DatasetImporter(ws).importFile(datasetId, filePath, options);
            r.ok = true;
            return r;
        },
        workspacePath);
    return task;
}

DatasetTask* DatasetTask::exportFile(const QString& workspacePath, int64_t datasetId, const QString& file,
                                     const datasets::ExportOptions& options, QObject* parent)
{
    auto* task = new DatasetTask(Kind::Export, datasetId, parent);
    const std::string filePath = file.toStdString();
    task->start(
        [datasetId, filePath, options](store::Workspace& ws, const std::atomic<bool>&) {
            Result r;
            r.exported = datasets::DatasetExporter(ws).exportFile(datasetId, filePath, options);
            r.ok = true;
            return r;
        },
        workspacePath);
    return task;
}

DatasetTask* DatasetTask::exportSplit(const QString& workspacePath, int64_t datasetId, const QString& trainFile,
                                      const QString& validationFile, double validationFraction, uint64_t seed,
                                      const datasets::ExportOptions& options, QObject* parent)
{
    auto* task = new DatasetTask(Kind::Split, datasetId, parent);
    const std::string train = trainFile.toStdString();
    const std::string validation = validationFile.toStdString();
    task->start(
        [datasetId, train, validation, validationFraction, seed, options](store::Workspace& ws,
                                                                          const std::atomic<bool>&) {
            Result r;
            r.exported = datasets::DatasetExporter(ws).exportSplit(datasetId, train, validation, validationFraction,
                                                                   seed, options);
            r.ok = true;
            return r;
        },
        workspacePath);
    return task;
}

DatasetTask* DatasetTask::removeDataset(const QString& workspacePath, int64_t datasetId, QObject* parent)
{
    auto* task = new DatasetTask(Kind::Remove, datasetId, parent);
    task->start(
        [datasetId](store::Workspace& ws, const std::atomic<bool>&) {
            datasets::DatasetRepository(ws).remove(datasetId);
            Result r;
            r.ok = true;
            return r;
        },
        workspacePath);
    return task;
}

} // namespace triad::widgets
