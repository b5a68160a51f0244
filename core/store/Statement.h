#pragma once
// Internal: a prepared SQLite statement with RAII and typed bind/column helpers.
// Used by the repositories only; not part of the store's public API.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace triad::store {

/** Throws StoreError for result code `rc` on `db`, prefixed with `context`. */
[[noreturn]] void throwSqlite(sqlite3* db, int rc, const std::string& context);

class Statement {
public:
    /** Prepares `sql`; throws StoreError when it does not compile. */
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /** Advances; true when a row is available, false when done. Throws on error. */
    bool step();
    /** Steps until done (for INSERT/UPDATE/DELETE). */
    void run();
    /** Makes the statement ready to run again with new bindings. */
    void reset();

    // Columns are 0-based, as in SQLite.
    bool isNull(int column) const;
    int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<int64_t> optionalInt64(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

/** Runs SQL without results (several statements allowed); throws on error. */
void execSql(sqlite3* db, const char* sql);

} // namespace triad::store
