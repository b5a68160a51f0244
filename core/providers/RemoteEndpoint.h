#pragma once
// The HTTP side of a configured remote provider: URLs under its base URL, its headers
// (with the API key, which lives only here, in memory) and its timeouts.

#include <string>

#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"
#include "core/providers/Provider.h"
#include "core/providers/ProviderConfig.h"

namespace triad::providers {

class RemoteEndpoint {
public:
    RemoteEndpoint(ProviderConfig config, std::string apiKey);

    const ProviderConfig& config() const { return m_config; }
    /** The display name for messages ("Fireworks"), or the host when the config has none. */
    std::string serviceName() const;
    /** base URL + "/" + path, without doubled slashes. */
    std::string url(const std::string& path) const;

    /** A request with the config's timeouts, retries, extra headers and the key scrubbed
     *  from anything it produces. Auth headers are the caller's (they differ per API). */
    net::HttpRequest makeRequest(net::HttpMethod method, const std::string& path,
                                 std::string body) const;
    const std::string& apiKey() const { return m_apiKey; }

    /** `{"data":[{"id","owned_by",…}]}` (or a bare array) → models; context length from
     *  context_length / max_model_len / context_window when present. */
    static ModelListResult parseModelList(const net::HttpResponse& response,
                                          const std::string& serviceName);

private:
    ProviderConfig m_config;
    std::string m_apiKey;
};

} // namespace triad::providers
