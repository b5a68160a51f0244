#pragma once
// Rotary position embedding as the engine applies it (ModelConfig's rope style, base, linear
// scale and Llama 3.1's per-frequency factors). The backward pass is the inverse rotation,
// because a rotation's transpose is its inverse.
//
//   Rope rope(config, weights.ropeFrequencyFactors());
//   rope.apply(q.data(), nTok, config.headCount, config.headDimK, positions.data());
//   rope.applyInverse(dq.data(), nTok, config.headCount, config.headDimK, positions.data());

#include "core/engine/ModelConfig.h"

#include <cstdint>
#include <span>
#include <vector>

namespace triad::train {

class Rope {
public:
    /** @p frequencyFactors: rope_freqs.weight (n_rot/2 divisors) or empty. */
    Rope(const engine::ModelConfig& config, std::span<const float> frequencyFactors);

    /** Rotates rows (nTok, heads * headDim) in place; token t is at positions[t]. */
    void apply(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions) const;
    /** The inverse rotation (the backward pass of apply()). */
    void applyInverse(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions) const;

private:
    void rotate(float* rows, int64_t nTok, int64_t heads, int64_t headDim, const int32_t* positions, float sign) const;

    engine::RopeStyle m_style;
    int64_t m_dimensions;
    std::vector<float> m_invFreq; ///< per rotated pair
};

} // namespace triad::train
