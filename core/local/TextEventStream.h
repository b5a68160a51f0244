#pragma once
// Turns the text a local model generates into the events a remote stream would give:
// FirstByte with the first text, then TextDelta, or ReasoningDelta for inline
// <think>…</think> blocks (split by providers::ThinkTagSplitter, tags may straddle pieces).
//
//   TextEventStream stream([&](const ChatEvent& e) { job.emit(e); });
//   generator.generate(..., [&](std::string_view t) { stream.push(t, nowNs()); return true; });
//   stream.finish(nowNs());   // releases text held back as a possible tag start

#include "core/providers/Provider.h"
#include "core/providers/ThinkTagSplitter.h"

#include <cstdint>
#include <string_view>

namespace triad::local {

class TextEventStream {
public:
    explicit TextEventStream(providers::ChatSink emit);

    /** One piece of generated text, stamped @p atNs. Empty pieces are ignored. */
    void push(std::string_view text, int64_t atNs);
    /** End of generation: emits whatever the tag splitter still holds. */
    void finish(int64_t atNs);
    /** FirstByte was sent (some text was generated). */
    bool started() const { return m_started; }

private:
    void deliver(std::vector<providers::TextPiece> pieces, int64_t atNs);

    providers::ChatSink m_emit;
    providers::ThinkTagSplitter m_think;
    bool m_started = false;
};

} // namespace triad::local
