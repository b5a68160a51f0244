#include "core/metrics/Timeline.h"

namespace triad::metrics {

void Timeline::markSent(int64_t atNs)
{
    if (!m_sentNs)
        m_sentNs = atNs;
}

void Timeline::markFirstByte(int64_t atNs)
{
    if (!m_firstByteNs)
        m_firstByteNs = atNs;
}

void Timeline::addChunk(int64_t atNs, int64_t chars, bool reasoning)
{
    if (chars <= 0)
        return;
    // A chunk implies bytes arrived, so first byte can never be later than first content.
    markFirstByte(atNs);
    m_chunks.push_back({atNs, chars, reasoning});
}

void Timeline::markDone(int64_t atNs)
{
    if (!m_doneNs)
        m_doneNs = atNs;
}

std::optional<int64_t> Timeline::firstContentNs() const
{
    if (m_chunks.empty())
        return std::nullopt;
    return m_chunks.front().atNs;
}

std::optional<int64_t> Timeline::lastContentNs() const
{
    if (m_chunks.empty())
        return std::nullopt;
    return m_chunks.back().atNs;
}

int64_t Timeline::totalChars() const
{
    int64_t total = 0;
    for (const auto& c : m_chunks)
        total += c.chars;
    return total;
}

} // namespace triad::metrics
