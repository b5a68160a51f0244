#include "core/store/StoreError.h"

namespace triad::store {

const char* storeErrorKindName(StoreErrorKind kind)
{
    switch (kind) {
    case StoreErrorKind::CannotOpen: return "cannot_open";
    case StoreErrorKind::NotADatabase: return "not_a_database";
    case StoreErrorKind::NotAWorkspace: return "not_a_workspace";
    case StoreErrorKind::NewerVersion: return "newer_version";
    case StoreErrorKind::NotFound: return "not_found";
    case StoreErrorKind::SecretRefused: return "secret_refused";
    case StoreErrorKind::InvalidArgument: return "invalid_argument";
    case StoreErrorKind::Corrupt: return "corrupt";
    case StoreErrorKind::Sql: return "sql";
    }
    return "unknown";
}

} // namespace triad::store
