#pragma once
// Base of the remote chat decoders: receives a transfer's bytes on the network thread,
// splits them into server-sent events and turns protocol events into ChatEvents for the
// sink. Guarantees the Provider contract: Started first, exactly one Finished/Failed last,
// and text that already streamed is never taken back when the stream breaks.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/net/SseParser.h"
#include "core/net/TransferHandler.h"
#include "core/providers/Provider.h"
#include "core/providers/ThinkTagSplitter.h"

namespace triad::providers {

class SseChatStream : public net::TransferHandler {
public:
    SseChatStream(ChatSink sink, std::string serviceName);

    void onStarted(int64_t atNs) override;
    void onRetrying(const net::RetryNotice& notice) override;
    void onResponseHeaders(int httpStatus, const net::HttpHeaders& headers) override;
    net::DataVerdict onData(std::string_view bytes, int64_t atNs) override;
    void onComplete(const net::TransferResult& result) override;

protected:
    /** One event of the stream. Return Stop once the stream is complete. */
    virtual net::DataVerdict handleEvent(const net::SseEvent& event, int64_t atNs) = 0;
    /** The server ignored stream=true and sent one JSON document. */
    virtual void handleWholeBody(const nlohmann::json& body, int64_t atNs) = 0;
    /** The transfer ended cleanly but no final event was sent yet. */
    virtual void handleEndOfStream(int64_t atNs) = 0;

    // Emitters; they keep the contract (nothing after the final event).
    void emitFirstByte(int64_t atNs);
    /** Answer text; inline <think> blocks are split off as reasoning. */
    void emitContent(int64_t atNs, const std::string& text);
    void emitReasoning(int64_t atNs, const std::string& text);
    void emitToolCalls(int64_t atNs, const nlohmann::json& deltas);
    void emitUsage(int64_t atNs, const Usage& usage);
    void finish(int64_t atNs, const std::string& finishReason);
    void fail(int64_t atNs, ErrorKind kind, const std::string& message, int httpStatus = 0);

    /** Parses an event's JSON; counts and skips invalid JSON (returns discarded). */
    nlohmann::json parseEventJson(const std::string& data);

    /** Error for a clean transfer that never completed its protocol. */
    void failIncomplete(int64_t atNs);

    bool finalSent() const { return m_finalSent; }
    bool anyContent() const { return m_anyContent; }
    const std::string& serviceName() const { return m_service; }

private:
    void emit(ChatEvent event);
    void flushThinkSplitter(int64_t atNs);

    ChatSink m_sink;
    std::string m_service;
    net::SseParser m_parser;
    ThinkTagSplitter m_think;
    bool m_firstByteSent = false;
    bool m_finalSent = false;
    bool m_anyContent = false;
    bool m_wholeBody = false;          // Content-Type said JSON, not an event stream
    std::string m_body;                // the whole JSON body in that case
    size_t m_validEvents = 0;
    size_t m_invalidJson = 0;
    std::string m_firstInvalidJson;
};

} // namespace triad::providers
