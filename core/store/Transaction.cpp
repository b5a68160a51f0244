#include "core/store/Transaction.h"

#include <sqlite3.h>

#include "core/store/Statement.h"

namespace triad::store {

Transaction::Transaction(sqlite3* db)
    : m_db(db)
{
    // IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading
    // read locks; the busy timeout then makes the second one wait instead of failing.
    execSql(db, "BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    execSql(m_db, "COMMIT");
    m_done = true;
}

} // namespace triad::store
