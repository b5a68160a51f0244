#pragma once
// x86 SIMD row kernels for the 32-element block types (Q4_0, Q5_0, Q8_0 against Q8_0;
// Q4_1, Q5_1 against Q8_1): one weight row x C activation rows. Include only through
// KernelsX86Impl.h.

#include "core/engine/KernelsX86Common.h"
#include "core/engine/QuantBlocks.h"

#include <cstddef>

namespace triad::engine {
namespace {

// ---- 32-element blocks, one weight row x C activation rows -----------------------------

/** Signed values of a Q8_0 / Q4_0 / Q5_0 block as 32 int8. */
struct SignedQ8_0 {
    using Block = BlockQ8_0;
    static __m256i values(const Block& b) { return load256(b.qs); }
};
struct SignedQ4_0 {
    using Block = BlockQ4_0;
    static __m256i values(const Block& b) { return _mm256_sub_epi8(unpackNibbles(b.qs), _mm256_set1_epi8(8)); }
};
struct SignedQ5_0 {
    using Block = BlockQ5_0;
    static __m256i values(const Block& b)
    {
        const __m256i sixteen = _mm256_set1_epi8(16);
        const __m256i high = _mm256_and_si256(bitsToBytes(loadU32(b.qh)), sixteen);
        return _mm256_sub_epi8(_mm256_or_si256(unpackNibbles(b.qs), high), sixteen);
    }
};

/**
 * R weight rows x C activation rows (Q8_0) of a signed 32-element block type: each weight
 * block is unpacked once for C columns and each activation block loaded and converted once
 * for R rows; res[r][c].
 */
template <class U, int R, int C>
inline void signedBlockDot(int64_t nb, const uint8_t* const* w, const uint8_t* const* a, float (*res)[4])
{
    using Block = typename U::Block;
    __m256 acc[R][C];
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            acc[r][c] = _mm256_setzero_ps();
    for (int64_t i = 0; i < nb; ++i) {
        __m256i q[R], magnitude[R];
        __m256 dw[R];
        TRIAD_UNROLL
        for (int r = 0; r < R; ++r) {
            const Block& b = reinterpret_cast<const Block*>(w[r])[i];
            q[r] = U::values(b);
            magnitude[r] = _mm256_sign_epi8(q[r], q[r]);
            dw[r] = _mm256_set1_ps(halfToFloat(b.d));
        }
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_0*>(a[c]) + i;
            const __m256i ay = load256(y->qs);
            const __m256 dy = _mm256_set1_ps(halfToFloat(y->d));
            TRIAD_UNROLL
            for (int r = 0; r < R; ++r) {
                // maddubs wants unsigned x signed: |w| times a with w's sign moved onto a.
                const __m256i p = dotAcc(_mm256_setzero_si256(), magnitude[r], _mm256_sign_epi8(ay, q[r]));
                acc[r][c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_mul_ps(dw[r], dy), acc[r][c]);
            }
        }
    }
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            res[r][c] = hsum(acc[r][c]);
}

template <class U, int R, int C>
inline void signedBlockTileAt(int64_t nb, const uint8_t* w, size_t wStride, int r0, const uint8_t* const* cols,
                              float* out, size_t outStride, int c0)
{
    const uint8_t* rows[R];
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        rows[r] = w + size_t(r0 + r) * wStride;
    float res[R][4];
    signedBlockDot<U, R, C>(nb, rows, cols, res);
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        TRIAD_UNROLL
        for (int r = 0; r < R; ++r)
            out[size_t(c0 + c) * outStride + size_t(r0 + r)] = res[r][c];
}

/**
 * One weight row x one activation row (decoding): four blocks per step into four
 * accumulators, so the FMA latency (4 cycles) no longer paces one block at a time.
 */
template <class U>
inline float signedBlockDotSingle(int64_t nb, const uint8_t* w, const uint8_t* a)
{
    using Block = typename U::Block;
    const auto* x = reinterpret_cast<const Block*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    const auto step = [&](int64_t i, __m256& sum) {
        const __m256i q = U::values(x[i]);
        const __m256i p = dotAcc(_mm256_setzero_si256(), _mm256_sign_epi8(q, q), _mm256_sign_epi8(load256(y[i].qs), q));
        sum = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(halfToFloat(x[i].d) * halfToFloat(y[i].d)), sum);
    };
    int64_t i = 0;
    for (; i + 4 <= nb; i += 4) {
        TRIAD_UNROLL
        for (int k = 0; k < 4; ++k)
            step(i + k, acc[k]);
    }
    for (; i < nb; ++i)
        step(i, acc[0]);
    return hsum(_mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

template <class U, int R>
inline void signedBlockTileCols(int64_t nb, const uint8_t* w, size_t wStride, int r0, const uint8_t* const* cols,
                                int cn, float* out, size_t outStride, int c0)
{
    switch (cn) {
    case 4: signedBlockTileAt<U, R, 4>(nb, w, wStride, r0, cols, out, outStride, c0); break;
    case 3: signedBlockTileAt<U, R, 3>(nb, w, wStride, r0, cols, out, outStride, c0); break;
    case 2: signedBlockTileAt<U, R, 2>(nb, w, wStride, r0, cols, out, outStride, c0); break;
    default: signedBlockTileAt<U, R, 1>(nb, w, wStride, r0, cols, out, outStride, c0); break;
    }
}

/** Columns per signed-block tile: 2 x 3 accumulators and the unpacked weights fit the registers. */
constexpr int kSignedCols = 3;

/** Q8_0 / Q4_0 / Q5_0 weights against Q8_0: tiles of 2 rows x up to kSignedCols columns. */
template <class U>
void signedBlockTile(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
                     float* out, size_t outStride)
{
    const int64_t nb = n / kQk;
    const auto* wBytes = static_cast<const uint8_t*>(w);
    const auto* aBytes = static_cast<const uint8_t*>(a);
    for (int c0 = 0; c0 < nCols; c0 += kSignedCols) {
        const int cn = nCols - c0 < kSignedCols ? nCols - c0 : kSignedCols;
        const uint8_t* cols[4];
        for (int c = 0; c < cn; ++c)
            cols[c] = aBytes + size_t(c0 + c) * aStride;
        int r = 0;
        // One column (decoding) walks one row at a time: measured on a model streamed from
        // DRAM, two interleaved rows decoded 1.8x slower (prefetch-unfriendly), even though
        // they were faster on cache-resident weights.
        if (cn == 1) {
            for (; r < nRows; ++r)
                out[size_t(c0) * outStride + size_t(r)] = signedBlockDotSingle<U>(nb, wBytes + size_t(r) * wStride, cols[0]);
            continue;
        }
        for (; r + 2 <= nRows; r += 2)
            signedBlockTileCols<U, 2>(nb, wBytes, wStride, r, cols, cn, out, outStride, c0);
        for (; r < nRows; ++r)
            signedBlockTileCols<U, 1>(nb, wBytes, wStride, r, cols, cn, out, outStride, c0);
    }
}

/** Q4_1 / Q5_1 (unsigned values plus a per-block minimum) against Q8_1. */
template <class Block, bool HighBit, int C>
inline void dotQx_1Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const Block*>(w);
    __m256 acc[C];
    float mins[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c) {
        acc[c] = _mm256_setzero_ps();
        mins[c] = 0.0f;
    }
    for (int64_t i = 0; i < nb; ++i) {
        __m256i q = unpackNibbles(x[i].qs);
        if constexpr (HighBit)
            q = _mm256_or_si256(q, _mm256_and_si256(bitsToBytes(loadU32(x[i].qh)), _mm256_set1_epi8(16)));
        const float dw = halfToFloat(x[i].d), mw = halfToFloat(x[i].m);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_1*>(a[c]) + i;
            const __m256i p = dotAcc(_mm256_setzero_si256(), q, load256(y->qs));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(dw * halfToFloat(y->d)), acc[c]);
            mins[c] += mw * halfToFloat(y->s);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]) + mins[c];
}

template <int C>
inline void dotQ4_1Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    dotQx_1Row<BlockQ4_1, false, C>(nb, w, a, res);
}

template <int C>
inline void dotQ5_1Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    dotQx_1Row<BlockQ5_1, true, C>(nb, w, a, res);
}

} // namespace
} // namespace triad::engine
