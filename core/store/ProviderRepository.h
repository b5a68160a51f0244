#pragma once
// Configured provider endpoints in the workspace. Errors: see StoreError.h.
//
// Never an API key: the key lives in the keychain or in the environment variable named by
// ProviderConfig::apiKeyEnv. As a guard against bugs, save() refuses (SecretRefused) a
// config whose extra headers carry credentials (Authorization, x-api-key, ...) or look
// like a key, and an apiKeyEnv that is not a variable name (e.g. a pasted key).

#include <optional>
#include <string>
#include <vector>

#include "core/providers/ProviderConfig.h"

namespace triad::store {

class Workspace;

class ProviderRepository {
public:
    explicit ProviderRepository(Workspace& workspace);

    /** Inserts or replaces the provider with `config.id`; a new one goes to the end of the
     *  list. Throws InvalidArgument (empty id or base URL), SecretRefused (see above). */
    void save(const providers::ProviderConfig& config);

    std::optional<providers::ProviderConfig> load(const std::string& id) const;

    /** Every provider in list order. */
    std::vector<providers::ProviderConfig> list() const;

    /** Throws NotFound for an unknown id. Sessions that target it keep their panes. */
    void remove(const std::string& id);

    /** Puts the listed ids first, in that order; unlisted ones keep their relative order after them. */
    void setOrder(const std::vector<std::string>& ids);

    /** The check save() applies; "" when `config` may be stored, otherwise the reason. */
    static std::string secretProblem(const providers::ProviderConfig& config);

private:
    Workspace& m_workspace;
};

} // namespace triad::store
