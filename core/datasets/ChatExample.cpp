#include "core/datasets/ChatExample.h"

namespace triad::datasets {

using nlohmann::json;

namespace {

json toMessage(const providers::ChatMessage& m)
{
    json out{{"role", m.role}, {"content", m.content}};
    if (m.toolCalls.is_array() && !m.toolCalls.empty())
        out["tool_calls"] = m.toolCalls;
    if (!m.toolCallId.empty())
        out["tool_call_id"] = m.toolCallId;
    if (m.weight)
        out["weight"] = *m.weight;
    return out;
}

} // namespace

Example exampleFromChat(const providers::ChatRequest& request, const std::string& answer, const json& metadata)
{
    Example ex;
    ex.messages = json::array();
    if (!request.system.empty())
        ex.messages.push_back(json{{"role", "system"}, {"content", request.system}});
    for (const auto& m : request.messages)
        ex.messages.push_back(toMessage(m));
    if (!answer.empty())
        ex.messages.push_back(json{{"role", "assistant"}, {"content", answer}});
    if (metadata.is_object())
        ex.metadata = metadata;
    return ex;
}

json promptMessages(const json& messages)
{
    if (!messages.is_array())
        return json::array();
    json out = messages;
    if (!out.empty() && out.back().is_object() && out.back().value("role", std::string()) == "assistant")
        out.erase(out.size() - 1);
    return out;
}

std::string messageText(const json& message)
{
    if (!message.is_object())
        return {};
    auto content = message.find("content");
    if (content == message.end())
        return {};
    if (content->is_string())
        return content->get<std::string>();
    std::string text;
    if (content->is_array()) {
        for (const auto& part : *content) {
            if (part.is_object() && part.value("type", std::string()) == "text" && part.contains("text")
                && part["text"].is_string()) {
                if (!text.empty())
                    text += "\n";
                text += part["text"].get<std::string>();
            }
        }
    }
    return text;
}

providers::ChatRequest chatFromPrompt(const json& prompt)
{
    providers::ChatRequest request;
    if (!prompt.is_array())
        return request;
    for (size_t i = 0; i < prompt.size(); ++i) {
        const json& m = prompt[i];
        if (!m.is_object())
            continue;
        const std::string role = m.value("role", std::string());
        if (role == "system" && i == 0) {
            request.system = messageText(m);
            continue;
        }
        providers::ChatMessage msg;
        msg.role = role;
        msg.content = messageText(m);
        if (auto calls = m.find("tool_calls"); calls != m.end() && calls->is_array())
            msg.toolCalls = *calls;
        if (auto id = m.find("tool_call_id"); id != m.end() && id->is_string())
            msg.toolCallId = id->get<std::string>();
        request.messages.push_back(std::move(msg));
    }
    return request;
}

} // namespace triad::datasets
