#include "core/train/Linear.h"

#include "core/engine/ThreadPool.h"
#include "core/train/TrainKernels.h"

#include <algorithm>
#include <vector>

namespace triad::train {

namespace {

/** Rows of A and of B in one task's tile of C (B's a multiple of the kernel's 3). */
constexpr int64_t kTileA = 64;
constexpr int64_t kTileB = 48;
/** Rows of a quantized matrix dequantized at a time (F32 matrices are read whole, in place). */
constexpr int64_t kReadRows = 256;

int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

/**
 * c[j * ldc + i] (+)= a_i · b_j over n elements, for i < nA, j < nB. Each tile of C is one
 * task, so every element is computed by one thread in the kernel's fixed order.
 */
void gemmNT(engine::ThreadPool& pool, const float* a, size_t lda, int64_t nA, const float* b, size_t ldb, int64_t nB,
            int64_t n, float* c, size_t ldc, bool accumulate)
{
    const TrainKernels& k = trainKernels();
    const int64_t tilesA = ceilDiv(nA, kTileA), tilesB = ceilDiv(nB, kTileB);
    pool.parallelFor(tilesA * tilesB, 1, [&](int64_t begin, int64_t end, int) {
        for (int64_t task = begin; task < end; ++task) {
            const int64_t i0 = (task % tilesA) * kTileA, j0 = (task / tilesA) * kTileB;
            const int64_t ni = std::min(kTileA, nA - i0), nj = std::min(kTileB, nB - j0);
            k.dotTile(a + size_t(i0) * lda, lda, int(ni), b + size_t(j0) * ldb, ldb, int(nj), n,
                      c + size_t(j0) * ldc + size_t(i0), ldc, accumulate);
        }
    });
}

/** dst (cols x rows) = srcᵀ for src (rows x cols, row stride srcStride). */
void transpose(engine::ThreadPool& pool, const float* src, int64_t rows, int64_t cols, size_t srcStride,
               std::vector<float>& dst)
{
    dst.resize(size_t(rows) * size_t(cols));
    constexpr int64_t kBlock = 32;
    pool.parallelFor(ceilDiv(cols, kBlock), 1, [&](int64_t begin, int64_t end, int) {
        for (int64_t cb = begin; cb < end; ++cb) {
            const int64_t c0 = cb * kBlock, c1 = std::min(cols, c0 + kBlock);
            for (int64_t r0 = 0; r0 < rows; r0 += kBlock)
                for (int64_t r = r0; r < std::min(rows, r0 + kBlock); ++r)
                    for (int64_t c = c0; c < c1; ++c)
                        dst[size_t(c) * size_t(rows) + size_t(r)] = src[size_t(r) * srcStride + size_t(c)];
        }
    });
}

/** Rows [r0, r1) of @p w as F32: in place, or dequantized by all threads into @p scratch. */
const float* readRows(engine::ThreadPool& pool, const MatrixView& w, int64_t r0, int64_t r1, std::vector<float>& scratch)
{
    if (w.isF32())
        return w.readRows(r0, r1, scratch);
    scratch.resize(size_t(r1 - r0) * size_t(w.cols()));
    std::vector<std::vector<float>> rowScratch(size_t(pool.threadCount()));
    pool.parallelFor(r1 - r0, 16, [&](int64_t begin, int64_t end, int thread) {
        const float* rows = w.readRows(r0 + begin, r0 + end, rowScratch[size_t(thread)]);
        std::copy(rows, rows + size_t(end - begin) * size_t(w.cols()), scratch.begin() + long(begin * w.cols()));
    });
    return scratch.data();
}

} // namespace

void linearForward(engine::ThreadPool& pool, const MatrixView& w, const float* x, int64_t nTok, float* y,
                   const float* bias)
{
    const int64_t rows = w.rows(), cols = w.cols();
    const int64_t block = w.isF32() ? rows : kReadRows;
    std::vector<float> scratch;
    for (int64_t r0 = 0; r0 < rows; r0 += block) {
        const int64_t r1 = std::min(rows, r0 + block);
        const float* wr = readRows(pool, w, r0, r1, scratch);
        // y[t][r] = W[r]·x[t]
        gemmNT(pool, wr, size_t(cols), r1 - r0, x, size_t(cols), nTok, cols, y + r0, size_t(rows), false);
    }
    if (bias)
        for (int64_t t = 0; t < nTok; ++t)
            for (int64_t r = 0; r < rows; ++r)
                y[size_t(t) * size_t(rows) + size_t(r)] += bias[r];
}

void linearBackwardInput(engine::ThreadPool& pool, const MatrixView& w, const float* dy, int64_t nTok, float* dx)
{
    // dx[t][c] += Σ_r dy[t][r] · W[r][c], r in order: tasks are tiles of dx (tokens x
    // columns), never ranges of r, so the sum's order is the same for any thread count and
    // any block size (F32 matrices in one block, quantized ones 256 dequantized rows at a time).
    const int64_t rows = w.rows(), cols = w.cols();
    const int64_t block = w.isF32() ? rows : kReadRows;
    constexpr int64_t kTokens = 32, kCols = 128, kRowChunk = 64;
    const int64_t tileT = ceilDiv(nTok, kTokens), tileC = ceilDiv(cols, kCols);
    const TrainKernels& k = trainKernels();
    std::vector<float> scratch;
    for (int64_t r0 = 0; r0 < rows; r0 += block) {
        const int64_t r1 = std::min(rows, r0 + block);
        const float* wr = readRows(pool, w, r0, r1, scratch);
        pool.parallelFor(tileT * tileC, 1, [&](int64_t begin, int64_t end, int) {
            for (int64_t task = begin; task < end; ++task) {
                const int64_t t0 = (task / tileC) * kTokens, c0 = (task % tileC) * kCols;
                // Chunks of rows keep a (kRowChunk x kCols) piece of W (32 KB) in L1 for all the tile's tokens.
                for (int64_t rc = r0; rc < r1; rc += kRowChunk)
                    k.axpyTile(dy + size_t(t0) * size_t(rows) + size_t(rc), size_t(rows), int(std::min(kTokens, nTok - t0)),
                               wr + size_t(rc - r0) * size_t(cols) + size_t(c0), size_t(cols),
                               int(std::min(kRowChunk, r1 - rc)), std::min(kCols, cols - c0),
                               dx + size_t(t0) * size_t(cols) + size_t(c0), size_t(cols));
            }
        });
    }
}

void linearBackwardWeight(engine::ThreadPool& pool, const float* dy, const float* x, int64_t nTok, int64_t rows,
                          int64_t cols, float* dW)
{
    std::vector<float> dyT, xT;
    transpose(pool, dy, nTok, rows, size_t(rows), dyT); // (rows, nTok)
    transpose(pool, x, nTok, cols, size_t(cols), xT);   // (cols, nTok)
    // dW[r][c] += Σ_t dy[t][r] · x[t][c] = dyᵀ[r] · xᵀ[c]
    gemmNT(pool, xT.data(), size_t(nTok), cols, dyT.data(), size_t(nTok), rows, nTok, dW, size_t(cols), true);
}

void biasBackward(const float* dy, int64_t nTok, int64_t rows, float* db)
{
    for (int64_t t = 0; t < nTok; ++t)
        for (int64_t r = 0; r < rows; ++r)
            db[r] += dy[size_t(t) * size_t(rows) + size_t(r)];
}

} // namespace triad::train
