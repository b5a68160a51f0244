#include "core/providers/OpenAiChatStream.h"

#include "core/net/ErrorMapper.h"

namespace triad::providers {

namespace {

std::string stringField(const nlohmann::json& obj, const char* key)
{
    if (obj.is_object() && obj.contains(key) && obj[key].is_string())
        return obj[key].get<std::string>();
    return {};
}

} // namespace

Usage OpenAiChatStream::parseUsage(const nlohmann::json& usage)
{
    Usage u;
    if (!usage.is_object())
        return u;
    if (usage.contains("prompt_tokens") && usage["prompt_tokens"].is_number_integer())
        u.promptTokens = usage["prompt_tokens"].get<int64_t>();
    if (usage.contains("completion_tokens") && usage["completion_tokens"].is_number_integer())
        u.completionTokens = usage["completion_tokens"].get<int64_t>();
    return u;
}

void OpenAiChatStream::handleUsage(const nlohmann::json& chunk, int64_t atNs)
{
    // Most servers put usage at the top level; Groq nests it in x_groq.
    const nlohmann::json* usage = nullptr;
    if (chunk.contains("usage") && chunk["usage"].is_object())
        usage = &chunk["usage"];
    else if (chunk.contains("x_groq") && chunk["x_groq"].is_object()
             && chunk["x_groq"].contains("usage") && chunk["x_groq"]["usage"].is_object())
        usage = &chunk["x_groq"]["usage"];
    if (!usage)
        return;
    Usage u = parseUsage(*usage);
    if (u.promptTokens || u.completionTokens)
        emitUsage(atNs, u);
}

void OpenAiChatStream::handleChoice(const nlohmann::json& choice, const nlohmann::json& delta,
                                    int64_t atNs)
{
    if (delta.is_object()) {
        // DeepSeek and vLLM say reasoning_content; OpenRouter and some others say reasoning.
        emitReasoning(atNs, stringField(delta, "reasoning_content"));
        emitReasoning(atNs, stringField(delta, "reasoning"));
        emitContent(atNs, stringField(delta, "content"));
        if (delta.contains("tool_calls") && delta["tool_calls"].is_array())
            emitToolCalls(atNs, delta["tool_calls"]);
    }
    emitContent(atNs, stringField(choice, "text"));   // text completions
    if (choice.contains("finish_reason") && choice["finish_reason"].is_string())
        m_finishReason = choice["finish_reason"].get<std::string>();
}

net::DataVerdict OpenAiChatStream::handleEvent(const net::SseEvent& event, int64_t atNs)
{
    if (event.isDone()) {
        finish(atNs, m_finishReason);
        return net::DataVerdict::Stop;
    }
    auto chunk = parseEventJson(event.data);
    if (chunk.is_discarded())
        return net::DataVerdict::Continue;   // one bad chunk is skipped, not fatal

    if (chunk.contains("error") && !chunk["error"].is_null()) {
        std::string detail = net::ErrorMapper::serverMessage(chunk.dump());
        fail(atNs, ErrorKind::StreamError,
             serviceName() + " reported an error mid-stream: " + (detail.empty() ? "unknown error" : detail));
        return net::DataVerdict::Stop;
    }
    if (chunk.contains("choices") && chunk["choices"].is_array() && !chunk["choices"].empty()) {
        // vLLM's TTFT ends at the first chunk with choices, even a role-only one.
        emitFirstByte(atNs);
        for (const auto& choice : chunk["choices"]) {
            if (!choice.is_object())
                continue;
            // Only the first choice is shown; n > 1 is not something Triad asks for.
            if (choice.contains("index") && choice["index"].is_number_integer()
                && choice["index"].get<int>() != 0)
                continue;
            handleChoice(choice, choice.contains("delta") ? choice["delta"] : nlohmann::json(), atNs);
        }
    }
    handleUsage(chunk, atNs);
    return net::DataVerdict::Continue;
}

void OpenAiChatStream::handleWholeBody(const nlohmann::json& body, int64_t atNs)
{
    if (body.contains("error") && !body["error"].is_null()) {
        fail(atNs, ErrorKind::StreamError,
             serviceName() + " reported an error: " + net::ErrorMapper::serverMessage(body.dump()));
        return;
    }
    if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].empty()) {
        fail(atNs, ErrorKind::BadResponse, serviceName() + " sent a response without choices");
        return;
    }
    const auto& choice = body["choices"][0];
    if (choice.is_object() && choice.contains("message") && choice["message"].is_object()) {
        auto message = choice["message"];
        if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
            // Whole tool calls become one delta each, indexed as a stream would be.
            auto calls = message["tool_calls"];
            for (size_t i = 0; i < calls.size(); ++i) {
                if (calls[i].is_object() && !calls[i].contains("index"))
                    calls[i]["index"] = i;
            }
            message["tool_calls"] = calls;
        }
        handleChoice(choice, message, atNs);
    } else {
        handleChoice(choice, nlohmann::json(), atNs);
    }
    handleUsage(body, atNs);
    finish(atNs, m_finishReason);
}

void OpenAiChatStream::handleEndOfStream(int64_t atNs)
{
    // A server that closes cleanly after finish_reason but skips [DONE] still answered fully.
    if (!m_finishReason.empty())
        finish(atNs, m_finishReason);
    else
        failIncomplete(atNs);
}

} // namespace triad::providers
