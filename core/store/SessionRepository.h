#pragma once
// Playground sessions in the workspace. Errors: see StoreError.h.
//
//   auto& repo = workspace.sessions();
//   playground::Session s = playground::newSession("invoice extraction");
//   repo.save(s);                         // inserts; s.id, s.createdAtMs, s.updatedAtMs set
//   s.draft = "…"; repo.save(s);          // updates the same row
//   for (const SessionSummary& row : repo.list()) …   // most recently updated first

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/playground/Session.h"

namespace triad::store {

class Workspace;

/** A row of the session list (cheap: no session JSON is parsed). */
struct SessionSummary {
    int64_t id = 0;
    std::string name;
    int64_t createdAtMs = 0;
    int64_t updatedAtMs = 0;
    int64_t runCount = 0;
};

class SessionRepository {
public:
    explicit SessionRepository(Workspace& workspace);

    /**
     * Inserts `session` when its id is 0, otherwise updates that row. Sets id,
     * createdAtMs (on insert, when 0) and updatedAtMs (now) on `session`.
     * Throws InvalidArgument for an empty name, NotFound when the id no longer exists.
     */
    void save(playground::Session& session);

    /** The stored session, or nullopt when there is none with that id. Throws Corrupt
     *  when the row exists but its data cannot be read. */
    std::optional<playground::Session> load(int64_t id) const;

    /** Every session, most recently updated first. */
    std::vector<SessionSummary> list() const;

    /** Throws InvalidArgument for an empty name, NotFound for an unknown id. */
    void rename(int64_t id, const std::string& name);

    /** Stores a copy named "… (copy)" (unique among sessions) and returns it. Runs are not
     *  copied: the copy starts its own history. Throws NotFound for an unknown id. */
    playground::Session duplicate(int64_t id);

    /** Deletes the session and its runs. Throws NotFound for an unknown id. */
    void remove(int64_t id);

private:
    Workspace& m_workspace;
};

} // namespace triad::store
