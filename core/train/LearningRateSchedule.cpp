#include "core/train/LearningRateSchedule.h"

#include <algorithm>
#include <cmath>

namespace triad::train {

LearningRateSchedule::LearningRateSchedule(float peakRate, int64_t warmupSteps, int64_t totalSteps, float minRatio)
    : m_peak(peakRate)
    , m_warmup(std::max<int64_t>(0, warmupSteps))
    , m_total(std::max<int64_t>(1, totalSteps))
    , m_minRatio(minRatio)
{
}

float LearningRateSchedule::rate(int64_t step) const
{
    if (step < m_warmup)
        return m_peak * float(step + 1) / float(m_warmup);
    const int64_t decaySteps = m_total - m_warmup;
    if (decaySteps <= 1)
        return m_peak;
    const double progress = std::clamp(double(step - m_warmup) / double(decaySteps - 1), 0.0, 1.0);
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
    return float(double(m_peak) * (double(m_minRatio) + (1.0 - double(m_minRatio)) * cosine));
}

} // namespace triad::train
