#pragma once
// Streaming import of dataset files into the workspace: JSONL (chat, prompt/completion,
// preference; see ExampleCodec.h) or CSV with a column mapping.
//
//   DatasetImporter importer(*workspace);
//   ImportOptions opt;
//   opt.cancel = &cancelFlag;                        // std::atomic<bool>, set from another thread
//   opt.progress = [](const ImportProgress& p) { ...; return true; };
//   ImportSummary s = importer.importFile(datasetId, "train.jsonl", opt);
//
// Memory stays constant: the file is read in 4 MB chunks, a line longer than maxLineBytes is
// rejected without being held whole, a few batches of parsed lines are in flight, SQLite's
// page cache is capped (cacheSizeMb), and the dataset's content hashes (8-16 bytes per
// example) are kept to find duplicates. The calling thread reads and parses (FastLineParser,
// falling back to parseExampleLine for anything unusual); a second thread stores the rows
// with prepared statements in transactions of rowsPerTransaction rows (ImportBatchWriter).
// Every bad line is counted, reported with its line number and reason, and stored in
// dataset_rejected_lines (invalid JSON or UTF-8, a wrong shape, nesting deeper than
// maxNestingDepth, a line over maxLineBytes); exact duplicates (of an example already in the
// dataset or earlier in the file) are counted and not stored twice. Cancelling stops reading
// and keeps every line read so far (the summary counts exactly what was stored). Progress is
// reported on the calling thread; its imported/duplicates lag by the batches in flight.
// Errors: a file that cannot be read or a failing write throws store::StoreError.

#include <atomic>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/datasets/ExampleCodec.h"

namespace triad::store {
class Workspace;
}

namespace triad::datasets {

/** Which CSV columns (by header name) make an example. */
struct CsvMapping {
    std::string systemColumn;       ///< optional: empty = no system message
    std::string userColumn;         ///< required
    std::string assistantColumn;    ///< required
    std::vector<std::string> metadataColumns;   ///< copied into metadata as strings
    char delimiter = ',';
};

struct ImportProgress {
    int64_t bytesRead = 0;
    int64_t totalBytes = 0;    ///< 0 when unknown (a pipe)
    int64_t lines = 0;
    int64_t imported = 0;
    int64_t duplicates = 0;
    int64_t rejected = 0;
};

struct ImportOptions {
    LineFormat lineFormat = LineFormat::Auto;
    /** Set for CSV input; JSONL otherwise. */
    std::optional<CsvMapping> csv;
    /** Rows per transaction: a commit writes every index page the rows touched, and the
     *  content-hash index is touched all over, so few big transactions write much less. */
    int rowsPerTransaction = 100000;
    /** SQLite page cache while importing (MB); the import's memory bound. 0 = unchanged. */
    int cacheSizeMb = 64;
    /** WAL size (MB) that triggers a checkpoint while importing. 0 = unchanged. */
    int walCheckpointMb = 256;
    /** Called every progressEveryLines lines and at the end; return false to cancel. */
    std::function<bool(const ImportProgress&)> progress;
    int64_t progressEveryLines = 10000;
    /** Checked between lines; true cancels. */
    const std::atomic<bool>* cancel = nullptr;
    /** Rejected lines listed in the summary (all of them are stored regardless). */
    size_t maxListedRejects = 1000;
    /** A longer JSONL line is rejected (its first 64 KiB kept) without being held in memory. */
    int64_t maxLineBytes = int64_t(64) << 20;
    /** A JSONL line nested deeper is rejected. */
    int maxNestingDepth = 256;
};

struct ImportedReject {
    int64_t lineNumber = 0;
    std::string reason;
};

struct ImportSummary {
    int64_t lines = 0;          ///< lines (CSV: records) read, blank ones included
    int64_t blankLines = 0;
    int64_t imported = 0;
    int64_t duplicates = 0;
    int64_t rejected = 0;
    std::vector<ImportedReject> rejectedLines;   ///< the first maxListedRejects
    bool cancelled = false;
};

class DatasetImporter {
public:
    explicit DatasetImporter(store::Workspace& workspace);

    /** Imports `path` into the dataset. Throws StoreError (CannotOpen) when it cannot be read. */
    ImportSummary importFile(int64_t datasetId, const std::string& path, const ImportOptions& options = {});

    /** Imports from a stream; `sourceName` is recorded with rejected lines. */
    ImportSummary importStream(int64_t datasetId, std::istream& in, const std::string& sourceName,
                               const ImportOptions& options = {}, int64_t totalBytes = 0);

private:
    store::Workspace& m_workspace;
};

} // namespace triad::datasets
