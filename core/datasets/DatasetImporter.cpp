#include "core/datasets/DatasetImporter.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <sqlite3.h>

#include "core/datasets/CsvReader.h"
#include "core/datasets/TokenCounter.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::datasets {

namespace {

using store::Statement;
using store::StoreError;
using store::StoreErrorKind;

/**
 * Writes examples and rejected lines with statements prepared once, in explicit batches:
 * one transaction per `rowsPerBatch` rows (a commit per row would cost a WAL frame each).
 * Destroying it without commit() rolls the open batch back.
 */
class BatchWriter {
public:
    BatchWriter(sqlite3* db, int64_t datasetId, std::string source, int rowsPerBatch)
        : m_db(db), m_datasetId(datasetId), m_source(std::move(source)), m_rowsPerBatch(std::max(rowsPerBatch, 1)),
          m_findDuplicate(db, "SELECT messages_json, preferred_json, non_preferred_json, extra_json"
                              " FROM dataset_examples WHERE dataset_id = ? AND content_hash = ?"),
          m_insertExample(db, "INSERT INTO dataset_examples(dataset_id, messages_json, preferred_json,"
                              " non_preferred_json, extra_json, metadata_json, status, content_hash, token_estimate,"
                              " source_line, changed_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)"),
          m_insertReject(db, "INSERT INTO dataset_rejected_lines(dataset_id, source, line_number, reason, raw_text,"
                             " imported_at_ms) VALUES (?, ?, ?, ?, ?, ?)"),
          m_nowMs(store::Workspace::nowMs())
    {
    }

    ~BatchWriter()
    {
        if (m_open)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }

    /** True when stored, false when an identical example is already in the dataset.
     *  `rawMessages`: the line's own bytes of the messages array (or empty). */
    bool addExample(const Example& ex, std::string_view rawMessages)
    {
        begin();
        StoredExampleText t = storedText(ex, rawMessages);
        m_findDuplicate.reset();
        m_findDuplicate.bind(1, m_datasetId).bind(2, t.contentHash);
        while (m_findDuplicate.step()) {
            // Same hash: compare the content itself, so a hash collision never drops an example.
            auto optionalText = [&](int column) {
                return m_findDuplicate.isNull(column) ? std::nullopt
                                                      : std::optional<std::string>(m_findDuplicate.text(column));
            };
            if (sameStoredContent(t, m_findDuplicate.text(0), optionalText(1), optionalText(2), m_findDuplicate.text(3)))
                return false;
        }
        m_insertExample.reset();
        m_insertExample.bind(1, m_datasetId).bind(2, t.messages).bind(3, t.preferred).bind(4, t.nonPreferred);
        m_insertExample.bind(5, t.extra).bind(6, t.metadata).bind(7, t.contentHash).bind(8, ex.tokenEstimate);
        m_insertExample.bind(9, ex.sourceLine).bind(10, m_nowMs);
        m_insertExample.run();
        rowWritten();
        return true;
    }

    void addReject(int64_t line, const std::string& reason, const std::string& raw)
    {
        begin();
        m_insertReject.reset();
        m_insertReject.bind(1, m_datasetId).bind(2, m_source).bind(3, line).bind(4, reason).bind(5, raw);
        m_insertReject.bind(6, m_nowMs).run();
        rowWritten();
    }

    void commit()
    {
        if (!m_open)
            return;
        store::execSql(m_db, "COMMIT");
        m_open = false;
        m_rowsInBatch = 0;
    }

private:
    void begin()
    {
        if (m_open)
            return;
        store::execSql(m_db, "BEGIN IMMEDIATE");
        m_open = true;
    }

    void rowWritten()
    {
        if (++m_rowsInBatch >= m_rowsPerBatch)
            commit();
    }

    sqlite3* m_db;
    int64_t m_datasetId;
    std::string m_source;
    int m_rowsPerBatch;
    Statement m_findDuplicate;
    Statement m_insertExample;
    Statement m_insertReject;
    int64_t m_nowMs;
    bool m_open = false;
    int m_rowsInBatch = 0;
};

/** Sets PRAGMA cache_size for its lifetime (0 = leave it alone). */
class CacheSizeScope {
public:
    CacheSizeScope(sqlite3* db, int megabytes)
        : m_db(db)
    {
        if (megabytes <= 0)
            return;
        Statement get(db, "PRAGMA cache_size");
        m_previous = get.step() ? get.int64(0) : 0;
        store::execSql(db, ("PRAGMA cache_size = " + std::to_string(-int64_t(megabytes) * 1024)).c_str());
        m_set = true;
    }
    ~CacheSizeScope()
    {
        if (m_set)
            sqlite3_exec(m_db, ("PRAGMA cache_size = " + std::to_string(m_previous)).c_str(), nullptr, nullptr, nullptr);
    }
    CacheSizeScope(const CacheSizeScope&) = delete;
    CacheSizeScope& operator=(const CacheSizeScope&) = delete;

private:
    sqlite3* m_db;
    int64_t m_previous = 0;
    bool m_set = false;
};

bool isBlank(const std::string& line)
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
    CacheSizeScope cache(db, options.cacheSizeMb);
    BatchWriter writer(db, datasetId, sourceName, options.rowsPerTransaction);
    ImportSummary summary;
    ImportProgress progress;
    progress.totalBytes = totalBytes;
    auto reject = [&](int64_t line, const std::string& reason, const std::string& raw) {
        ++summary.rejected;
        if (summary.rejectedLines.size() < options.maxListedRejects)
            summary.rejectedLines.push_back({line, reason});
        writer.addReject(line, reason, raw);
    };
    auto accept = [&](Example& ex, int64_t line, std::string_view rawMessages) {
        ex.sourceLine = line;
        if (writer.addExample(ex, rawMessages))
            ++summary.imported;
        else
            ++summary.duplicates;
    };
    // false = cancelled
    auto tick = [&](int64_t bytesRead, bool force) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return false;
        if (!options.progress || (!force && summary.lines % std::max<int64_t>(options.progressEveryLines, 1) != 0))
            return true;
        progress.bytesRead = bytesRead;
        progress.lines = summary.lines;
        progress.imported = summary.imported;
        progress.duplicates = summary.duplicates;
        progress.rejected = summary.rejected;
        return options.progress(progress);
    };

    Example ex;
    std::string reason;
    if (options.csv) {
        CsvReader reader(in, options.csv->delimiter);
        std::vector<std::string> row;
        if (!reader.next(row))
            throw StoreError(StoreErrorKind::InvalidArgument, "Cannot import " + sourceName + ": the CSV file is empty");
        const size_t columns = row.size();
        CsvColumns mapped = mapCsvHeader(row, *options.csv, sourceName);
        summary.lines = 1;
        while (reader.next(row)) {
            ++summary.lines;
            if (row.size() == 1 && isBlank(row[0])) {
                ++summary.blankLines;
            } else if (!reader.error().empty()) {
                reject(reader.recordLine(), reader.error(), reader.rawRecord());
            } else if (csvExample(row, columns, mapped, *options.csv, ex, reason)) {
                accept(ex, reader.recordLine(), {});
            } else {
                reject(reader.recordLine(), reason, reader.rawRecord());
            }
            if (!tick(reader.bytesRead(), false)) {
                summary.cancelled = true;
                break;
            }
        }
        progress.bytesRead = reader.bytesRead();
    } else {
        std::string line;
        int64_t bytesRead = 0;
        while (std::getline(in, line)) {
            ++summary.lines;
            bytesRead += int64_t(line.size()) + 1;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (summary.lines == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
                line.erase(0, 3);
            if (isBlank(line))
                ++summary.blankLines;
            else if (parseExampleLine(line, options.lineFormat, ex, reason))
                // Only a chat line's top-level "messages" is the example's conversation.
                accept(ex, summary.lines,
                       ex.preferredOutput.is_null() && !ex.extra.contains("messages") ? rawMessagesSpan(line)
                                                                                      : std::string_view());
            else
                reject(summary.lines, reason, line);
            if (!tick(bytesRead, false)) {
                summary.cancelled = true;
                break;
            }
        }
        progress.bytesRead = bytesRead;
    }
    // A cancelled import keeps what it read so far, so the summary matches the workspace.
    writer.commit();
    if (options.progress) {
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
