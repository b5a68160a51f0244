#pragma once
// The gated FFN activation: a = silu(g) ⊙ u with silu(g) = g·σ(g). All arrays hold @p n floats
// (nTok x n_ff flattened).

#include <cstdint>

namespace triad::train {

void swiGluForward(const float* gate, const float* up, int64_t n, float* out);

/** dGate += da ⊙ u ⊙ silu'(g);  dUp += da ⊙ silu(g). */
void swiGluBackward(const float* gate, const float* up, const float* dOut, int64_t n, float* dGate, float* dUp);

} // namespace triad::train
