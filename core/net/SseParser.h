#pragma once
// Incremental server-sent-events parser. Network reads split the stream anywhere: inside a
// line, between CR and LF, inside a UTF-8 character. The parser buffers bytes until a line
// ends, so events (and the characters in them) always come out whole.
//
// Usage:
//   SseParser parser;
//   parser.feed(bytes, [](const SseEvent& e) { if (e.isDone()) ...; else use(e.data); });
//   parser.finish(onEvent);   // at end of stream: flushes an event missing its blank line

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/net/SseEvent.h"

namespace triad::net {

class SseParser {
public:
    using EventFn = std::function<void(const SseEvent&)>;

    /** Longest line kept; longer lines are dropped and overflowed() turns true. */
    static constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;

    void feed(std::string_view bytes, const EventFn& onEvent);
    /** Convenience for tests: the events completed by these bytes. */
    std::vector<SseEvent> feed(std::string_view bytes);
    /** End of stream: dispatches a pending event whose terminating blank line never came. */
    void finish(const EventFn& onEvent);

    size_t eventCount() const { return m_events; }
    size_t commentCount() const { return m_comments; }
    /** Lines that are neither fields nor comments: a sign the body is not an event stream. */
    size_t unknownLineCount() const { return m_unknownLines; }
    /** The first such line (clipped), to show in an error message. */
    const std::string& firstUnknownLine() const { return m_firstUnknownLine; }
    bool overflowed() const { return m_overflowed; }
    /** Bytes fed so far. */
    size_t bytesSeen() const { return m_bytesSeen; }

private:
    void processLine(const std::string& line, const EventFn& onEvent);
    void dispatch(const EventFn& onEvent);

    std::string m_line;
    bool m_dropLine = false;        // current line is over the limit
    bool m_lastWasCR = false;       // a CR ended the previous line; swallow a following LF
    bool m_atStart = true;          // a UTF-8 BOM may open the stream
    std::string m_bomProbe;         // first bytes while the BOM question is open
    std::string m_data;
    bool m_hasData = false;
    std::string m_eventName;
    std::string m_lastId;
    size_t m_events = 0;
    size_t m_comments = 0;
    size_t m_unknownLines = 0;
    std::string m_firstUnknownLine;
    bool m_overflowed = false;
    size_t m_bytesSeen = 0;
};

} // namespace triad::net
