#pragma once
// y = W·x (+ b) for a batch of tokens, and its two backward products, on the engine's thread
// pool. Shapes (row-major): x (nTok, W.cols), y and dy (nTok, W.rows), W (rows, cols).
//
// Every output element is computed by one thread with a fixed summation order (see
// TrainKernels.h), so the results do not depend on the thread count or on scheduling.
// Backward functions ADD to their outputs; callers zero gradients once per step.
//
//   linearForward(pool, MatrixView::engine(layer.wq), x.data(), nTok, q.data());
//   linearBackwardInput(pool, wq, dq.data(), nTok, dh.data());        // dh += dq·W
//   linearBackwardWeight(pool, dq.data(), x.data(), nTok, rows, cols, dW.data()); // dW += dqᵀ·x

#include "core/train/MatrixView.h"

#include <cstdint>

namespace triad::engine {
class ThreadPool;
}

namespace triad::train {

/** y[t][r] = W[r]·x[t] (+ bias[r] when @p bias is not null). Overwrites y. */
void linearForward(engine::ThreadPool& pool, const MatrixView& w, const float* x, int64_t nTok, float* y,
                   const float* bias = nullptr);

/** dx[t] += Σ_r dy[t][r] · W[r]   (dx: nTok x cols). */
void linearBackwardInput(engine::ThreadPool& pool, const MatrixView& w, const float* dy, int64_t nTok, float* dx);

/** dW[r] += Σ_t dy[t][r] · x[t]   (dW: rows x cols, F32). */
void linearBackwardWeight(engine::ThreadPool& pool, const float* dy, const float* x, int64_t nTok, int64_t rows,
                          int64_t cols, float* dW);

/** db[r] += Σ_t dy[t][r]. */
void biasBackward(const float* dy, int64_t nTok, int64_t rows, float* db);

} // namespace triad::train
