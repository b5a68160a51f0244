#include "core/store/SessionRepository.h"

#include <sqlite3.h>

#include "core/playground/SessionOps.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::store {

namespace {

std::string trimmed(const std::string& s)
{
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string inQuotes(const std::string& name)
{
    return "'" + name + "'";
}

std::string dumpJson(const nlohmann::json& j)
{
    // Model text can end mid-UTF-8 sequence; replace rather than throw.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

SessionRepository::SessionRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

void SessionRepository::save(playground::Session& session)
{
    const std::string name = trimmed(session.name);
    const std::string what = "Cannot save the session " + inQuotes(session.name) + " in "
                             + m_workspace.path();
    if (name.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, what + ": a session needs a name");

    playground::Session copy = session;
    copy.name = name;
    copy.updatedAtMs = Workspace::nowMs();
    if (copy.id == 0 && copy.createdAtMs == 0)
        copy.createdAtMs = copy.updatedAtMs;
    nlohmann::json data = copy;
    data.erase("id");
    try {
        sqlite3* db = m_workspace.handle();
        if (copy.id == 0) {
            Statement st(db, "INSERT INTO sessions (name, data_json, created_at_ms, updated_at_ms)"
                             " VALUES (?1, ?2, ?3, ?4)");
            st.bind(1, copy.name).bind(2, dumpJson(data)).bind(3, copy.createdAtMs).bind(4, copy.updatedAtMs);
            st.run();
            copy.id = sqlite3_last_insert_rowid(db);
        } else {
            Statement st(db, "UPDATE sessions SET name = ?1, data_json = ?2, updated_at_ms = ?3"
                             " WHERE id = ?4");
            st.bind(1, copy.name).bind(2, dumpJson(data)).bind(3, copy.updatedAtMs).bind(4, copy.id);
            st.run();
            if (sqlite3_changes(db) == 0)
                throw StoreError(StoreErrorKind::NotFound,
                                 "session " + std::to_string(copy.id) + " no longer exists");
            // created_at_ms is owned by the row; report it back as stored.
            Statement created(db, "SELECT created_at_ms FROM sessions WHERE id = ?1");
            created.bind(1, copy.id);
            if (created.step())
                copy.createdAtMs = created.int64(0);
        }
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    session = std::move(copy);
}

std::optional<playground::Session> SessionRepository::load(int64_t id) const
{
    const std::string what = "Cannot load session " + std::to_string(id) + " from " + m_workspace.path();
    std::string name, data;
    int64_t createdAtMs = 0, updatedAtMs = 0;
    try {
        Statement st(m_workspace.handle(),
                     "SELECT name, data_json, created_at_ms, updated_at_ms FROM sessions WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        name = st.text(0);
        data = st.text(1);
        createdAtMs = st.int64(2);
        updatedAtMs = st.int64(3);
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    playground::Session session;
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw StoreError(StoreErrorKind::Corrupt, what + " (" + inQuotes(name) + "): its data is not valid JSON");
    try {
        session = j.get<playground::Session>();
    } catch (const nlohmann::json::exception& e) {
        throw StoreError(StoreErrorKind::Corrupt, what + " (" + inQuotes(name) + "): " + e.what());
    }
    // The columns are authoritative (rename() touches only them).
    session.id = id;
    session.name = name;
    session.createdAtMs = createdAtMs;
    session.updatedAtMs = updatedAtMs;
    return session;
}

std::vector<SessionSummary> SessionRepository::list() const
{
    std::vector<SessionSummary> rows;
    try {
        Statement st(m_workspace.handle(),
                     "SELECT s.id, s.name, s.created_at_ms, s.updated_at_ms,"
                     " (SELECT count(*) FROM runs r WHERE r.session_id = s.id)"
                     " FROM sessions s ORDER BY s.updated_at_ms DESC, s.id DESC");
        while (st.step())
            rows.push_back({st.int64(0), st.text(1), st.int64(2), st.int64(3), st.int64(4)});
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot list the sessions of " + m_workspace.path() + ": " + e.what());
    }
    return rows;
}

void SessionRepository::rename(int64_t id, const std::string& name)
{
    const std::string clean = trimmed(name);
    const std::string what = "Cannot rename session " + std::to_string(id) + " to " + inQuotes(name)
                             + " in " + m_workspace.path();
    if (clean.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, what + ": a session needs a name");
    try {
        Statement st(m_workspace.handle(),
                     "UPDATE sessions SET name = ?1, updated_at_ms = ?2 WHERE id = ?3");
        st.bind(1, clean).bind(2, Workspace::nowMs()).bind(3, id);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    if (sqlite3_changes(m_workspace.handle()) == 0)
        throw StoreError(StoreErrorKind::NotFound, what + ": there is no such session");
}

playground::Session SessionRepository::duplicate(int64_t id)
{
    std::optional<playground::Session> original = load(id);
    if (!original)
        throw StoreError(StoreErrorKind::NotFound, "Cannot duplicate session " + std::to_string(id)
                                                       + " in " + m_workspace.path()
                                                       + ": there is no such session");
    std::vector<std::string> names;
    for (const SessionSummary& row : list())
        names.push_back(row.name);
    playground::Session copy = playground::duplicateSession(*original, names);
    save(copy);
    return copy;
}

void SessionRepository::remove(int64_t id)
{
    const std::string what = "Cannot delete session " + std::to_string(id) + " from " + m_workspace.path();
    try {
        // runs go with it: ON DELETE CASCADE (foreign_keys is on for every connection we open)
        Statement st(m_workspace.handle(), "DELETE FROM sessions WHERE id = ?1");
        st.bind(1, id);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    if (sqlite3_changes(m_workspace.handle()) == 0)
        throw StoreError(StoreErrorKind::NotFound, what + ": there is no such session");
}

} // namespace triad::store
