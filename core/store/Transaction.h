#pragma once
// Internal: an RAII write transaction for the repositories.

struct sqlite3;

namespace triad::store {

/** BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran. */
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    sqlite3* m_db = nullptr;
    bool m_done = false;
};

} // namespace triad::store
