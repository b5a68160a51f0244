#include "core/datasets/DatasetImporter.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sqlite3.h>

#include "core/datasets/CsvReader.h"
#include "core/datasets/FastLineParser.h"
#include "core/datasets/ImportBatchWriter.h"
#include "core/datasets/ImportQueue.h"
#include "core/datasets/JsonlLineReader.h"
#include "core/datasets/TokenCounter.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::datasets {

namespace {

using store::Statement;
using store::StoreError;
using store::StoreErrorKind;

constexpr size_t kRowsPerBatch = 256;     // lines handed to the writer thread at once
constexpr size_t kBatchesInFlight = 4;

/** StoredLine of an example the full parser (or the CSV mapping) made. */
void toStoredLine(const Example& ex, std::string_view rawMessages, StoredLine& out)
{
    StoredExampleText t = storedText(ex, rawMessages);
    out.messages = std::move(t.messages);
    out.hasPreference = t.preferred.has_value() && t.nonPreferred.has_value();
    out.preferred = t.preferred.value_or(std::string());
    out.nonPreferred = t.nonPreferred.value_or(std::string());
    out.extra = std::move(t.extra);
    out.metadata = std::move(t.metadata);
    out.contentHash = uint64_t(t.contentHash);
    out.tokenEstimate = ex.tokenEstimate;
}

/** Sets an integer PRAGMA for its lifetime and restores the previous value. */
class PragmaScope {
public:
    PragmaScope(sqlite3* db, const char* name, int64_t value)
        : m_db(db), m_name(name)
    {
        Statement get(db, std::string("PRAGMA ") + name);
        m_previous = get.step() ? get.int64(0) : 0;
        store::execSql(db, ("PRAGMA " + m_name + " = " + std::to_string(value)).c_str());
    }
    ~PragmaScope()
    {
        sqlite3_exec(m_db, ("PRAGMA " + m_name + " = " + std::to_string(m_previous)).c_str(), nullptr, nullptr, nullptr);
    }
    PragmaScope(const PragmaScope&) = delete;
    PragmaScope& operator=(const PragmaScope&) = delete;

private:
    sqlite3* m_db;
    std::string m_name;
    int64_t m_previous = 0;
};

/** parseExampleLine(), with any exception from the JSON library turned into a reason
 *  (a number too big for a double is an out_of_range there, not a parse_error). */
bool parseFullLine(std::string_view text, LineFormat format, Example& ex, std::string& reason)
{
    try {
        return parseExampleLine(text, format, ex, reason);
    } catch (const std::exception& e) {
        reason = std::string("not valid JSON: ") + e.what();
        return false;
    }
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

/** Index of each mapped column in the header; throws InvalidArgument naming a missing one. */
struct CsvColumns {
    int system = -1;
    int user = -1;
    int assistant = -1;
    std::vector<std::pair<std::string, int>> metadata;
};

CsvColumns mapCsvHeader(const std::vector<std::string>& header, const CsvMapping& mapping, const std::string& source)
{
    auto indexOf = [&](const std::string& name, bool required) {
        for (size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name)
                return int(i);
        }
        if (required || !name.empty()) {
            std::string known;
            for (const auto& h : header)
                known += (known.empty() ? "" : ", ") + h;
            throw StoreError(StoreErrorKind::InvalidArgument,
                             "Cannot import " + source + ": the CSV header has no column '" + name
                                 + "' (its columns are: " + known + ")");
        }
        return -1;
    };
    if (mapping.userColumn.empty() || mapping.assistantColumn.empty())
        throw StoreError(StoreErrorKind::InvalidArgument,
                         "Cannot import " + source + ": a CSV import needs the user and the assistant column");
    CsvColumns c;
    c.system = mapping.systemColumn.empty() ? -1 : indexOf(mapping.systemColumn, true);
    c.user = indexOf(mapping.userColumn, true);
    c.assistant = indexOf(mapping.assistantColumn, true);
    for (const auto& m : mapping.metadataColumns)
        c.metadata.emplace_back(m, indexOf(m, true));
    return c;
}

bool csvExample(const std::vector<std::string>& row, size_t columns, const CsvColumns& c, const CsvMapping& mapping,
                Example& out, std::string& reason)
{
    if (row.size() != columns) {
        reason = "the record has " + std::to_string(row.size()) + " fields, the header " + std::to_string(columns);
        return false;
    }
    out = Example{};
    if (c.system >= 0 && !row[size_t(c.system)].empty())
        out.messages.push_back({{"role", "system"}, {"content", row[size_t(c.system)]}});
    if (row[size_t(c.user)].empty() || row[size_t(c.assistant)].empty()) {
        reason = "column '" + (row[size_t(c.user)].empty() ? mapping.userColumn : mapping.assistantColumn) + "' is empty";
        return false;
    }
    out.messages.push_back({{"role", "user"}, {"content", row[size_t(c.user)]}});
    out.messages.push_back({{"role", "assistant"}, {"content", row[size_t(c.assistant)]}});
    for (const auto& [name, index] : c.metadata)
        out.metadata[name] = row[size_t(index)];
    out.tokenEstimate = countMessageTokens(out.messages);
    return true;
}

/** Reads and parses lines on the calling thread into batches for the writer thread. */
class LineLoop {
public:
    LineLoop(const ImportOptions& options, int64_t totalBytes, ImportQueue& queue, const ImportBatchWriter& writer,
             ImportSummary& summary)
        : m_options(options), m_queue(queue), m_writer(writer), m_summary(summary)
    {
        m_progress.totalBytes = totalBytes;
    }

    /** Returns the bytes read. Stops early when cancelled or when the writer failed. */
    int64_t run(std::istream& in, const std::string& sourceName)
    {
        m_batch = m_queue.acquire();
        if (m_batch == nullptr)
            return 0;
        int64_t bytesRead = m_options.csv ? readCsv(in, sourceName) : readJsonl(in);
        if (m_batch != nullptr)
            m_queue.submit(m_batch);
        return bytesRead;
    }

private:
    int64_t readJsonl(std::istream& in)
    {
        JsonlLineReader reader(in, std::max<int64_t>(m_options.maxLineBytes, 1));
        FastLineParser parser(m_options.maxNestingDepth);
        JsonlLine line;
        Example ex;
        std::string reason;
        while (reader.next(line)) {
            ++m_summary.lines;
            std::string_view text = line.text;
            if (line.number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF")
                text.remove_prefix(3);
            if (line.tooLong) {
                reject(line.number, "the line is " + std::to_string(line.lengthBytes)
                                        + " bytes long, over the import's limit of " + std::to_string(m_options.maxLineBytes)
                                        + " bytes (its first " + std::to_string(text.size()) + " bytes are kept)", text);
            } else if (isBlank(text)) {
                ++m_summary.blankLines;
            } else {
                ImportItem& item = m_batch->add();
                item.rejected = false;
                item.lineNumber = line.number;
                switch (parser.parse(text, m_options.lineFormat, item.row)) {
                case FastParse::Parsed:
                    break;
                case FastParse::TooDeep:
                    --m_batch->count;
                    reject(line.number, "the JSON is nested deeper than " + std::to_string(parser.maxDepth())
                                            + " levels (the import's limit)", text);
                    break;
                case FastParse::TooLarge:
                    --m_batch->count;
                    reject(line.number, "the line holds more than " + std::to_string(parser.maxValues())
                                            + " JSON values (the import's limit)", text);
                    break;
                case FastParse::NeedsFullParser:
                    if (parseFullLine(text, m_options.lineFormat, ex, reason)) {
                        // Only a chat line's top-level "messages" is the example's conversation.
                        bool chat = ex.preferredOutput.is_null() && !ex.extra.contains("messages");
                        toStoredLine(ex, chat ? rawMessagesSpan(text) : std::string_view(), item.row);
                    } else {
                        --m_batch->count;
                        reject(line.number, reason, text);
                    }
                    break;
                }
            }
            if (!next(reader.bytesRead()))
                break;
        }
        return reader.bytesRead();
    }

    int64_t readCsv(std::istream& in, const std::string& sourceName)
    {
        CsvReader reader(in, m_options.csv->delimiter);
        std::vector<std::string> fields;
        if (!reader.next(fields))
            throw StoreError(StoreErrorKind::InvalidArgument, "Cannot import " + sourceName + ": the CSV file is empty");
        const size_t columns = fields.size();
        CsvColumns mapped = mapCsvHeader(fields, *m_options.csv, sourceName);
        m_summary.lines = 1;
        Example ex;
        std::string reason;
        while (reader.next(fields)) {
            ++m_summary.lines;
            if (fields.size() == 1 && isBlank(fields[0])) {
                ++m_summary.blankLines;
            } else if (!reader.error().empty()) {
                reject(reader.recordLine(), reader.error(), reader.rawRecord());
            } else if (csvExample(fields, columns, mapped, *m_options.csv, ex, reason)) {
                ImportItem& item = m_batch->add();
                item.rejected = false;
                item.lineNumber = reader.recordLine();
                toStoredLine(ex, {}, item.row);
            } else {
                reject(reader.recordLine(), reason, reader.rawRecord());
            }
            if (!next(reader.bytesRead()))
                break;
        }
        return reader.bytesRead();
    }

    void reject(int64_t lineNumber, const std::string& reason, std::string_view raw)
    {
        ++m_summary.rejected;
        if (m_summary.rejectedLines.size() < m_options.maxListedRejects)
            m_summary.rejectedLines.push_back({lineNumber, reason});
        ImportItem& item = m_batch->add();
        item.rejected = true;
        item.lineNumber = lineNumber;
        item.reason = reason;
        item.raw.assign(raw);
    }

    /** After each line: hands a full batch over, reports progress; false = stop reading. */
    bool next(int64_t bytesRead)
    {
        if (m_batch->count >= kRowsPerBatch) {
            m_queue.submit(m_batch);
            m_batch = m_queue.acquire();
            if (m_batch == nullptr)
                return false;   // the writer failed; importStream() rethrows its error
        }
        if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed)) {
            m_summary.cancelled = true;
            return false;
        }
        if (!m_options.progress || m_summary.lines % std::max<int64_t>(m_options.progressEveryLines, 1) != 0)
            return true;
        // The writer's counts lag this thread by the batches in flight.
        m_progress.bytesRead = bytesRead;
        m_progress.lines = m_summary.lines;
        m_progress.imported = m_writer.imported();
        m_progress.duplicates = m_writer.duplicates();
        m_progress.rejected = m_summary.rejected;
        if (m_options.progress(m_progress))
            return true;
        m_summary.cancelled = true;
        return false;
    }

    const ImportOptions& m_options;
    ImportQueue& m_queue;
    const ImportBatchWriter& m_writer;
    ImportSummary& m_summary;
    ImportProgress m_progress;
    ImportBatch* m_batch = nullptr;
};

} // namespace

DatasetImporter::DatasetImporter(store::Workspace& workspace)
    : m_workspace(workspace)
{
}

ImportSummary DatasetImporter::importFile(int64_t datasetId, const std::string& path, const ImportOptions& options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw StoreError(StoreErrorKind::CannotOpen, "Cannot import " + path + ": it is a folder, not a file");
    std::ifstream in;
    // A large stream buffer: fewer read() calls on a 500 MB file.
    std::vector<char> buffer(1 << 20);
    in.rdbuf()->pubsetbuf(buffer.data(), std::streamsize(buffer.size()));
    in.open(path, std::ios::binary);
    if (!in)
        throw StoreError(StoreErrorKind::CannotOpen, "Cannot import " + path + ": the file does not exist or cannot be read");
    auto size = std::filesystem::file_size(path, ec);
    return importStream(datasetId, in, path, options, ec ? 0 : int64_t(size));
}

ImportSummary DatasetImporter::importStream(int64_t datasetId, std::istream& in, const std::string& sourceName,
                                            const ImportOptions& options, int64_t totalBytes)
{
    sqlite3* db = m_workspace.handle();
    {
        Statement exists(db, "SELECT 1 FROM datasets WHERE id = ?");
        exists.bind(1, datasetId);
        if (!exists.step())
            throw StoreError(StoreErrorKind::NotFound, "Cannot import " + sourceName + ": dataset "
                                                           + std::to_string(datasetId) + " does not exist");
    }
    // A bigger page cache while importing: the content-hash index takes inserts at random
    // places, and with SQLite's default 2 MB cache each one would read its page back from
    // disk once the index outgrows it. Bounded (not proportional to the file), restored after.
    std::optional<PragmaScope> cache;
    if (options.cacheSizeMb > 0)
        cache.emplace(db, "cache_size", -int64_t(options.cacheSizeMb) * 1024);
    // Checkpoint the WAL every walCheckpointMb instead of every 4 MB: each checkpoint writes
    // every hash-index page the batches touched (they are spread over the whole index), so
    // fewer of them write the index fewer times. Durability is unchanged (synchronous=NORMAL
    // in WAL mode: every commit is in the WAL, checkpointed or not).
    std::optional<PragmaScope> checkpoint;
    if (options.walCheckpointMb > 0)
        checkpoint.emplace(db, "wal_autocheckpoint", int64_t(options.walCheckpointMb) * 256);   // 4 KiB pages
    ImportBatchWriter writer(db, datasetId, sourceName, options.rowsPerTransaction);

    // Two threads: this one reads and parses, the writer thread stores. The workspace's
    // connection is only used by the writer thread until it is joined.
    ImportQueue queue(kBatchesInFlight);
    std::exception_ptr writerError;
    std::thread writerThread([&] {
        try {
            while (ImportBatch* batch = queue.take()) {
                writer.write(*batch);
                queue.release(batch);
            }
            if (!queue.aborted())
                writer.commit();   // a cancelled import keeps what it read so far
        } catch (...) {
            writerError = std::current_exception();
            queue.abort();
        }
    });
    ImportSummary summary;
    int64_t bytesRead = 0;
    try {
        bytesRead = LineLoop(options, totalBytes, queue, writer, summary).run(in, sourceName);
        queue.finish();
    } catch (...) {
        queue.abort();
        writerThread.join();
        throw;   // the writer's open transaction is rolled back with it
    }
    writerThread.join();
    if (writerError)
        std::rethrow_exception(writerError);
    // Copy what the import left in the WAL into the database now, so the first label action
    // after it does not pay for a checkpoint of up to walCheckpointMb.
    if (options.walCheckpointMb > 0)
        sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    summary.imported = writer.imported();
    summary.duplicates = writer.duplicates();
    if (options.progress) {
        ImportProgress progress;
        progress.totalBytes = totalBytes;
        progress.bytesRead = bytesRead;
        progress.lines = summary.lines;
        progress.imported = summary.imported;
        progress.duplicates = summary.duplicates;
        progress.rejected = summary.rejected;
        options.progress(progress);
    }
    Statement touch(db, "UPDATE datasets SET updated_at_ms = ? WHERE id = ?");
    touch.bind(1, store::Workspace::nowMs()).bind(2, datasetId).run();
    return summary;
}

} // namespace triad::datasets
