#pragma once
// Decodes an Anthropic Messages stream: named events message_start (input tokens),
// content_block_start/delta/stop (text_delta, thinking_delta, input_json_delta for tool
// use), message_delta (stop_reason, output tokens), message_stop, ping and error.
// Tool use is reported in OpenAI's tool_calls delta shape so consumers see one format.

#include <map>
#include <string>

#include "core/providers/SseChatStream.h"

namespace triad::providers {

class AnthropicChatStream : public SseChatStream {
public:
    using SseChatStream::SseChatStream;

    /** Anthropic stop_reason → OpenAI finish_reason ("end_turn" → "stop", …). */
    static std::string mapStopReason(const std::string& stopReason);

protected:
    net::DataVerdict handleEvent(const net::SseEvent& event, int64_t atNs) override;
    void handleWholeBody(const nlohmann::json& body, int64_t atNs) override;
    void handleEndOfStream(int64_t atNs) override;

private:
    void handleBlockStart(const nlohmann::json& event, int64_t atNs);
    void handleBlockDelta(const nlohmann::json& event, int64_t atNs);
    void readUsage(const nlohmann::json& usage);
    void finishWithUsage(int64_t atNs);

    std::map<int, int> m_toolIndexOfBlock;   // content block index → tool call ordinal
    Usage m_usage;
    std::string m_stopReason;
};

} // namespace triad::providers
