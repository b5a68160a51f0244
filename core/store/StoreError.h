#pragma once
// The one error type of the workspace store.
//
// Error policy of triad::store (every class in this folder follows it):
//   - Every failing operation throws StoreError; nothing else escapes (SQLite and JSON
//     failures are translated). Methods that look something up return std::optional and do
//     NOT throw when the thing is simply absent.
//   - what() is a sentence a person can read: it names the workspace file, the thing
//     (session, run, provider, setting) and the reason. It never contains an API key.
//   - A failed write leaves the workspace as it was before the call (each write is its own
//     transaction).
// GUI code calls the repositories on the GUI thread and wraps each call in
// `try { ... } catch (const triad::store::StoreError& e) { show(e.what()); }`.

#include <stdexcept>
#include <string>

namespace triad::store {

enum class StoreErrorKind {
    CannotOpen = 1,   ///< missing directory, no permission, locked beyond the busy timeout
    NotADatabase,     ///< the file is not an SQLite database at all
    NotAWorkspace,    ///< an SQLite database, but another program's
    NewerVersion,     ///< written by a newer Triad; refused and left untouched
    NotFound,         ///< an update/rename/delete named a row that does not exist
    SecretRefused,    ///< a value that looks like an API key was about to be stored
    InvalidArgument,  ///< e.g. an empty name, a pane index out of range
    Corrupt,          ///< a stored row could not be read back (bad JSON, bad enum)
    Sql,              ///< any other SQLite failure (disk full, I/O error, ...)
};

const char* storeErrorKindName(StoreErrorKind kind);

class StoreError : public std::runtime_error {
public:
    StoreError(StoreErrorKind kind, const std::string& message)
        : std::runtime_error(message), m_kind(kind) {}
    StoreErrorKind kind() const { return m_kind; }

private:
    StoreErrorKind m_kind;
};

} // namespace triad::store
