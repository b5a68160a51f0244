#pragma once
// The workspace: one SQLite file holding sessions, runs, provider settings (never keys)
// and settings. Errors: see StoreError.h (everything throws StoreError).
//
//   auto ws = triad::store::Workspace::open("/home/me/work.triad");   // creates if missing
//   triad::playground::Session s = ...;
//   ws->sessions().save(s);                 // s.id is set on first save
//   ws->runs().add(run);                    // when a run has finished
//
// One Workspace per file per process, used from one thread (the GUI thread). Every write
// is its own short transaction, so what was written before a crash is still there after
// it. Opening refuses a file written by a newer Triad without modifying it.

#include <cstdint>
#include <memory>
#include <string>

struct sqlite3;

namespace triad::store {

class SessionRepository;
class RunRepository;
class ProviderRepository;
class SettingsRepository;

struct WorkspaceOptions {
    /** How long a write waits for another connection's lock before failing. */
    int busyTimeoutMs = 5000;
};

class Workspace {
public:
    /**
     * Opens `path`, creating the file when it does not exist, and upgrades its schema.
     * Throws StoreError: NotADatabase (not SQLite), NotAWorkspace (another program's
     * database), NewerVersion (written by a newer Triad; the file is left byte-for-byte
     * as it was), CannotOpen (missing folder, permissions, a folder at that path).
     */
    static std::unique_ptr<Workspace> open(const std::string& path,
                                           const WorkspaceOptions& options = {});
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    const std::string& path() const { return m_path; }
    /** The schema version of the open file (always latestSchemaVersion() after open). */
    int schemaVersion() const;
    /** PRAGMA journal_mode, lower case ("wal"). */
    std::string journalMode() const;

    SessionRepository& sessions() { return *m_sessions; }
    RunRepository& runs() { return *m_runs; }
    ProviderRepository& providers() { return *m_providers; }
    SettingsRepository& settings() { return *m_settings; }

    /** The raw connection, for the repositories (and tests). */
    sqlite3* handle() const { return m_db; }

    /** Wall-clock milliseconds since the Unix epoch, the unit of every *_at_ms column. */
    static int64_t nowMs();

private:
    Workspace(std::string path, sqlite3* db);

    std::string m_path;
    sqlite3* m_db = nullptr;
    std::unique_ptr<SessionRepository> m_sessions;
    std::unique_ptr<RunRepository> m_runs;
    std::unique_ptr<ProviderRepository> m_providers;
    std::unique_ptr<SettingsRepository> m_settings;
};

} // namespace triad::store
