#pragma once
// Linear warm-up to the peak rate, then cosine decay to minRatio · peak at the last step.

#include <cstdint>

namespace triad::train {

class LearningRateSchedule {
public:
    LearningRateSchedule(float peakRate, int64_t warmupSteps, int64_t totalSteps, float minRatio = 0.1f);

    /** The rate of update @p step (0-based). */
    float rate(int64_t step) const;

private:
    float m_peak;
    int64_t m_warmup;
    int64_t m_total;
    float m_minRatio;
};

} // namespace triad::train
