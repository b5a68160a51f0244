#pragma once
// Chat completions over any OpenAI-compatible API (OpenAI, Fireworks, Together, Groq,
// OpenRouter, DeepSeek, Mistral, vLLM, llama.cpp server, Ollama /v1, LM Studio, triad serve),
// streamed over the shared NetworkThread. chat() is safe to call from any thread; the sink
// runs on the network thread.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/net/NetworkThread.h"
#include "core/providers/Provider.h"
#include "core/providers/ProviderConfig.h"
#include "core/providers/RemoteEndpoint.h"

namespace triad::providers {

class OpenAiCompatibleProvider : public Provider {
public:
    /** @param apiKey   held in memory only; empty = no Authorization header (local servers)
     *  @param network  defaults to NetworkThread::shared() */
    OpenAiCompatibleProvider(ProviderConfig config, std::string apiKey,
                             net::NetworkThread* network = nullptr);

    std::string id() const override { return m_endpoint.config().id; }
    std::string displayName() const override { return m_endpoint.serviceName(); }
    ModelListResult listModels() override;
    std::shared_ptr<RequestHandle> chat(const ChatRequest& request, ChatSink sink) override;

    /** The JSON body chat() sends (also what "export as JSON/curl" shows). Every set
     *  SamplingParam is included; top_k, min_p and repetition_penalty as common extras. */
    static nlohmann::json buildRequestBody(const ChatRequest& request);
    /** "chat/completions", or "completions" for a raw prompt. */
    static std::string endpointPath(const ChatRequest& request);

private:
    RemoteEndpoint m_endpoint;
    net::NetworkThread* m_network;
};

} // namespace triad::providers
