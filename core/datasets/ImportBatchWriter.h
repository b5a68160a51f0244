#pragma once
// The SQLite side of an import: stores examples and rejected lines of one dataset in
// transactions of rowsPerTransaction rows, finding duplicates through the dataset's content
// hashes kept in memory (ContentHashSet): only an example whose hash is already there is
// looked up in the database and compared as JSON values, so a hash collision never drops
// an example and a new one (almost all) costs no lookup.
//
// Construct it on the thread that owns the workspace; write() and commit() may then run on
// one other thread while the owner waits (SQLite connections can change threads, not be
// shared). Destroying it without commit() rolls the open transaction back.

#include <atomic>
#include <cstdint>
#include <string>

#include "core/datasets/ContentHashSet.h"
#include "core/datasets/ImportQueue.h"

struct sqlite3;
struct sqlite3_stmt;

namespace triad::datasets {

class ImportBatchWriter {
public:
    ImportBatchWriter(sqlite3* db, int64_t datasetId, std::string source, int rowsPerTransaction);
    ~ImportBatchWriter();
    ImportBatchWriter(const ImportBatchWriter&) = delete;
    ImportBatchWriter& operator=(const ImportBatchWriter&) = delete;

    /** Stores the batch's items in order. Throws store::StoreError. */
    void write(const ImportBatch& batch);
    /** Commits the open transaction (if any). */
    void commit();

    // Counts so far; readable from any thread (for progress).
    int64_t imported() const { return m_imported.load(std::memory_order_relaxed); }
    int64_t duplicates() const { return m_duplicates.load(std::memory_order_relaxed); }

private:
    bool isStored(const StoredLine& row);
    void insertExample(const StoredLine& row, int64_t lineNumber);
    void insertReject(const ImportItem& item);
    void begin();
    void rowWritten();
    void check(int rc);

    sqlite3* m_db;
    int64_t m_datasetId;
    std::string m_source;
    int m_rowsPerTransaction;
    sqlite3_stmt* m_insertExample = nullptr;
    sqlite3_stmt* m_insertReject = nullptr;
    sqlite3_stmt* m_findDuplicate = nullptr;
    int64_t m_nowMs;
    ContentHashSet m_hashes;
    bool m_open = false;
    int m_rowsInTransaction = 0;
    std::atomic<int64_t> m_imported{0};
    std::atomic<int64_t> m_duplicates{0};
};

} // namespace triad::datasets
