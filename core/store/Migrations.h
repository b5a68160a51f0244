#pragma once
// Versioned schema migrations of the workspace file (the schema is documented in
// Migrations.cpp). The version lives in PRAGMA user_version; PRAGMA application_id marks
// the file as a Triad workspace so another program's SQLite file is recognised and refused.

#include <cstdint>
#include <string>

struct sqlite3;

namespace triad::store {

/** "Triad" marker stored in PRAGMA application_id (ASCII "TRIA"). */
constexpr int32_t kWorkspaceApplicationId = 0x54524941;

/** The newest schema version this build knows how to read and write. */
int latestSchemaVersion();

/** Reads PRAGMA user_version. Throws StoreError (NotADatabase for a non-SQLite file). */
int readSchemaVersion(sqlite3* db, const std::string& path);

/** Reads PRAGMA application_id (0 for a file that never had one). */
int32_t readApplicationId(sqlite3* db, const std::string& path);

/**
 * Brings the schema of `db` (opened read-write) up to latestSchemaVersion(), one
 * transaction per step, so an interrupted upgrade leaves a consistent older version.
 * Re-checks the version inside each transaction: a newer file is refused (StoreError
 * NewerVersion) without writing. Running it on an up-to-date file changes nothing.
 */
void migrateToLatest(sqlite3* db, const std::string& path);

/** The message for a workspace written by a newer Triad (shared with Workspace::open). */
std::string newerVersionMessage(const std::string& path, int fileVersion);

} // namespace triad::store
