#pragma once
// Anthropic's Messages API, streamed (named SSE events) over the shared NetworkThread.
// chat() is safe to call from any thread; the sink runs on the network thread.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/net/NetworkThread.h"
#include "core/providers/Provider.h"
#include "core/providers/ProviderConfig.h"
#include "core/providers/RemoteEndpoint.h"

namespace triad::providers {

class AnthropicProvider : public Provider {
public:
    static constexpr const char* kApiVersion = "2023-06-01";
    /** Sent when the request sets no max tokens: the API requires the field. */
    static constexpr int kDefaultMaxTokens = 1024;

    AnthropicProvider(ProviderConfig config, std::string apiKey,
                      net::NetworkThread* network = nullptr);

    std::string id() const override { return m_endpoint.config().id; }
    std::string displayName() const override { return m_endpoint.serviceName(); }
    ModelListResult listModels() override;
    std::shared_ptr<RequestHandle> chat(const ChatRequest& request, ChatSink sink) override;

    /** The Messages API body: top-level system, alternating user/assistant turns (same-role
     *  neighbours merged), tool calls and results as tool_use/tool_result blocks. Sampling
     *  parameters the API lacks (min_p, penalties, seed) are not sent. */
    static nlohmann::json buildRequestBody(const ChatRequest& request);

private:
    net::HttpRequest makeRequest(net::HttpMethod method, const std::string& path,
                                 std::string body) const;

    RemoteEndpoint m_endpoint;
    net::NetworkThread* m_network;
};

} // namespace triad::providers
