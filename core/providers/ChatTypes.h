#pragma once
// Model-agnostic chat request/response types shared by every Provider.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace triad::providers {

/** One message of a conversation. `role` is system|user|assistant|tool. */
struct ChatMessage {
    std::string role;
    std::string content;
    std::string reasoning;          ///< assistant thinking kept apart from content
    nlohmann::json toolCalls;       ///< OpenAI-style tool_calls array, or null
    std::string toolCallId;         ///< for role == "tool"
    std::optional<int> weight;      ///< SFT weight (0 = do not train on it)
};

/** Sampling parameters; an unset optional means "provider default, not sent". */
struct SamplingParams {
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<double> minP;
    std::optional<int> maxTokens;
    std::vector<std::string> stop;
    std::optional<int64_t> seed;
    std::optional<double> presencePenalty;
    std::optional<double> frequencyPenalty;
    std::optional<double> repetitionPenalty;
};

struct ChatRequest {
    std::string model;
    std::string system;                  ///< system prompt (empty = none)
    std::vector<ChatMessage> messages;   ///< user/assistant/tool turns, in order
    SamplingParams params;
    nlohmann::json tools;                ///< passed through when not null
    nlohmann::json extraBody;            ///< merged into the request body when an object
    bool stream = true;
    /** When set, this text is sent as-is with no chat template (text completions,
     *  `triad-cli run --raw`); `system` and `messages` are then ignored. */
    std::optional<std::string> rawPrompt;
};

/** Token counts of one answer. `estimated` when the provider reported none. */
struct Usage {
    std::optional<int64_t> promptTokens;
    std::optional<int64_t> completionTokens;
    bool estimated = false;
};

/** What went wrong, in words a person understands. Never contains an API key. */
enum class ErrorKind {
    Auth = 1,          ///< 401/403: key rejected
    RateLimited,       ///< 429
    Server,            ///< 5xx
    BadRequest,        ///< other 4xx (unknown model, bad parameter, context overflow)
    Dns,
    Tls,
    ConnectTimeout,
    ReadTimeout,       ///< idle too long before or during the stream
    Connection,        ///< refused, reset, closed mid-stream
    BadResponse,       ///< unparseable or unexpected body
    StreamError,       ///< an error event inside the stream
    Cancelled,
    Local,             ///< local engine failure
};

struct ErrorInfo {
    ErrorKind kind = ErrorKind::Connection;
    int httpStatus = 0;
    std::string message;   ///< plain words, names the provider and the reason
};

const char* errorKindName(ErrorKind kind);

/** A streamed event. Timestamps are steady-clock nanoseconds (metrics::nowNs()). */
enum class ChatEventKind {
    Started = 1,      ///< request sent (or queued locally)
    FirstByte,        ///< first byte of the response body / first chunk with choices
    TextDelta,
    ReasoningDelta,
    ToolCallDelta,    ///< `json` holds the tool_calls delta array
    Usage,
    Retrying,         ///< `text` says why; nothing had streamed yet
    Finished,         ///< `finishReason` set; always the last event on success
    Failed,           ///< `error` set; always the last event on failure
};

struct ChatEvent {
    ChatEventKind kind = ChatEventKind::Started;
    int64_t atNs = 0;
    std::string text;
    nlohmann::json json;
    Usage usage;
    std::string finishReason;
    ErrorInfo error;
};

/** A model a provider offers. */
struct ModelInfo {
    std::string id;
    std::string ownedBy;
    std::optional<int64_t> contextLength;
};

} // namespace triad::providers
