#pragma once
// This session's labeling pace: decisions per hour of active work. A pause longer than
// kIdleCapMs (coffee, a meeting) counts as kIdleCapMs, so the pace says how fast the
// person labels, not how long the window was open.

#include <optional>
#include <vector>

#include <QtGlobal>

namespace triad::widgets {

class PaceMeter {
public:
    static constexpr qint64 kIdleCapMs = 120'000;

    /** A decision at `atMs` (any monotonic or wall clock in ms). */
    void record(qint64 atMs);
    /** Takes the last decision back (after undo). */
    void dropLast();
    int decisions() const { return static_cast<int>(m_times.size()); }
    /** Decisions per hour, nullopt before the second decision. */
    std::optional<double> perHour() const;

private:
    std::vector<qint64> m_times;
    qint64 m_activeMs = 0;
};

} // namespace triad::widgets
