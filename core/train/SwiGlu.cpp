#include "core/train/SwiGlu.h"

#include <cmath>
#include <cstddef>

namespace triad::train {

void swiGluForward(const float* gate, const float* up, int64_t n, float* out)
{
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        out[i] = g / (1.0f + std::exp(-g)) * up[i];
    }
}

void swiGluBackward(const float* gate, const float* up, const float* dOut, int64_t n, float* dGate, float* dUp)
{
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        const float s = 1.0f / (1.0f + std::exp(-g));
        const float silu = g * s;
        dUp[i] += dOut[i] * silu;
        dGate[i] += dOut[i] * up[i] * s * (1.0f + g * (1.0f - s));
    }
}

} // namespace triad::train
