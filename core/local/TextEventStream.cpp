#include "core/local/TextEventStream.h"

namespace triad::local {

using providers::ChatEvent;
using providers::ChatEventKind;

TextEventStream::TextEventStream(providers::ChatSink emit)
    : m_emit(std::move(emit))
{
}

void TextEventStream::push(std::string_view text, int64_t atNs)
{
    if (text.empty())
        return;
    if (!m_started) {
        m_started = true;
        ChatEvent first;
        first.kind = ChatEventKind::FirstByte;
        first.atNs = atNs;
        m_emit(first);
    }
    deliver(m_think.feed(text), atNs);
}

void TextEventStream::finish(int64_t atNs)
{
    deliver(m_think.flush(), atNs);
}

void TextEventStream::deliver(std::vector<providers::TextPiece> pieces, int64_t atNs)
{
    for (auto& piece : pieces) {
        ChatEvent e;
        e.kind = piece.reasoning ? ChatEventKind::ReasoningDelta : ChatEventKind::TextDelta;
        e.atNs = atNs;
        e.text = std::move(piece.text);
        m_emit(e);
    }
}

} // namespace triad::local
