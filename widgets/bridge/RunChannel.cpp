#include "widgets/bridge/RunChannel.h"

#include <utility>

namespace triad::widgets {

using providers::ChatEventKind;

bool RunBatch::empty() const
{
    return text.empty() && reasoning.empty() && !toolCallsChanged && !usageChanged
        && retryNotes.empty() && !terminal;
}

size_t completeUtf8Prefix(const std::string& bytes)
{
    // Walk back over at most 3 continuation bytes to the lead byte of the last character
    // and check whether that character is complete.
    const size_t n = bytes.size();
    size_t i = n;
    int continuation = 0;
    while (i > 0 && continuation < 4) {
        const auto c = static_cast<unsigned char>(bytes[i - 1]);
        if ((c & 0xC0) != 0x80)
            break;
        --i;
        ++continuation;
    }
    if (i == 0)
        return continuation == 0 ? 0 : n;   // only continuation bytes: pass them on (invalid anyway)
    const auto lead = static_cast<unsigned char>(bytes[i - 1]);
    int needed = 0;
    if (lead < 0x80)
        needed = 0;
    else if ((lead & 0xE0) == 0xC0)
        needed = 1;
    else if ((lead & 0xF0) == 0xE0)
        needed = 2;
    else if ((lead & 0xF8) == 0xF0)
        needed = 3;
    else
        return n;   // invalid lead byte: nothing to wait for
    return continuation >= needed ? n : i - 1;
}

bool RunChannel::push(const providers::ChatEvent& event)
{
    std::lock_guard lock(m_mutex);
    if (m_terminal)
        return false;   // nothing may follow the last event; ignore a misbehaving provider
    switch (event.kind) {
    case ChatEventKind::Started:
    case ChatEventKind::FirstByte:
        return false;
    case ChatEventKind::TextDelta:
    case ChatEventKind::ReasoningDelta: {
        if (event.text.empty())
            return false;
        (event.kind == ChatEventKind::TextDelta ? m_text : m_reasoning) += event.text;
        const bool first = !m_contentSeen;
        m_contentSeen = true;
        return first;
    }
    case ChatEventKind::ToolCallDelta:
        m_toolCallsChanged = true;
        return false;
    case ChatEventKind::Usage:
        m_usageChanged = true;
        return false;
    case ChatEventKind::Retrying:
        m_retryNotes.push_back(event.text);
        return true;
    case ChatEventKind::Finished:
    case ChatEventKind::Failed:
        m_terminal = event;
        return true;
    }
    return false;
}

RunBatch RunChannel::take()
{
    RunBatch batch;
    std::lock_guard lock(m_mutex);
    const bool last = m_terminal && !m_terminalTaken;
    auto takeComplete = [last](std::string& pending, std::string& out) {
        // At the very end nothing more will come: pass on even an incomplete tail.
        const size_t keep = last ? pending.size() : completeUtf8Prefix(pending);
        out.assign(pending, 0, keep);
        pending.erase(0, keep);
    };
    takeComplete(m_text, batch.text);
    takeComplete(m_reasoning, batch.reasoning);
    batch.toolCallsChanged = std::exchange(m_toolCallsChanged, false);
    batch.usageChanged = std::exchange(m_usageChanged, false);
    batch.retryNotes.swap(m_retryNotes);
    if (last) {
        batch.terminal = m_terminal;
        m_terminalTaken = true;
    }
    return batch;
}

} // namespace triad::widgets
