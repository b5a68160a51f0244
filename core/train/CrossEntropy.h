#pragma once
// Token-level cross-entropy with a weight per token (0 = not trained on: prompts, padding,
// assistant messages marked weight 0).
//
//   loss = Σ_t w_t · (logsumexp(z_t) − z_t[y_t])        (returned, not normalised)
//   dz_t = gradScale · w_t · (softmax(z_t) − onehot(y_t))
//
// The caller divides by the batch's total weight (gradScale = 1 / Σ w) so the gradient is
// that of the mean loss over trained tokens.

#include <cstdint>

namespace triad::engine {
class ThreadPool;
}

namespace triad::train {

/**
 * @p logits (nTok, vocab); @p dLogits (same shape) is overwritten when not null (rows of
 * weight 0 become zeros). Returns the weighted sum of per-token losses, summed in token order.
 */
double crossEntropy(engine::ThreadPool& pool, const float* logits, int64_t nTok, int64_t vocab, const int32_t* targets,
                    const float* weights, float gradScale, float* dLogits);

} // namespace triad::train
