#include "core/providers/AnthropicChatStream.h"

#include "core/net/ErrorMapper.h"

namespace triad::providers {

namespace {

std::string stringField(const nlohmann::json& obj, const char* key)
{
    if (obj.is_object() && obj.contains(key) && obj[key].is_string())
        return obj[key].get<std::string>();
    return {};
}

int intField(const nlohmann::json& obj, const char* key, int fallback)
{
    if (obj.is_object() && obj.contains(key) && obj[key].is_number_integer())
        return obj[key].get<int>();
    return fallback;
}

} // namespace

std::string AnthropicChatStream::mapStopReason(const std::string& stopReason)
{
    if (stopReason == "end_turn" || stopReason == "stop_sequence")
        return "stop";
    if (stopReason == "max_tokens")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "refusal")
        return "content_filter";
    return stopReason;
}

void AnthropicChatStream::readUsage(const nlohmann::json& usage)
{
    if (!usage.is_object())
        return;
    if (usage.contains("input_tokens") && usage["input_tokens"].is_number_integer())
        m_usage.promptTokens = usage["input_tokens"].get<int64_t>();
    if (usage.contains("output_tokens") && usage["output_tokens"].is_number_integer())
        m_usage.completionTokens = usage["output_tokens"].get<int64_t>();
}

void AnthropicChatStream::finishWithUsage(int64_t atNs)
{
    if (m_usage.promptTokens || m_usage.completionTokens)
        emitUsage(atNs, m_usage);
    finish(atNs, mapStopReason(m_stopReason));
}

void AnthropicChatStream::handleBlockStart(const nlohmann::json& event, int64_t atNs)
{
    const int index = intField(event, "index", 0);
    if (!event.contains("content_block") || !event["content_block"].is_object())
        return;
    const auto& block = event["content_block"];
    const std::string type = stringField(block, "type");
    if (type == "tool_use") {
        const int ordinal = static_cast<int>(m_toolIndexOfBlock.size());
        m_toolIndexOfBlock[index] = ordinal;
        nlohmann::json call = {{"index", ordinal},
                               {"id", stringField(block, "id")},
                               {"type", "function"},
                               {"function", {{"name", stringField(block, "name")}, {"arguments", ""}}}};
        emitToolCalls(atNs, nlohmann::json::array({call}));
    } else if (type == "text") {
        emitContent(atNs, stringField(block, "text"));
    } else if (type == "thinking") {
        emitReasoning(atNs, stringField(block, "thinking"));
    }
}

void AnthropicChatStream::handleBlockDelta(const nlohmann::json& event, int64_t atNs)
{
    if (!event.contains("delta") || !event["delta"].is_object())
        return;
    const auto& delta = event["delta"];
    const std::string type = stringField(delta, "type");
    if (type == "text_delta") {
        emitContent(atNs, stringField(delta, "text"));
    } else if (type == "thinking_delta") {
        emitReasoning(atNs, stringField(delta, "thinking"));
    } else if (type == "input_json_delta") {
        auto it = m_toolIndexOfBlock.find(intField(event, "index", 0));
        const int ordinal = it == m_toolIndexOfBlock.end() ? 0 : it->second;
        nlohmann::json call = {{"index", ordinal},
                               {"function", {{"arguments", stringField(delta, "partial_json")}}}};
        emitToolCalls(atNs, nlohmann::json::array({call}));
    }
    // signature_delta and unknown delta types carry nothing to show.
}

net::DataVerdict AnthropicChatStream::handleEvent(const net::SseEvent& event, int64_t atNs)
{
    auto json = parseEventJson(event.data);
    if (json.is_discarded())
        return net::DataVerdict::Continue;
    // The event name is on the `event:` line and repeated as "type" in the data.
    const std::string type = event.event.empty() ? stringField(json, "type") : event.event;

    if (type == "message_start") {
        emitFirstByte(atNs);
        if (json.contains("message") && json["message"].is_object()
            && json["message"].contains("usage"))
            readUsage(json["message"]["usage"]);
        // message_start reports output_tokens as 1 or so; the real count comes later.
        m_usage.completionTokens.reset();
    } else if (type == "content_block_start") {
        handleBlockStart(json, atNs);
    } else if (type == "content_block_delta") {
        handleBlockDelta(json, atNs);
    } else if (type == "message_delta") {
        if (json.contains("delta") && json["delta"].is_object()) {
            std::string reason = stringField(json["delta"], "stop_reason");
            if (!reason.empty())
                m_stopReason = reason;
        }
        if (json.contains("usage"))
            readUsage(json["usage"]);
    } else if (type == "message_stop") {
        finishWithUsage(atNs);
        return net::DataVerdict::Stop;
    } else if (type == "error") {
        std::string detail = net::ErrorMapper::serverMessage(json.dump());
        std::string errType = json.contains("error") ? stringField(json["error"], "type") : "";
        fail(atNs, ErrorKind::StreamError,
             serviceName() + " reported an error mid-stream"
                 + (errType.empty() ? "" : " (" + errType + ")") + ": " + detail);
        return net::DataVerdict::Stop;
    }
    // ping, content_block_stop and unknown events: nothing to do.
    return net::DataVerdict::Continue;
}

void AnthropicChatStream::handleWholeBody(const nlohmann::json& body, int64_t atNs)
{
    if (stringField(body, "type") == "error") {
        fail(atNs, ErrorKind::StreamError,
             serviceName() + " reported an error: " + net::ErrorMapper::serverMessage(body.dump()));
        return;
    }
    emitFirstByte(atNs);
    if (body.contains("content") && body["content"].is_array()) {
        int block = 0;
        for (const auto& item : body["content"]) {
            const std::string type = stringField(item, "type");
            if (type == "text") {
                emitContent(atNs, stringField(item, "text"));
            } else if (type == "thinking") {
                emitReasoning(atNs, stringField(item, "thinking"));
            } else if (type == "tool_use") {
                handleBlockStart({{"index", block}, {"content_block", item}}, atNs);
                if (item.contains("input")) {
                    const int ordinal = m_toolIndexOfBlock[block];
                    nlohmann::json call = {{"index", ordinal},
                                           {"function", {{"arguments", item["input"].dump()}}}};
                    emitToolCalls(atNs, nlohmann::json::array({call}));
                }
            }
            ++block;
        }
    }
    m_stopReason = stringField(body, "stop_reason");
    if (body.contains("usage"))
        readUsage(body["usage"]);
    finishWithUsage(atNs);
}

void AnthropicChatStream::handleEndOfStream(int64_t atNs)
{
    if (!m_stopReason.empty())
        finishWithUsage(atNs);
    else
        failIncomplete(atNs);
}

} // namespace triad::providers
