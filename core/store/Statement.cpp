#include "core/store/Statement.h"

#include <sqlite3.h>

#include "core/store/StoreError.h"

namespace triad::store {

namespace {

StoreErrorKind kindForResult(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB: return StoreErrorKind::NotADatabase;
    case SQLITE_CORRUPT: return StoreErrorKind::Corrupt;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorKind::CannotOpen;
    default: return StoreErrorKind::Sql;
    }
}

} // namespace

void throwSqlite(sqlite3* db, int rc, const std::string& context)
{
    std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw StoreError(kindForResult(rc), context.empty() ? reason : context + ": " + reason);
}

Statement::Statement(sqlite3* db, std::string_view sql)
    : m_db(db)
{
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        throwSqlite(db, rc, "");
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, int64_t value)
{
    int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwSqlite(m_db, rc, "");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwSqlite(m_db, rc, "");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    // SQLITE_TRANSIENT: SQLite copies, so temporaries passed by callers are safe.
    int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
    if (rc != SQLITE_OK)
        throwSqlite(m_db, rc, "");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        throwSqlite(m_db, rc, "");
    return *this;
}

bool Statement::step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwSqlite(m_db, rc, "");
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return std::string(data, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<int64_t> Statement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

void execSql(sqlite3* db, const char* sql)
{
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string reason = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw StoreError(rc == SQLITE_NOTADB ? StoreErrorKind::NotADatabase
                         : rc == SQLITE_CORRUPT ? StoreErrorKind::Corrupt
                         : rc == SQLITE_BUSY ? StoreErrorKind::CannotOpen
                                             : StoreErrorKind::Sql,
                         reason);
    }
}

} // namespace triad::store
