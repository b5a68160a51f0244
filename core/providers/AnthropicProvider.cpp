#include "core/providers/AnthropicProvider.h"

#include <algorithm>

#include "core/providers/AnthropicChatStream.h"
#include "core/providers/StreamRequestHandle.h"

namespace triad::providers {

namespace {

/** OpenAI-style tool definitions ({type:function, function:{name, description,
 *  parameters}}) → Anthropic ({name, description, input_schema}); others pass through. */
nlohmann::json convertTools(const nlohmann::json& tools)
{
    if (!tools.is_array())
        return tools;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tools) {
        if (t.is_object() && t.value("type", "") == "function" && t.contains("function")) {
            const auto& f = t["function"];
            nlohmann::json converted = {{"name", f.value("name", "")}};
            if (f.contains("description"))
                converted["description"] = f["description"];
            converted["input_schema"] = f.contains("parameters")
                ? f["parameters"]
                : nlohmann::json{{"type", "object"}, {"properties", nlohmann::json::object()}};
            out.push_back(std::move(converted));
        } else {
            out.push_back(t);
        }
    }
    return out;
}

/** Content blocks of one conversation message. */
nlohmann::json blocksOf(const ChatMessage& m)
{
    nlohmann::json blocks = nlohmann::json::array();
    if (m.role == "tool") {
        blocks.push_back({{"type", "tool_result"}, {"tool_use_id", m.toolCallId}, {"content", m.content}});
        return blocks;
    }
    if (!m.content.empty())
        blocks.push_back({{"type", "text"}, {"text", m.content}});
    if (m.role == "assistant" && m.toolCalls.is_array()) {
        for (const auto& call : m.toolCalls) {
            if (!call.is_object() || !call.contains("function"))
                continue;
            const auto& f = call["function"];
            auto input = nlohmann::json::parse(f.value("arguments", "{}"), nullptr, false);
            blocks.push_back({{"type", "tool_use"},
                              {"id", call.value("id", "")},
                              {"name", f.value("name", "")},
                              {"input", input.is_discarded() ? nlohmann::json::object() : input}});
        }
    }
    return blocks;
}

} // namespace

AnthropicProvider::AnthropicProvider(ProviderConfig config, std::string apiKey,
                                     net::NetworkThread* network)
    : m_endpoint(std::move(config), std::move(apiKey)),
      m_network(network ? network : &net::NetworkThread::shared())
{
}

nlohmann::json AnthropicProvider::buildRequestBody(const ChatRequest& request)
{
    nlohmann::json body = {{"model", request.model}};
    body["max_tokens"] = request.params.maxTokens.value_or(kDefaultMaxTokens);

    std::string system = request.system;
    nlohmann::json messages = nlohmann::json::array();
    auto append = [&](const std::string& role, nlohmann::json blocks) {
        if (blocks.empty())
            return;
        // The API wants user and assistant turns to alternate: merge same-role neighbours.
        if (!messages.empty() && messages.back()["role"] == role) {
            for (auto& b : blocks)
                messages.back()["content"].push_back(std::move(b));
        } else {
            messages.push_back({{"role", role}, {"content", std::move(blocks)}});
        }
    };
    if (request.rawPrompt) {
        append("user", nlohmann::json::array({{{"type", "text"}, {"text", *request.rawPrompt}}}));
    } else {
        for (const auto& m : request.messages) {
            if (m.role == "system") {
                // A system turn mid-conversation has no place in the Messages API.
                system += (system.empty() ? "" : "\n\n") + m.content;
                continue;
            }
            append(m.role == "assistant" ? "assistant" : "user", blocksOf(m));
        }
    }
    if (!system.empty())
        body["system"] = system;
    body["messages"] = std::move(messages);
    body["stream"] = request.stream;

    const SamplingParams& p = request.params;
    if (p.temperature) body["temperature"] = *p.temperature;   // 0..1 here; the API explains a wrong one
    if (p.topP) body["top_p"] = *p.topP;
    if (p.topK) body["top_k"] = *p.topK;
    if (!p.stop.empty()) body["stop_sequences"] = p.stop;

    if (!request.tools.is_null())
        body["tools"] = convertTools(request.tools);
    if (request.extraBody.is_object()) {
        for (auto it = request.extraBody.begin(); it != request.extraBody.end(); ++it)
            body[it.key()] = it.value();
    }
    return body;
}

net::HttpRequest AnthropicProvider::makeRequest(net::HttpMethod method, const std::string& path,
                                                std::string body) const
{
    auto r = m_endpoint.makeRequest(method, path, std::move(body));
    if (!m_endpoint.apiKey().empty())
        r.headers.set("x-api-key", m_endpoint.apiKey());
    if (!r.headers.contains("anthropic-version"))
        r.headers.set("anthropic-version", kApiVersion);
    return r;
}

ModelListResult AnthropicProvider::listModels()
{
    auto request = makeRequest(net::HttpMethod::Get, "models?limit=1000", {});
    request.maxRetries = std::min(request.maxRetries, 1);
    return RemoteEndpoint::parseModelList(m_network->fetch(std::move(request)),
                                          m_endpoint.serviceName());
}

std::shared_ptr<RequestHandle> AnthropicProvider::chat(const ChatRequest& request, ChatSink sink)
{
    std::string body = buildRequestBody(request).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace);
    auto http = makeRequest(net::HttpMethod::Post, "messages", std::move(body));
    http.headers.set("Accept", request.stream ? "text/event-stream" : "application/json");
    auto decoder = std::make_shared<AnthropicChatStream>(std::move(sink), m_endpoint.serviceName());
    return std::make_shared<StreamRequestHandle>(m_network->start(std::move(http), decoder));
}

} // namespace triad::providers
