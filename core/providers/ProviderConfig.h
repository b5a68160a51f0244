#pragma once
// Settings of one configured provider endpoint, as stored in the workspace.
// The API key itself is never part of this struct: it comes from the keychain (GUI) or
// from the environment variable named in `apiKeyEnv`.

#include <map>
#include <string>

namespace triad::providers {

enum class ApiKind {
    OpenAiCompatible = 1,
    Anthropic,
    Local,
};

const char* apiKindName(ApiKind kind);              ///< "openai", "anthropic", "local"
bool apiKindFromName(const std::string& name, ApiKind& out);

struct ProviderConfig {
    std::string id;              ///< unique, e.g. "fireworks" or "custom-1"
    std::string displayName;     ///< e.g. "Fireworks"
    std::string presetId;        ///< preset it was created from ("" = custom)
    ApiKind kind = ApiKind::OpenAiCompatible;
    std::string baseUrl;         ///< e.g. https://api.fireworks.ai/inference/v1
    std::string apiKeyEnv;       ///< environment variable holding the key, e.g. FIREWORKS_API_KEY
    std::map<std::string, std::string> extraHeaders;  ///< never holds secrets
    int connectTimeoutMs = 10000;
    int idleReadTimeoutMs = 60000;
    int maxRetries = 3;
};

} // namespace triad::providers
