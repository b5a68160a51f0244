#include "core/providers/ProviderFactory.h"

#include <mutex>

#include "core/providers/AnthropicProvider.h"
#include "core/providers/OpenAiCompatibleProvider.h"

namespace triad::providers {

namespace {

std::mutex& localFactoryMutex()
{
    static std::mutex m;
    return m;
}

ProviderFactory::LocalFactory& localFactory()
{
    static ProviderFactory::LocalFactory f;
    return f;
}

bool setError(std::string* error, std::string message)
{
    if (error)
        *error = std::move(message);
    return false;
}

} // namespace

void ProviderFactory::setLocalFactory(LocalFactory factory)
{
    std::lock_guard lock(localFactoryMutex());
    localFactory() = std::move(factory);
}

std::unique_ptr<Provider> ProviderFactory::create(const ProviderConfig& config,
                                                  const std::string& apiKey, std::string* error)
{
    const std::string name = config.displayName.empty() ? config.id : config.displayName;
    if (config.kind == ApiKind::Local) {
        LocalFactory f;
        {
            std::lock_guard lock(localFactoryMutex());
            f = localFactory();
        }
        if (!f) {
            setError(error, "local models are not available in this build (no engine registered)");
            return nullptr;
        }
        return f(config, error);
    }
    if (config.baseUrl.rfind("http://", 0) != 0 && config.baseUrl.rfind("https://", 0) != 0) {
        setError(error, "provider " + name + " needs a base URL starting with http:// or https://"
                            + (config.baseUrl.empty() ? "" : " (got '" + config.baseUrl + "')"));
        return nullptr;
    }
    if (config.kind == ApiKind::Anthropic)
        return std::make_unique<AnthropicProvider>(config, apiKey);
    return std::make_unique<OpenAiCompatibleProvider>(config, apiKey);
}

} // namespace triad::providers
