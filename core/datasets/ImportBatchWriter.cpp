#include "core/datasets/ImportBatchWriter.h"

#include <algorithm>
#include <optional>

#include <sqlite3.h>

#include "core/datasets/ExampleCodec.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::datasets {

namespace {

sqlite3_stmt* prepare(sqlite3* db, const char* sql)
{
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK)
        store::throwSqlite(db, rc, "Cannot prepare the import");
    return st;
}

/** Binds text the row keeps alive until the step: SQLITE_STATIC saves a copy per column. */
int bindText(sqlite3_stmt* st, int index, std::string_view text)
{
    return sqlite3_bind_text64(st, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

} // namespace

ImportBatchWriter::ImportBatchWriter(sqlite3* db, int64_t datasetId, std::string source, int rowsPerTransaction)
    : m_db(db), m_datasetId(datasetId), m_source(std::move(source)),
      m_rowsPerTransaction(std::max(rowsPerTransaction, 1)), m_nowMs(store::Workspace::nowMs())
{
    try {
        m_insertExample = prepare(db, "INSERT INTO dataset_examples(dataset_id, messages_json, preferred_json,"
                                      " non_preferred_json, extra_json, metadata_json, status, content_hash,"
                                      " token_estimate, source_line, changed_at_ms)"
                                      " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)");
        m_insertReject = prepare(db, "INSERT INTO dataset_rejected_lines(dataset_id, source, line_number, reason,"
                                     " raw_text, imported_at_ms) VALUES (?, ?, ?, ?, ?, ?)");
        m_findDuplicate = prepare(db, "SELECT messages_json, preferred_json, non_preferred_json, extra_json"
                                      " FROM dataset_examples WHERE dataset_id = ? AND content_hash = ?");
        store::Statement hashes(db, "SELECT content_hash FROM dataset_examples WHERE dataset_id = ?");
        hashes.bind(1, datasetId);
        while (hashes.step())
            m_hashes.insert(uint64_t(hashes.int64(0)));
    } catch (...) {
        sqlite3_finalize(m_insertExample);
        sqlite3_finalize(m_insertReject);
        sqlite3_finalize(m_findDuplicate);
        throw;
    }
}

ImportBatchWriter::~ImportBatchWriter()
{
    if (m_open)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_finalize(m_insertExample);
    sqlite3_finalize(m_insertReject);
    sqlite3_finalize(m_findDuplicate);
}

void ImportBatchWriter::check(int rc)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        store::throwSqlite(m_db, rc, "Cannot store the imported examples");
}

void ImportBatchWriter::write(const ImportBatch& batch)
{
    for (size_t i = 0; i < batch.count; ++i) {
        const ImportItem& item = batch.items[i];
        begin();
        if (item.rejected) {
            insertReject(item);
        } else if (m_hashes.contains(item.row.contentHash) && isStored(item.row)) {
            m_duplicates.fetch_add(1, std::memory_order_relaxed);
            continue;
        } else {
            insertExample(item.row, item.lineNumber);
            m_hashes.insert(item.row.contentHash);
            m_imported.fetch_add(1, std::memory_order_relaxed);
        }
        rowWritten();
    }
}

void ImportBatchWriter::insertExample(const StoredLine& row, int64_t lineNumber)
{
    sqlite3_stmt* st = m_insertExample;
    check(sqlite3_bind_int64(st, 1, m_datasetId));
    check(bindText(st, 2, row.messages));
    if (row.hasPreference) {
        check(bindText(st, 3, row.preferred));
        check(bindText(st, 4, row.nonPreferred));
    } else {
        check(sqlite3_bind_null(st, 3));
        check(sqlite3_bind_null(st, 4));
    }
    check(bindText(st, 5, row.extra));
    check(bindText(st, 6, row.metadata));
    check(sqlite3_bind_int64(st, 7, int64_t(row.contentHash)));
    check(sqlite3_bind_int64(st, 8, row.tokenEstimate));
    check(sqlite3_bind_int64(st, 9, lineNumber));
    check(sqlite3_bind_int64(st, 10, m_nowMs));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        check(rc);
}

void ImportBatchWriter::insertReject(const ImportItem& item)
{
    sqlite3_stmt* st = m_insertReject;
    check(sqlite3_bind_int64(st, 1, m_datasetId));
    check(bindText(st, 2, m_source));
    check(sqlite3_bind_int64(st, 3, item.lineNumber));
    check(bindText(st, 4, item.reason));
    check(bindText(st, 5, item.raw));
    check(sqlite3_bind_int64(st, 6, m_nowMs));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        check(rc);
}

bool ImportBatchWriter::isStored(const StoredLine& row)
{
    StoredExampleText t;
    t.messages = row.messages;
    if (row.hasPreference) {
        t.preferred = row.preferred;
        t.nonPreferred = row.nonPreferred;
    }
    t.extra = row.extra;
    sqlite3_stmt* st = m_findDuplicate;
    check(sqlite3_bind_int64(st, 1, m_datasetId));
    check(sqlite3_bind_int64(st, 2, int64_t(row.contentHash)));
    auto column = [&](int c) -> std::optional<std::string> {
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            return std::nullopt;
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        return std::string(text ? text : "", size_t(sqlite3_column_bytes(st, c)));
    };
    bool found = false;
    int rc = SQLITE_DONE;
    while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW)
        found = sameStoredContent(t, column(0).value_or(""), column(1), column(2), column(3).value_or("{}"));
    sqlite3_reset(st);
    if (!found && rc != SQLITE_DONE)
        check(rc);
    return found;
}

void ImportBatchWriter::begin()
{
    if (m_open)
        return;
    store::execSql(m_db, "BEGIN IMMEDIATE");
    m_open = true;
}

void ImportBatchWriter::rowWritten()
{
    if (++m_rowsInTransaction >= m_rowsPerTransaction)
        commit();
}

void ImportBatchWriter::commit()
{
    if (!m_open)
        return;
    store::execSql(m_db, "COMMIT");
    m_open = false;
    m_rowsInTransaction = 0;
}

} // namespace triad::datasets
