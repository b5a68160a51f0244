#pragma once
// Decodes an OpenAI-compatible chat completions stream: `data:` chunks with choices[].delta
// (content, reasoning_content / reasoning, tool_calls), finish_reason, the usage chunk that
// stream_options.include_usage adds, `data: {"error": …}` and `data: [DONE]`. Also takes
// text completions (choices[].text) and a non-streamed JSON answer.

#include <optional>
#include <string>

#include "core/providers/SseChatStream.h"

namespace triad::providers {

class OpenAiChatStream : public SseChatStream {
public:
    using SseChatStream::SseChatStream;

    /** Usage object {prompt_tokens, completion_tokens} → Usage (unset fields stay unset). */
    static Usage parseUsage(const nlohmann::json& usage);

protected:
    net::DataVerdict handleEvent(const net::SseEvent& event, int64_t atNs) override;
    void handleWholeBody(const nlohmann::json& body, int64_t atNs) override;
    void handleEndOfStream(int64_t atNs) override;

private:
    void handleChoice(const nlohmann::json& choice, const nlohmann::json& delta, int64_t atNs);
    void handleUsage(const nlohmann::json& chunk, int64_t atNs);

    std::string m_finishReason;
};

} // namespace triad::providers
