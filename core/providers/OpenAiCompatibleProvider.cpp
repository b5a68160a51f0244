#include "core/providers/OpenAiCompatibleProvider.h"

#include <algorithm>

#include "core/providers/OpenAiChatStream.h"
#include "core/providers/StreamRequestHandle.h"

namespace triad::providers {

namespace {

nlohmann::json messageToJson(const ChatMessage& m)
{
    nlohmann::json j = {{"role", m.role}, {"content", m.content}};
    if (m.role == "assistant" && m.toolCalls.is_array() && !m.toolCalls.empty()) {
        j["tool_calls"] = m.toolCalls;
        if (m.content.empty())
            j["content"] = nullptr;
    }
    if (m.role == "tool" && !m.toolCallId.empty())
        j["tool_call_id"] = m.toolCallId;
    return j;
}

} // namespace

OpenAiCompatibleProvider::OpenAiCompatibleProvider(ProviderConfig config, std::string apiKey,
                                                   net::NetworkThread* network)
    : m_endpoint(std::move(config), std::move(apiKey)),
      m_network(network ? network : &net::NetworkThread::shared())
{
}

std::string OpenAiCompatibleProvider::endpointPath(const ChatRequest& request)
{
    return request.rawPrompt ? "completions" : "chat/completions";
}

nlohmann::json OpenAiCompatibleProvider::buildRequestBody(const ChatRequest& request)
{
    nlohmann::json body = {{"model", request.model}};
    if (request.rawPrompt) {
        body["prompt"] = *request.rawPrompt;
    } else {
        nlohmann::json messages = nlohmann::json::array();
        if (!request.system.empty())
            messages.push_back({{"role", "system"}, {"content", request.system}});
        for (const auto& m : request.messages)
            messages.push_back(messageToJson(m));
        body["messages"] = std::move(messages);
    }
    body["stream"] = request.stream;
    if (request.stream)
        body["stream_options"] = {{"include_usage", true}};

    const SamplingParams& p = request.params;
    if (p.temperature) body["temperature"] = *p.temperature;
    if (p.topP) body["top_p"] = *p.topP;
    if (p.maxTokens) body["max_tokens"] = *p.maxTokens;
    if (!p.stop.empty()) body["stop"] = p.stop;
    if (p.seed) body["seed"] = *p.seed;
    if (p.presencePenalty) body["presence_penalty"] = *p.presencePenalty;
    if (p.frequencyPenalty) body["frequency_penalty"] = *p.frequencyPenalty;
    // Not in OpenAI's own API, but vLLM, llama.cpp, Fireworks and Together accept them.
    if (p.topK) body["top_k"] = *p.topK;
    if (p.minP) body["min_p"] = *p.minP;
    if (p.repetitionPenalty) body["repetition_penalty"] = *p.repetitionPenalty;

    if (!request.tools.is_null())
        body["tools"] = request.tools;
    if (request.extraBody.is_object()) {
        for (auto it = request.extraBody.begin(); it != request.extraBody.end(); ++it)
            body[it.key()] = it.value();
    }
    return body;
}

ModelListResult OpenAiCompatibleProvider::listModels()
{
    auto request = m_endpoint.makeRequest(net::HttpMethod::Get, "models", {});
    if (!m_endpoint.apiKey().empty())
        request.headers.set("Authorization", "Bearer " + m_endpoint.apiKey());
    request.maxRetries = std::min(request.maxRetries, 1);
    return RemoteEndpoint::parseModelList(m_network->fetch(std::move(request)),
                                          m_endpoint.serviceName());
}

std::shared_ptr<RequestHandle> OpenAiCompatibleProvider::chat(const ChatRequest& request,
                                                              ChatSink sink)
{
    // error_handler_t::replace: model text pasted into a prompt may hold broken UTF-8.
    std::string body = buildRequestBody(request).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace);
    auto http = m_endpoint.makeRequest(net::HttpMethod::Post, endpointPath(request), std::move(body));
    if (!m_endpoint.apiKey().empty())
        http.headers.set("Authorization", "Bearer " + m_endpoint.apiKey());
    http.headers.set("Accept", request.stream ? "text/event-stream" : "application/json");
    auto decoder = std::make_shared<OpenAiChatStream>(std::move(sink), m_endpoint.serviceName());
    return std::make_shared<StreamRequestHandle>(m_network->start(std::move(http), decoder));
}

} // namespace triad::providers
