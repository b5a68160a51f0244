#pragma once
// x86 SIMD kernels for float weights (F32, F16, BF16) against f32 activations: register
// tiles of R weight rows x C activation rows. Include only through KernelsX86Impl.h.

#include "core/engine/KernelsX86Common.h"

namespace triad::engine {
namespace {

// ---- float weights (activations f32) ----------------------------------------------------

struct WeightF32 {
    static __m256 load8(const uint8_t* w, int64_t i) { return _mm256_loadu_ps(reinterpret_cast<const float*>(w) + i); }
    static float load1(const uint8_t* w, int64_t i) { return reinterpret_cast<const float*>(w)[i]; }
};
struct WeightF16 {
    static __m256 load8(const uint8_t* w, int64_t i)
    {
        return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(reinterpret_cast<const uint16_t*>(w) + i)));
    }
    static float load1(const uint8_t* w, int64_t i) { return halfToFloat(reinterpret_cast<const uint16_t*>(w)[i]); }
};
struct WeightBF16 {
    static __m256 load8(const uint8_t* w, int64_t i)
    {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(reinterpret_cast<const uint16_t*>(w) + i));
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    }
    static float load1(const uint8_t* w, int64_t i)
    {
        uint32_t bits = uint32_t(reinterpret_cast<const uint16_t*>(w)[i]) << 16;
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }
};

/** R weight rows x C activation rows of float weights; out[c][r]. */
template <class W, int R, int C>
inline void floatDot(int64_t n, const uint8_t* const* w, const float* const* a, float (*out)[4])
{
    __m256 acc[R][C];
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            acc[r][c] = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 wv[R];
        TRIAD_UNROLL
        for (int r = 0; r < R; ++r)
            wv[r] = W::load8(w[r], i);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const __m256 av = _mm256_loadu_ps(a[c] + i);
            TRIAD_UNROLL
            for (int r = 0; r < R; ++r)
                acc[r][c] = _mm256_fmadd_ps(wv[r], av, acc[r][c]);
        }
    }
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            float s = hsum(acc[r][c]);
            for (int64_t t = i; t < n; ++t)
                s += W::load1(w[r], t) * a[c][t];
            out[c][r] = s;
        }
}

/** Columns per float tile: 2 rows x 6 columns = 12 accumulators + 2 weights + 1 activation. */
constexpr int kFloatCols = 6;

/** Float weights: an R x C tile at row r0, column c0. */
template <class W, int R, int C>
inline void floatTileAt(int64_t n, const uint8_t* w, size_t wStride, int r0, const float* const* cols, float* out,
                        size_t outStride, int c0)
{
    const uint8_t* rows[R];
    TRIAD_UNROLL
    for (int r = 0; r < R; ++r)
        rows[r] = w + size_t(r0 + r) * wStride;
    float res[kFloatCols][4];
    floatDot<W, R, C>(n, rows, cols, res);
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        TRIAD_UNROLL
        for (int r = 0; r < R; ++r)
            out[size_t(c0 + c) * outStride + size_t(r0 + r)] = res[c][r];
}

template <class W, int R>
inline void floatTileCols(int64_t n, const uint8_t* w, size_t wStride, int r0, const float* const* cols, int cn,
                          float* out, size_t outStride, int c0)
{
    switch (cn) {
    case 6: floatTileAt<W, R, 6>(n, w, wStride, r0, cols, out, outStride, c0); break;
    case 5: floatTileAt<W, R, 5>(n, w, wStride, r0, cols, out, outStride, c0); break;
    case 4: floatTileAt<W, R, 4>(n, w, wStride, r0, cols, out, outStride, c0); break;
    case 3: floatTileAt<W, R, 3>(n, w, wStride, r0, cols, out, outStride, c0); break;
    case 2: floatTileAt<W, R, 2>(n, w, wStride, r0, cols, out, outStride, c0); break;
    default: floatTileAt<W, R, 1>(n, w, wStride, r0, cols, out, outStride, c0); break;
    }
}

/**
 * Float weights: tiles of 2 rows x up to 6 columns; a single column (decoding) takes 4 rows
 * at a time instead, so four independent FMA chains hide the FMA latency.
 */
template <class W>
void floatTile(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
               float* out, size_t outStride)
{
    const auto* wBytes = static_cast<const uint8_t*>(w);
    const auto* aBytes = static_cast<const uint8_t*>(a);
    for (int c0 = 0; c0 < nCols; c0 += kFloatCols) {
        const int cn = nCols - c0 < kFloatCols ? nCols - c0 : kFloatCols;
        const float* cols[kFloatCols];
        for (int c = 0; c < cn; ++c)
            cols[c] = reinterpret_cast<const float*>(aBytes + size_t(c0 + c) * aStride);
        int r = 0;
        if (cn == 1)
            for (; r + 4 <= nRows; r += 4)
                floatTileAt<W, 4, 1>(n, wBytes, wStride, r, cols, out, outStride, c0);
        for (; r + 2 <= nRows; r += 2)
            floatTileCols<W, 2>(n, wBytes, wStride, r, cols, cn, out, outStride, c0);
        for (; r < nRows; ++r)
            floatTileCols<W, 1>(n, wBytes, wStride, r, cols, cn, out, outStride, c0);
    }
}

} // namespace
} // namespace triad::engine
