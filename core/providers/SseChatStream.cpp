#include "core/providers/SseChatStream.h"

#include <cstdio>

#include "core/metrics/Clock.h"
#include "core/net/Utf8Text.h"

namespace triad::providers {

namespace {

constexpr size_t kMaxWholeBodyBytes = 32 * 1024 * 1024;

std::string clipForMessage(const std::string& s)
{
    return net::Utf8Text::clipForMessage(s, 80);
}

} // namespace

SseChatStream::SseChatStream(ChatSink sink, std::string serviceName)
    : m_sink(std::move(sink)), m_service(std::move(serviceName))
{
}

void SseChatStream::emit(ChatEvent event)
{
    if (m_finalSent)
        return;
    if (event.kind == ChatEventKind::Finished || event.kind == ChatEventKind::Failed)
        m_finalSent = true;
    if (m_sink)
        m_sink(event);
}

void SseChatStream::onStarted(int64_t atNs)
{
    ChatEvent e;
    e.kind = ChatEventKind::Started;
    e.atNs = atNs;
    emit(std::move(e));
}

void SseChatStream::onRetrying(const net::RetryNotice& notice)
{
    char delay[32];
    std::snprintf(delay, sizeof delay, "%.1f s", notice.delayMs / 1000.0);
    ChatEvent e;
    e.kind = ChatEventKind::Retrying;
    e.atNs = metrics::nowNs();
    e.text = "Retrying in " + std::string(delay) + " (attempt " + std::to_string(notice.nextAttempt)
        + " of " + std::to_string(notice.maxAttempts) + "): " + notice.cause.message;
    e.json = {{"attempt", notice.nextAttempt},
              {"max_attempts", notice.maxAttempts},
              {"delay_ms", notice.delayMs},
              {"kind", errorKindName(notice.cause.kind)},
              {"http_status", notice.cause.httpStatus}};
    e.error = notice.cause;
    emit(std::move(e));
}

void SseChatStream::onResponseHeaders(int, const net::HttpHeaders& headers)
{
    const std::string type = headers.value("Content-Type").value_or("");
    // Some servers ignore stream=true and answer with one JSON document.
    m_wholeBody = type.find("application/json") != std::string::npos;
}

net::DataVerdict SseChatStream::onData(std::string_view bytes, int64_t atNs)
{
    if (m_finalSent)
        return net::DataVerdict::Stop;
    if (m_wholeBody) {
        if (m_body.size() + bytes.size() > kMaxWholeBodyBytes) {
            fail(atNs, ErrorKind::BadResponse, m_service + " sent a response larger than 32 MB");
            return net::DataVerdict::Stop;
        }
        m_body.append(bytes);
        return net::DataVerdict::Continue;
    }
    net::DataVerdict verdict = net::DataVerdict::Continue;
    m_parser.feed(bytes, [&](const net::SseEvent& event) {
        if (verdict == net::DataVerdict::Stop || m_finalSent)
            return;
        verdict = handleEvent(event, atNs);
    });
    if (m_parser.overflowed() && !m_finalSent) {
        fail(atNs, ErrorKind::BadResponse, m_service + " sent a stream line longer than 16 MB");
        return net::DataVerdict::Stop;
    }
    return m_finalSent ? net::DataVerdict::Stop : verdict;
}

void SseChatStream::onComplete(const net::TransferResult& result)
{
    const int64_t at = result.doneNs ? result.doneNs : metrics::nowNs();
    if (m_finalSent)
        return;
    if (result.error) {
        fail(at, result.error->kind, result.error->message, result.error->httpStatus);
        return;
    }
    if (result.outcome == net::TransferOutcome::Cancelled) {
        fail(at, ErrorKind::Cancelled, "Cancelled");
        return;
    }
    if (m_wholeBody) {
        auto json = nlohmann::json::parse(m_body, nullptr, false);
        if ((json.is_discarded() || !json.is_object()) && m_body.find("data:") != std::string::npos) {
            // An event stream mislabelled as JSON: read it as the stream it is.
            m_wholeBody = false;
            m_parser.feed(m_body, [&](const net::SseEvent& event) {
                if (!m_finalSent)
                    handleEvent(event, at);
            });
        } else if (json.is_discarded() || !json.is_object()) {
            fail(at, ErrorKind::BadResponse,
                 m_service + " sent a JSON response that does not parse: " + clipForMessage(m_body));
            return;
        } else {
            handleWholeBody(json, at);
        }
    }
    if (!m_wholeBody && !m_finalSent) {
        m_parser.finish([&](const net::SseEvent& event) {
            if (!m_finalSent)
                handleEvent(event, at);
        });
    }
    if (!m_finalSent)
        handleEndOfStream(at);
}

void SseChatStream::flushThinkSplitter(int64_t atNs)
{
    for (auto& piece : m_think.flush()) {
        ChatEvent e;
        e.kind = piece.reasoning ? ChatEventKind::ReasoningDelta : ChatEventKind::TextDelta;
        e.atNs = atNs;
        e.text = std::move(piece.text);
        m_anyContent = true;
        emit(std::move(e));
    }
}

void SseChatStream::emitFirstByte(int64_t atNs)
{
    if (m_firstByteSent)
        return;
    m_firstByteSent = true;
    ChatEvent e;
    e.kind = ChatEventKind::FirstByte;
    e.atNs = atNs;
    emit(std::move(e));
}

void SseChatStream::emitContent(int64_t atNs, const std::string& text)
{
    if (text.empty())
        return;
    emitFirstByte(atNs);
    for (auto& piece : m_think.feed(text)) {
        ChatEvent e;
        e.kind = piece.reasoning ? ChatEventKind::ReasoningDelta : ChatEventKind::TextDelta;
        e.atNs = atNs;
        e.text = std::move(piece.text);
        m_anyContent = true;
        emit(std::move(e));
    }
}

void SseChatStream::emitReasoning(int64_t atNs, const std::string& text)
{
    if (text.empty())
        return;
    emitFirstByte(atNs);
    ChatEvent e;
    e.kind = ChatEventKind::ReasoningDelta;
    e.atNs = atNs;
    e.text = text;
    m_anyContent = true;
    emit(std::move(e));
}

void SseChatStream::emitToolCalls(int64_t atNs, const nlohmann::json& deltas)
{
    if (!deltas.is_array() || deltas.empty())
        return;
    emitFirstByte(atNs);
    ChatEvent e;
    e.kind = ChatEventKind::ToolCallDelta;
    e.atNs = atNs;
    e.json = deltas;
    m_anyContent = true;
    emit(std::move(e));
}

void SseChatStream::emitUsage(int64_t atNs, const Usage& usage)
{
    ChatEvent e;
    e.kind = ChatEventKind::Usage;
    e.atNs = atNs;
    e.usage = usage;
    emit(std::move(e));
}

void SseChatStream::finish(int64_t atNs, const std::string& finishReason)
{
    flushThinkSplitter(atNs);
    ChatEvent e;
    e.kind = ChatEventKind::Finished;
    e.atNs = atNs;
    e.finishReason = finishReason.empty() ? "stop" : finishReason;
    emit(std::move(e));
}

void SseChatStream::fail(int64_t atNs, ErrorKind kind, const std::string& message, int httpStatus)
{
    flushThinkSplitter(atNs);
    ChatEvent e;
    e.kind = ChatEventKind::Failed;
    e.atNs = atNs;
    e.error = ErrorInfo{kind, httpStatus, message};
    emit(std::move(e));
}

nlohmann::json SseChatStream::parseEventJson(const std::string& data)
{
    auto json = nlohmann::json::parse(data, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        if (m_invalidJson++ == 0)
            m_firstInvalidJson = data;
        return nlohmann::json::value_t::discarded;
    }
    ++m_validEvents;
    return json;
}

void SseChatStream::failIncomplete(int64_t atNs)
{
    if (m_validEvents == 0 && m_invalidJson > 0) {
        fail(atNs, ErrorKind::BadResponse,
             m_service + " sent data that is not JSON: " + clipForMessage(m_firstInvalidJson));
    } else if (m_validEvents == 0) {
        std::string sample = m_parser.firstUnknownLine();
        fail(atNs, ErrorKind::BadResponse,
             m_service + " did not answer with an event stream"
                 + (sample.empty() ? std::string(" (empty response)")
                                   : ": " + clipForMessage(sample)));
    } else {
        fail(atNs, ErrorKind::Connection,
             "The stream from " + m_service
                 + " ended before the answer was complete (no end marker); the text received "
                   "so far is kept");
    }
}

} // namespace triad::providers
