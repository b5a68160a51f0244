#pragma once
// Makes the right Provider for a configured endpoint. The caller supplies the API key
// (GUI: keychain; CLI: environment variable); it stays in the provider's memory only.
//
// Usage:
//   std::string error;
//   auto provider = ProviderFactory::create(config, key, &error);
//   if (!provider) show(error);

#include <functional>
#include <memory>
#include <string>

#include "core/providers/Provider.h"
#include "core/providers/ProviderConfig.h"

namespace triad::providers {

class ProviderFactory {
public:
    /** Builds providers of kind Local (the engine registers one at start-up). */
    using LocalFactory = std::function<std::unique_ptr<Provider>(const ProviderConfig&, std::string* error)>;

    /** nullptr and a reason in `error` when the config cannot work (no base URL, …). */
    static std::unique_ptr<Provider> create(const ProviderConfig& config, const std::string& apiKey,
                                            std::string* error = nullptr);
    static void setLocalFactory(LocalFactory factory);
};

} // namespace triad::providers
