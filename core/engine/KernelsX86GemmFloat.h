#pragma once
// Prompt-processing kernel for float weights (F32, F16, BF16) against f32 activations.
// Include only through KernelsX86Impl.h.
//
// The per-row tiles (KernelsX86Float.h) convert every F16 weight again for each group of
// columns and keep one 8-lane vector per (row, column) that has to be summed at the end.
// Here 16 weight rows x kFloatKc elements are converted once into an f32 panel laid out
// k-major ([k][16]), which stays in L1, and a 16-row x 6-column micro-tile multiplies it
// with the activations: per k, two panel loads and six activation broadcasts feed twelve
// FMAs whose lanes are the rows, so results are stored without horizontal sums.

#include "core/engine/KernelsX86Common.h"
#include "core/engine/KernelsX86Float.h"

namespace triad::engine {
namespace {

constexpr int kFloatPanelRows = 16;
constexpr int kFloatPanelCols = 6;  ///< 12 accumulators + 2 weights + 1 broadcast registers
constexpr int kFloatKc = 256;       ///< panel depth: 16 KB of f32, L1-resident

/** Up to 8 row lanes of @p out (fewer at the matrix edge). */
inline __m256 loadRowsPs(const float* out, int rows)
{
    if (rows >= 8)
        return _mm256_loadu_ps(out);
    alignas(32) float tmp[8] = {};
    for (int r = 0; r < rows; ++r)
        tmp[r] = out[r];
    return _mm256_load_ps(tmp);
}

inline void storeRowsPs(float* out, __m256 v, int rows)
{
    if (rows >= 8) {
        _mm256_storeu_ps(out, v);
        return;
    }
    alignas(32) float tmp[8];
    _mm256_store_ps(tmp, v);
    for (int r = 0; r < rows; ++r)
        out[r] = tmp[r];
}

/** panel[k * 16 + r] = W[r][k0 + k] as f32 for k < kc; rows >= @p rows are zero. */
template <class W>
void packFloatPanel(const uint8_t* w, size_t wStride, int rows, int64_t k0, int kc, float* panel)
{
    int k = 0;
    for (; k + 8 <= kc; k += 8) {
        for (int half = 0; half < 2; ++half) {
            __m256i v[8];
            for (int r = 0; r < 8; ++r) {
                const int row = 8 * half + r;
                v[r] = row < rows ? _mm256_castps_si256(W::load8(w + size_t(row) * wStride, k0 + k)) : _mm256_setzero_si256();
            }
            transpose8x8Epi32(v);
            for (int j = 0; j < 8; ++j)
                _mm256_store_si256(reinterpret_cast<__m256i*>(panel + (k + j) * kFloatPanelRows + 8 * half), v[j]);
        }
    }
    for (; k < kc; ++k)
        for (int r = 0; r < kFloatPanelRows; ++r)
            panel[k * kFloatPanelRows + r] = r < rows ? W::load1(w + size_t(r) * wStride, k0 + k) : 0.0f;
}

/** out[c][r] (+)= Σ_k panel[k][r] · a[c][k] for 16 rows and C columns. */
template <int C>
inline void floatPanelTile(int kc, const float* panel, const float* const* a, float* out, size_t outStride, int rows,
                           bool accumulate)
{
    __m256 acc[2][C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c) {
        float* o = out + size_t(c) * outStride;
        acc[0][c] = accumulate ? loadRowsPs(o, rows) : _mm256_setzero_ps();
        acc[1][c] = accumulate && rows > 8 ? loadRowsPs(o + 8, rows - 8) : _mm256_setzero_ps();
    }
    for (int k = 0; k < kc; ++k) {
        const __m256 w0 = _mm256_load_ps(panel + k * kFloatPanelRows);
        const __m256 w1 = _mm256_load_ps(panel + k * kFloatPanelRows + 8);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const __m256 x = _mm256_broadcast_ss(a[c] + k);
            acc[0][c] = _mm256_fmadd_ps(w0, x, acc[0][c]);
            acc[1][c] = _mm256_fmadd_ps(w1, x, acc[1][c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c) {
        float* o = out + size_t(c) * outStride;
        storeRowsPs(o, acc[0][c], rows);
        if (rows > 8)
            storeRowsPs(o + 8, acc[1][c], rows - 8);
    }
}

/**
 * Asks for the weights of the panel after (r0, k0): a prompt reads each weight once, from
 * DRAM, and without this the pack stalls on every line (measured: a third of the tile time).
 * The multiply of the current panel hides the transfer.
 */
inline void prefetchNextFloatPanel(const uint8_t* w, size_t wStride, int64_t n, int nRows, int r0, int64_t nextK0)
{
    if (nextK0 >= n) {
        r0 += kFloatPanelRows;
        nextK0 = 0;
    }
    if (r0 >= nRows)
        return;
    const size_t elementBytes = wStride / size_t(n);
    const size_t begin = size_t(nextK0) * elementBytes;
    const size_t end = size_t(std::min<int64_t>(n, nextK0 + kFloatKc)) * elementBytes;
    const int rows = nRows - r0 < kFloatPanelRows ? nRows - r0 : kFloatPanelRows;
    for (int r = 0; r < rows; ++r) {
        const uint8_t* row = w + size_t(r0 + r) * wStride;
        for (size_t off = begin; off < end; off += 64)
            _mm_prefetch(reinterpret_cast<const char*>(row + off), _MM_HINT_T0);
    }
}

/** Float weights x many f32 activation rows (a DotTileFn). */
template <class W>
void floatGemm(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols, float* out,
               size_t outStride)
{
    const auto* wBytes = static_cast<const uint8_t*>(w);
    const auto* aBytes = static_cast<const uint8_t*>(a);
    alignas(32) float panel[kFloatPanelRows * kFloatKc];
    for (int r0 = 0; r0 < nRows; r0 += kFloatPanelRows) {
        const int rows = nRows - r0 < kFloatPanelRows ? nRows - r0 : kFloatPanelRows;
        const uint8_t* wRows = wBytes + size_t(r0) * wStride;
        for (int64_t k0 = 0; k0 < n; k0 += kFloatKc) {
            const int kc = int(n - k0 < kFloatKc ? n - k0 : kFloatKc);
            packFloatPanel<W>(wRows, wStride, rows, k0, kc, panel);
            prefetchNextFloatPanel(wBytes, wStride, n, nRows, r0, k0 + kc);
            for (int c0 = 0; c0 < nCols; c0 += kFloatPanelCols) {
                const int cn = nCols - c0 < kFloatPanelCols ? nCols - c0 : kFloatPanelCols;
                const float* cols[kFloatPanelCols];
                for (int c = 0; c < cn; ++c)
                    cols[c] = reinterpret_cast<const float*>(aBytes + size_t(c0 + c) * aStride) + k0;
                float* o = out + size_t(c0) * outStride + size_t(r0);
                const bool acc = k0 > 0;
                switch (cn) {
                case 6: floatPanelTile<6>(kc, panel, cols, o, outStride, rows, acc); break;
                case 5: floatPanelTile<5>(kc, panel, cols, o, outStride, rows, acc); break;
                case 4: floatPanelTile<4>(kc, panel, cols, o, outStride, rows, acc); break;
                case 3: floatPanelTile<3>(kc, panel, cols, o, outStride, rows, acc); break;
                case 2: floatPanelTile<2>(kc, panel, cols, o, outStride, rows, acc); break;
                default: floatPanelTile<1>(kc, panel, cols, o, outStride, rows, acc); break;
                }
            }
        }
    }
}

} // namespace
} // namespace triad::engine
