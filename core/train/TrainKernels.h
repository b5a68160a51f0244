#pragma once
// The trainer's F32 inner loops, as a small table of function pointers filled per SIMD level
// (the engine's CpuFeatures picks the level once). Every kernel has a fixed summation order
// that does not depend on how callers split the work between threads, which is what makes a
// training run repeatable for a given seed:
//   - dotRows sums each row in lanes of 8 and adds the lanes in a fixed tree;
//   - combine is a chain of fused multiply-adds, one source row after the other, so doing
//     4 rows at a time or 1 gives the same bits.
//
//   const TrainKernels& k = trainKernels();
//   k.dotRows(w, cols, 16, x, cols, out);          // out[r] = w[r]·x for 16 rows
//   k.combine(y, n, w, cols, coef, 1, 16);         // y += Σ_k coef[k] · w[k]
//   k.dotTile(w, cols, 16, x, cols, nTok, cols, y, rows, false);  // y[t][r] = w[r]·x[t]

#include <cstddef>
#include <cstdint>

namespace triad::train {

/** out[r] = Σ_i w[r * wStride + i] · x[i] for r < nRows (strides in floats). */
using DotRowsFn = void (*)(const float* w, size_t wStride, int nRows, const float* x, int64_t n, float* out);

/**
 * y[i] = fma(coef[k * coefStride], x[k * xStride + i], y[i]) for k = 0..count-1 in order,
 * for i < n: accumulates @p count scaled rows into one.
 */
using CombineFn = void (*)(float* y, int64_t n, const float* x, size_t xStride, const float* coef,
                           size_t coefStride, int count);

/**
 * out[j * outStride + i] (+)= dot(a + i * aStride, b + j * bStride) for i < nA, j < nB, each
 * dot over @p n elements with exactly dotRows' summation order (so tiling changes no bits).
 * Adds to @p out when @p accumulate, else overwrites.
 */
using DotTileFn = void (*)(const float* a, size_t aStride, int nA, const float* b, size_t bStride, int nB, int64_t n,
                           float* out, size_t outStride, bool accumulate);

/**
 * out[t * outStride + c] = fma(coef[t * coefStride + r], w[r * wStride + c], …) for r = 0..nR-1
 * in order, for t < nT, c < nC: a block of rows of coef·W added to out, with combine's
 * summation order per element (so tiling over t and c changes no bits).
 */
using AxpyTileFn = void (*)(const float* coef, size_t coefStride, int nT, const float* w, size_t wStride, int nR,
                            int64_t nC, float* out, size_t outStride);

struct TrainKernels {
    DotRowsFn dotRows = nullptr;
    CombineFn combine = nullptr;
    DotTileFn dotTile = nullptr;
    AxpyTileFn axpyTile = nullptr;
};

/** The table for the active CPU level (TRIAD_CPU lowers it, as for the engine). */
const TrainKernels& trainKernels();

/** The portable table (tests compare the SIMD one against it). */
const TrainKernels& portableTrainKernels();

/** Filled by TrainKernels.cpp and TrainKernels_avx2.cpp. */
void fillPortableTrainKernels(TrainKernels& table);
void fillAvx2TrainKernels(TrainKernels& table);

} // namespace triad::train
