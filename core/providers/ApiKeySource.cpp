#include "core/providers/ApiKeySource.h"

#include <cstdlib>

#include "core/net/SecretScrubber.h"

namespace triad::providers {

std::optional<std::string> ApiKeySource::fromEnvironment(const std::string& variableName)
{
    if (variableName.empty())
        return std::nullopt;
    const char* value = std::getenv(variableName.c_str());
    if (!value || !*value)
        return std::nullopt;
    std::string key = value;
    // Keys pasted into shell profiles often carry a trailing newline or spaces.
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' '))
        key.pop_back();
    if (key.empty())
        return std::nullopt;
    return key;
}

std::optional<std::string> ApiKeySource::fromEnvironment(const ProviderConfig& config)
{
    return fromEnvironment(config.apiKeyEnv);
}

std::string maskKey(const std::string& key)
{
    return net::SecretScrubber::mask(key);
}

} // namespace triad::providers
