#pragma once
// The one clock every request timestamp uses, so timelines from the network thread, the
// engine workers and the test server compare directly.

#include <chrono>
#include <cstdint>

namespace triad::metrics {

/** Steady-clock nanoseconds since an arbitrary epoch (monotonic, never jumps). */
inline int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/** Milliseconds between two nowNs() values. */
inline double nsToMs(int64_t fromNs, int64_t toNs)
{
    return static_cast<double>(toNs - fromNs) / 1e6;
}

} // namespace triad::metrics
