#pragma once
// Causal self-attention with grouped KV heads over a batch of packed sequences: tokens attend
// only to earlier tokens of their own segment (one training example), so packing several
// examples into one batch gives the same result as running them one by one.
//
// Shapes (row-major, T = total tokens): q (T, H·dk), k (T, KV·dk), v (T, KV·dv),
// out (T, H·dv), lse (H, T). Query head h reads KV head h / (H / KV), as in the engine.
// The forward pass keeps only the log-sum-exp of each score row; the backward pass
// recomputes the probabilities from it instead of storing (H, T, T) of them.

#include <cstdint>
#include <span>

namespace triad::engine {
class ThreadPool;
}

namespace triad::train {

struct AttentionShape {
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t headDimK = 0;
    int64_t headDimV = 0;
};

/** Tokens [start, start + length) that attend to each other causally. */
struct Segment {
    int64_t start = 0;
    int64_t length = 0;
};

/** Writes out and lse. Softmax scale 1/sqrt(dk). */
void attentionForward(engine::ThreadPool& pool, const AttentionShape& shape, std::span<const Segment> segments,
                      const float* q, const float* k, const float* v, float* out, float* lse);

/** dq, dk, dv += the gradients for dOut (given the forward's inputs, out and lse). */
void attentionBackward(engine::ThreadPool& pool, const AttentionShape& shape, std::span<const Segment> segments,
                       const float* q, const float* k, const float* v, const float* out, const float* lse,
                       const float* dOut, float* dq, float* dk, float* dv);

} // namespace triad::train
