#pragma once
// Ready-made settings for the providers people use most, so adding one is a click and a
// key. "custom" is any other OpenAI-compatible base URL.

#include <string>
#include <vector>

#include "core/providers/ProviderConfig.h"

namespace triad::providers {

struct ProviderPreset {
    std::string id;                        ///< "fireworks"; also the price-table key
    std::string displayName;               ///< "Fireworks"
    ApiKind kind = ApiKind::OpenAiCompatible;
    std::string baseUrl;                   ///< empty for "custom"
    std::string apiKeyEnv;                 ///< e.g. FIREWORKS_API_KEY; empty = no key needed
    bool local = false;                    ///< runs on this machine (Ollama, LM Studio, …)
    std::vector<std::string> commonModels; ///< offered when listing models fails
};

class ProviderPresets {
public:
    static const std::vector<ProviderPreset>& all();
    /** nullptr when there is no preset with that id. */
    static const ProviderPreset* find(const std::string& id);
    /** A config made from a preset; `id` defaults to the preset id. */
    static ProviderConfig makeConfig(const ProviderPreset& preset, const std::string& id = {});
};

} // namespace triad::providers
