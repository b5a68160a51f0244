#pragma once
// Where API keys come from outside the keychain: the environment variable a provider's
// settings name. Keys are passed around as plain strings in memory only and shown masked.

#include <optional>
#include <string>

#include "core/providers/ProviderConfig.h"

namespace triad::providers {

class ApiKeySource {
public:
    /** The key in the environment variable `config.apiKeyEnv`; nullopt when the config
     *  names none or the variable is unset or empty. */
    static std::optional<std::string> fromEnvironment(const ProviderConfig& config);
    /** The key in the named environment variable (same rules). */
    static std::optional<std::string> fromEnvironment(const std::string& variableName);
};

/** "••••abcd": only the last four characters (none for keys shorter than 12). */
std::string maskKey(const std::string& key);

} // namespace triad::providers
