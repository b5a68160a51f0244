#include "core/engine/Utf8StreamDecoder.h"

#include "core/engine/Unicode.h"

namespace triad::engine {

namespace {

/** True when bytes [from, end) are a valid start of a sequence that simply has not ended yet. */
bool isUnfinishedSequence(std::string_view s, size_t from)
{
    const auto lead = static_cast<uint8_t>(s[from]);
    const size_t length = utf8SequenceLength(lead);
    if (length <= 1 || from + length <= s.size())
        return false;
    for (size_t i = from + 1; i < s.size(); ++i) {
        if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80)
            return false;
    }
    // Reject prefixes that can only become overlong forms, surrogates or values past U+10FFFF.
    if (from + 1 < s.size()) {
        const auto second = static_cast<uint8_t>(s[from + 1]);
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0)
            || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))
            return false;
    }
    return true;
}

} // namespace

std::string Utf8StreamDecoder::push(std::string_view bytes)
{
    m_pending.append(bytes);
    std::string out;
    size_t i = 0;
    while (i < m_pending.size()) {
        if (isUnfinishedSequence(m_pending, i))
            break;
        appendUtf8(out, utf8DecodeOne(m_pending, i));
    }
    m_pending.erase(0, i);
    return out;
}

std::string Utf8StreamDecoder::flush()
{
    std::string out;
    if (!m_pending.empty())
        appendUtf8(out, kReplacementCharacter);
    m_pending.clear();
    return out;
}

} // namespace triad::engine
