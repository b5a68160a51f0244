#include "core/train/Linear.h"

#include "core/engine/ThreadPool.h"
#include "core/train/TrainKernels.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace triad::train {

namespace {

/** Rows of W read (and, for quantized matrices, dequantized) together. */
constexpr int64_t kRowBlock = 32;
/** Tokens per task when the matrix is read in place (no dequantization to amortize). */
constexpr int64_t kTokenBlock = 16;

int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

} // namespace

void linearForward(engine::ThreadPool& pool, const MatrixView& w, const float* x, int64_t nTok, float* y,
                   const float* bias)
{
    const int64_t rows = w.rows(), cols = w.cols();
    const int64_t rowBlocks = ceilDiv(rows, kRowBlock);
    // Split the tokens too when there are few row blocks (LoRA's A has r rows), but only as
    // much as the threads need: a quantized block is dequantized once per task.
    const int64_t wantTasks = int64_t(pool.threadCount()) * 4;
    const int64_t tokenBlocks = std::clamp<int64_t>(ceilDiv(wantTasks, rowBlocks), 1, ceilDiv(nTok, 8));
    const int64_t tokensPerTask = ceilDiv(nTok, tokenBlocks);
    const TrainKernels& k = trainKernels();
    std::vector<std::vector<float>> scratch(size_t(pool.threadCount()));

    pool.parallelFor(rowBlocks * tokenBlocks, 1, [&](int64_t begin, int64_t end, int thread) {
        for (int64_t task = begin; task < end; ++task) {
            const int64_t r0 = (task / tokenBlocks) * kRowBlock, r1 = std::min(rows, r0 + kRowBlock);
            const int64_t t0 = (task % tokenBlocks) * tokensPerTask, t1 = std::min(nTok, t0 + tokensPerTask);
            const float* wr = w.readRows(r0, r1, scratch[size_t(thread)]);
            for (int64_t t = t0; t < t1; ++t) {
                float* out = y + size_t(t) * size_t(rows) + size_t(r0);
                k.dotRows(wr, size_t(cols), int(r1 - r0), x + size_t(t) * size_t(cols), cols, out);
                if (bias)
                    for (int64_t r = r0; r < r1; ++r)
                        out[r - r0] += bias[r];
            }
        }
    });
}

void linearBackwardInput(engine::ThreadPool& pool, const MatrixView& w, const float* dy, int64_t nTok, float* dx)
{
    const int64_t rows = w.rows(), cols = w.cols();
    // Quantized matrices are dequantized once per task: one task per thread. F32 ones are
    // read in place, so smaller tasks balance better.
    const int64_t perTask = w.isF32() ? kTokenBlock : ceilDiv(nTok, pool.threadCount());
    const TrainKernels& k = trainKernels();
    std::vector<std::vector<float>> scratch(size_t(pool.threadCount()));

    pool.parallelFor(ceilDiv(nTok, perTask), 1, [&](int64_t begin, int64_t end, int thread) {
        for (int64_t task = begin; task < end; ++task) {
            const int64_t t0 = task * perTask, t1 = std::min(nTok, t0 + perTask);
            for (int64_t r0 = 0; r0 < rows; r0 += kRowBlock) {
                const int64_t r1 = std::min(rows, r0 + kRowBlock);
                const float* wr = w.readRows(r0, r1, scratch[size_t(thread)]);
                for (int64_t t = t0; t < t1; ++t)
                    k.combine(dx + size_t(t) * size_t(cols), cols, wr, size_t(cols), dy + size_t(t) * size_t(rows) + size_t(r0),
                              1, int(r1 - r0));
            }
        }
    });
}

void linearBackwardWeight(engine::ThreadPool& pool, const float* dy, const float* x, int64_t nTok, int64_t rows,
                          int64_t cols, float* dW)
{
    const TrainKernels& k = trainKernels();
    pool.parallelFor(rows, 4, [&](int64_t begin, int64_t end, int) {
        for (int64_t r = begin; r < end; ++r)
            k.combine(dW + size_t(r) * size_t(cols), cols, x, size_t(cols), dy + size_t(r), size_t(rows), int(nTok));
    });
}

void biasBackward(const float* dy, int64_t nTok, int64_t rows, float* db)
{
    for (int64_t t = 0; t < nTok; ++t)
        for (int64_t r = 0; r < rows; ++r)
            db[r] += dy[size_t(t) * size_t(rows) + size_t(r)];
}

} // namespace triad::train
