#include "widgets/labeling/PaceMeter.h"

#include <algorithm>

namespace triad::widgets {

void PaceMeter::record(qint64 atMs)
{
    if (!m_times.empty())
        m_activeMs += std::clamp<qint64>(atMs - m_times.back(), 0, kIdleCapMs);
    m_times.push_back(atMs);
}

void PaceMeter::dropLast()
{
    if (m_times.empty())
        return;
    const qint64 last = m_times.back();
    m_times.pop_back();
    if (!m_times.empty())
        m_activeMs -= std::clamp<qint64>(last - m_times.back(), 0, kIdleCapMs);
}

std::optional<double> PaceMeter::perHour() const
{
    if (m_times.size() < 2)
        return std::nullopt;
    // n decisions span n-1 intervals; a burst faster than 1 s/decision is still shown.
    const double activeMs = std::max<double>(double(m_activeMs), 1000.0);
    return double(m_times.size() - 1) * 3'600'000.0 / activeMs;
}

} // namespace triad::widgets
