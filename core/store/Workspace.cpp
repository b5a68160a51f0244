#include "core/store/Workspace.h"

#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "core/store/Migrations.h"
#include "core/store/ProviderRepository.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"

namespace triad::store {

namespace {

namespace fs = std::filesystem;

constexpr char kSqliteMagic[] = "SQLite format 3"; // followed by a NUL in the file header

struct ConnectionCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

Connection openConnection(const std::string& path, int flags, const std::string& displayPath)
{
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
    Connection db(raw);
    if (rc != SQLITE_OK)
        throwSqlite(db.get(), rc, "Cannot open the workspace " + displayPath);
    // Extended codes tell SQLITE_CANTOPEN_ISDIR etc. apart in messages.
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

/** A non-empty file that does not start with SQLite's magic is refused before SQLite sees it. */
void checkMagic(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw StoreError(StoreErrorKind::CannotOpen,
                         "Cannot open the workspace " + path + ": the file cannot be read "
                         "(check its permissions)");
    char header[sizeof kSqliteMagic] = {};
    in.read(header, sizeof header);
    std::streamsize got = in.gcount();
    if (got == 0)
        return;   // an empty file is a new, empty database to SQLite
    if (got < static_cast<std::streamsize>(sizeof header)
        || std::memcmp(header, kSqliteMagic, sizeof header) != 0)
        throw StoreError(StoreErrorKind::NotADatabase,
                         "Cannot open " + path + ": the file is not an SQLite database, so it "
                         "is not a Triad workspace (it may be damaged or a different kind of file)");
}

/** `path` as an SQLite file: URI (RFC 3986 percent-encoding of everything unusual). */
std::string fileUri(const std::string& path)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : fs::absolute(path).string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri;
}

/**
 * Everything that can refuse a file, done on a read-only connection so a refused file is
 * never written to (not even the journal-mode byte of the header).
 */
void checkExistingFile(const std::string& path)
{
    checkMagic(path);
    // Even a read-only connection creates -wal and -shm beside a WAL-mode file. When there
    // is no -wal (the file was closed cleanly) the main file is complete, so read it as
    // immutable and leave the folder exactly as it was. With a -wal present, its content
    // may be newer than the main file, so read through it.
    Connection db = fs::exists(path + "-wal")
        ? openConnection(path, SQLITE_OPEN_READONLY, path)
        : openConnection(fileUri(path) + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path);
    int32_t appId = readApplicationId(db.get(), path);
    int version = readSchemaVersion(db.get(), path);
    if (appId != kWorkspaceApplicationId) {
        int64_t objects = 0;
        try {
            Statement st(db.get(), "SELECT count(*) FROM sqlite_master");
            if (st.step())
                objects = st.int64(0);
        } catch (const StoreError& e) {
            throw StoreError(e.kind(), "Cannot open " + path + ": " + e.what());
        }
        // A file with no application id is ours only if it is still empty (e.g. created
        // by a crash between creating the file and the first migration).
        if (appId != 0 || objects > 0 || version != 0)
            throw StoreError(StoreErrorKind::NotAWorkspace,
                             "Cannot open " + path + ": it is an SQLite database, but not a "
                             "Triad workspace (it belongs to another program)");
    }
    if (version > latestSchemaVersion())
        throw StoreError(StoreErrorKind::NewerVersion, newerVersionMessage(path, version));
}

} // namespace

std::unique_ptr<Workspace> Workspace::open(const std::string& path, const WorkspaceOptions& options)
{
    if (path.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot open a workspace: no file name given");

    std::error_code ec;
    fs::path fsPath(path);
    if (fs::is_directory(fsPath, ec))
        throw StoreError(StoreErrorKind::CannotOpen,
                         "Cannot open the workspace " + path + ": it is a folder, not a file");
    if (fs::exists(fsPath, ec)) {
        checkExistingFile(path);
    } else {
        fs::path parent = fsPath.has_parent_path() ? fsPath.parent_path() : fs::path(".");
        if (!fs::is_directory(parent, ec))
            throw StoreError(StoreErrorKind::CannotOpen,
                             "Cannot create the workspace " + path + ": the folder "
                                 + parent.string() + " does not exist");
    }

    Connection db = openConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path);
    // SQLite silently falls back to read-only for a file it may not write; say so now
    // rather than failing at the first save.
    if (sqlite3_db_readonly(db.get(), "main") == 1)
        throw StoreError(StoreErrorKind::CannotOpen,
                         "Cannot open the workspace " + path + ": the file is read-only "
                         "(check its permissions)");
    sqlite3_busy_timeout(db.get(), options.busyTimeoutMs);
    // Check again on the writing connection before its first write: the file may have
    // been replaced between the read-only check and now.
    int version = readSchemaVersion(db.get(), path);
    if (version > latestSchemaVersion())
        throw StoreError(StoreErrorKind::NewerVersion, newerVersionMessage(path, version));

    try {
        execSql(db.get(), "PRAGMA foreign_keys = ON");
        Statement wal(db.get(), "PRAGMA journal_mode = WAL");
        std::string mode = wal.step() ? wal.text(0) : std::string();
        if (mode != "wal")
            throw StoreError(StoreErrorKind::CannotOpen,
                             "the file system refused write-ahead logging (journal mode is '"
                                 + mode + "')");
        // NORMAL is SQLite's recommended level for WAL: a committed transaction survives
        // any crash of Triad itself; only a power cut can lose the last few commits, and
        // it never corrupts the file. FULL would cost an fsync per saved run on the GUI thread.
        execSql(db.get(), "PRAGMA synchronous = NORMAL");
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot open the workspace " + path + ": " + e.what());
    }
    migrateToLatest(db.get(), path);

    return std::unique_ptr<Workspace>(new Workspace(path, db.release()));
}

Workspace::Workspace(std::string path, sqlite3* db)
    : m_path(std::move(path)), m_db(db)
{
    m_sessions = std::make_unique<SessionRepository>(*this);
    m_runs = std::make_unique<RunRepository>(*this);
    m_providers = std::make_unique<ProviderRepository>(*this);
    m_settings = std::make_unique<SettingsRepository>(*this);
}

Workspace::~Workspace()
{
    m_sessions.reset();
    m_runs.reset();
    m_providers.reset();
    m_settings.reset();
    // The last connection to close checkpoints the WAL into the main file and removes it.
    sqlite3_close_v2(m_db);
}

int Workspace::schemaVersion() const
{
    return readSchemaVersion(m_db, m_path);
}

std::string Workspace::journalMode() const
{
    Statement st(m_db, "PRAGMA journal_mode");
    return st.step() ? st.text(0) : std::string();
}

int64_t Workspace::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace triad::store
