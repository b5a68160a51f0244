#pragma once
// RMSNorm as llama and qwen2 use it: y = x / sqrt(mean(x²) + eps) · w, per token row.
// Shapes: x, y, dx, dy (nTok, n); w, dw (n); invRms (nTok) saved by the forward pass.

#include <cstdint>

namespace triad::train {

/** Writes y and the per-row 1/sqrt(mean(x²)+eps) the backward pass needs. */
void rmsNormForward(const float* x, const float* w, int64_t nTok, int64_t n, float eps, float* y, float* invRms);

/**
 * dx += r·(w⊙dy) − x·r³/n·Σ(w⊙dy⊙x);  dw += Σ_t dy⊙x·r (skipped when @p dw is null).
 */
void rmsNormBackward(const float* x, const float* w, const float* invRms, const float* dy, int64_t nTok, int64_t n,
                     float* dx, float* dw);

} // namespace triad::train
