#include "core/train/Rope.h"

#include <cmath>
#include <cstddef>

namespace triad::train {

Rope::Rope(const engine::ModelConfig& config, std::span<const float> frequencyFactors)
    : m_style(config.ropeStyle)
    , m_dimensions(config.ropeDimensions)
{
    // Computed exactly as the engine's Transformer does, so positions rotate identically.
    const int64_t pairs = m_dimensions / 2;
    m_invFreq.resize(size_t(pairs));
    for (int64_t i = 0; i < pairs; ++i) {
        double f = std::pow(double(config.ropeFreqBase), -2.0 * double(i) / double(m_dimensions));
        if (!frequencyFactors.empty())
            f /= double(frequencyFactors[size_t(i)]);
        m_invFreq[size_t(i)] = float(f / double(config.ropeLinearScale));
    }
}

void Rope::apply(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions) const
{
    rotate(rows, nTok, heads, headDim, positions, 1.0f);
}

void Rope::applyInverse(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions) const
{
    rotate(rows, nTok, heads, headDim, positions, -1.0f);
}

void Rope::rotate(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions, float sign) const
{
    const int64_t pairs = m_dimensions / 2;
    const bool neox = m_style == engine::RopeStyle::Neox;
    for (int64_t t = 0; t < nTok; ++t) {
        float* row = rows + size_t(t) * size_t(heads * headDim);
        for (int64_t i = 0; i < pairs; ++i) {
            const float theta = float(positions[t]) * m_invFreq[size_t(i)];
            const float cs = std::cos(theta), sn = sign * std::sin(theta);
            const int64_t a = neox ? i : 2 * i;
            const int64_t b = neox ? i + pairs : 2 * i + 1;
            for (int64_t h = 0; h < heads; ++h) {
                float* v = row + h * headDim;
                const float x0 = v[a], x1 = v[b];
                v[a] = x0 * cs - x1 * sn;
                v[b] = x0 * sn + x1 * cs;
            }
        }
    }
}

} // namespace triad::train
