#pragma once
// Prompt-processing kernels (many activation rows) for the int8-based weight types: Q8_0,
// Q4_0, Q5_0 against Q8_0 and Q4_K, Q5_K, Q6_K against Q8_K. Include only through
// KernelsX86Impl.h.
//
// The per-row kernels keep one int32 vector per (row, column) whose 8 lanes are 8 slices of
// the same dot product, so every block pays a float conversion, a scale product and an FMA
// for each pair. Here 8 weight rows are first repacked into a small per-thread panel where
// 32-bit lane r of group vector g holds elements 4g..4g+3 of row r ("8 rows interleaved"):
// one broadcast of 4 activation bytes then feeds all 8 rows, the lanes are the rows, and the
// block scales of the 8 rows are applied with one vector FMA. The panel is built once per
// 8 rows and used by every column of the call, so its cost is spread over the batch; the
// mapped weights are never copied beyond this L1/L2-sized scratch.
//
// K-quant sub-block scales ride in the madd that widens the byte products (int16 scale
// lanes instead of ones), so a whole super-block sums in int32 before its one conversion;
// mins (Q4_K/Q5_K) and the +32 offset of Q6_K come back through the activations' bsums.

#include "core/engine/KernelsX86Common.h"
#include "core/engine/QuantBlocks.h"

#include <cstddef>
#include <vector>

namespace triad::engine {
namespace {

constexpr int kPanelRows = 8;   ///< weight rows per panel: one int32 lane each
constexpr int kPanelCols = 4;   ///< activation rows per micro-tile

/** Per-thread panel scratch, kept between calls (at most a few hundred KB). */
inline __m256i* panelScratch(size_t vectors)
{
    struct alignas(32) Slot {
        uint8_t bytes[32];
    };
    thread_local std::vector<Slot> buffer;
    if (buffer.size() < vectors)
        buffer.resize(vectors);
    return reinterpret_cast<__m256i*>(buffer.data());
}

inline __m256i broadcast4Bytes(const int8_t* p)
{
    int v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/** Stores the 8 row lanes of @p v for one column (fewer at the matrix edge). */
inline void storeRows(float* out, __m256 v, int rows)
{
    if (rows == kPanelRows) {
        _mm256_storeu_ps(out, v);
        return;
    }
    alignas(32) float tmp[kPanelRows];
    _mm256_store_ps(tmp, v);
    for (int r = 0; r < rows; ++r)
        out[r] = tmp[r];
}

// ---- signed 32-element blocks (Q8_0, Q4_0, Q5_0) ----------------------------------------

/** One block of 8 rows: their scales, then 8 group vectors of signed values. */
struct SignedPanelBlock {
    __m256 d;
    __m256i q[8];
};

template <class U>
void packSignedPanel(int64_t nb, const uint8_t* w, size_t wStride, int rows, SignedPanelBlock* out)
{
    using Block = typename U::Block;
    for (int64_t i = 0; i < nb; ++i) {
        __m256i v[kPanelRows];
        alignas(32) float d[kPanelRows];
        for (int r = 0; r < kPanelRows; ++r) {
            if (r < rows) {
                const Block& b = reinterpret_cast<const Block*>(w + size_t(r) * wStride)[i];
                v[r] = U::values(b);
                d[r] = halfToFloat(b.d);
            } else {
                v[r] = _mm256_setzero_si256();
                d[r] = 0.0f;
            }
        }
        transpose8x8Epi32(v);
        out[i].d = _mm256_load_ps(d);
        for (int g = 0; g < 8; ++g)
            out[i].q[g] = v[g];
    }
}

template <int C>
inline void signedPanelTile(int64_t nb, const SignedPanelBlock* p, const uint8_t* const* cols, float* out,
                            size_t outStride, int rows)
{
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i ones = _mm256_set1_epi16(1);
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ8_0* y[C];
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            y[c] = reinterpret_cast<const BlockQ8_0*>(cols[c]) + i;
            sum[c] = _mm256_setzero_si256();
        }
        _Pragma("GCC unroll 2") // see kPanelTile
        for (int g = 0; g < 8; ++g) {
            const __m256i wv = p[i].q[g];
            const __m256i magnitude = _mm256_sign_epi8(wv, wv);
            TRIAD_UNROLL
            for (int c = 0; c < C; ++c) {
                // maddubs wants unsigned x signed: |w| times a with w's sign moved onto a.
                const __m256i s = _mm256_sign_epi8(broadcast4Bytes(y[c]->qs + 4 * g), wv);
                sum[c] = _mm256_add_epi32(sum[c], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, s), ones));
            }
        }
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[c]), _mm256_mul_ps(p[i].d, _mm256_set1_ps(halfToFloat(y[c]->d))),
                                     acc[c]);
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        storeRows(out + size_t(c) * outStride, acc[c], rows);
}

// ---- K-quants (Q4_K, Q5_K, Q6_K) ---------------------------------------------------------

/**
 * One super-block of 8 rows. scales[j]: int16 lanes 2r, 2r+1 = row r's scale of sub-block j;
 * mins[p]: lanes 2r, 2r+1 = row r's multipliers of activation sums 2p, 2p+1 (Q4_K/Q5_K:
 * mins of 32-element sub-blocks; Q6_K: scales of 16-element sub-blocks, for the offset).
 * The row's value is d * Σ scale·q·a - dmin * Σ mins·bsums.
 */
struct KPanelBlock {
    __m256 d;
    __m256 dmin;
    __m256i scales[16];
    __m256i mins[8];
    __m256i q[64];
};

/**
 * Q4_K / Q5_K (@p qh null for Q4_K): one row's super-block as 8 vectors of 32 unsigned values
 * in element order (vector k = sub-block k), plus its scales and mins.
 */
template <class Block>
inline void unpackQ45(const Block& x, const uint8_t* qh, __m256i* vals, int16_t* scales, int16_t* mins, float& d,
                      float& dmin)
{
    const __m256i low4 = _mm256_set1_epi8(15), one = _mm256_set1_epi8(1);
    const __m256i hbits = qh ? load256(qh) : _mm256_setzero_si256();
    for (int k = 0; k < 4; ++k) {
        const __m256i bytes = load256(x.qs + 32 * k);
        __m256i lo = _mm256_and_si256(bytes, low4);
        __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4);
        if (qh) {
            // Bit 2k of each qh byte is the fifth bit of the low nibbles, bit 2k+1 of the high.
            lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * k), one), 4));
            hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hbits, 2 * k + 1), one), 4));
        }
        vals[2 * k] = lo;
        vals[2 * k + 1] = hi;
    }
    for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        kQuantScaleMin(j, x.scales, sc, m);
        scales[j] = sc;
        mins[j] = m;
    }
    d = halfToFloat(x.d);
    dmin = halfToFloat(x.dmin);
}

struct KRowQ4 {
    using Block = BlockQ4_K;
    static constexpr int kSubBlocks = 8;
    static constexpr int kMinPairs = 4;
    static constexpr int kMaxValue = 15;
    static void unpack(const Block& x, __m256i* vals, int16_t* scales, int16_t* mins, float& d, float& dmin)
    {
        unpackQ45(x, nullptr, vals, scales, mins, d, dmin);
    }
};

struct KRowQ5 {
    using Block = BlockQ5_K;
    static constexpr int kSubBlocks = 8;
    static constexpr int kMinPairs = 4;
    static constexpr int kMaxValue = 31;
    static void unpack(const Block& x, __m256i* vals, int16_t* scales, int16_t* mins, float& d, float& dmin)
    {
        unpackQ45(x, x.qh, vals, scales, mins, d, dmin);
    }
};

struct KRowQ6 {
    using Block = BlockQ6_K;
    static constexpr int kSubBlocks = 16;
    static constexpr int kMinPairs = 8;
    static constexpr int kMaxValue = 63;
    static void unpack(const Block& x, __m256i* vals, int16_t* scales, int16_t* mins, float& d, float& dmin)
    {
        const __m256i low4 = _mm256_set1_epi8(15), two = _mm256_set1_epi8(3), top = _mm256_set1_epi8(0x30);
        for (int n = 0; n < 2; ++n) {
            const __m256i qlA = load256(x.ql + 64 * n);
            const __m256i qlB = load256(x.ql + 64 * n + 32);
            const __m256i h = load256(x.qh + 32 * n);
            vals[4 * n + 0] = _mm256_or_si256(_mm256_and_si256(qlA, low4), _mm256_slli_epi16(_mm256_and_si256(h, two), 4));
            vals[4 * n + 1] = _mm256_or_si256(_mm256_and_si256(qlB, low4),
                                              _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), two), 4));
            vals[4 * n + 2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(qlA, 4), low4), _mm256_and_si256(h, top));
            vals[4 * n + 3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(qlB, 4), low4),
                                              _mm256_and_si256(_mm256_srli_epi16(h, 2), top));
        }
        for (int j = 0; j < 16; ++j)
            scales[j] = mins[j] = x.scales[j]; // values are stored +32: offset 32 * Σ sc·bsum16
        d = halfToFloat(x.d);
        dmin = 32.0f * d;
    }
};

template <class K>
void packKPanel(int64_t nb, const uint8_t* w, size_t wStride, int rows, KPanelBlock* out)
{
    using Block = typename K::Block;
    for (int64_t i = 0; i < nb; ++i) {
        __m256i vals[kPanelRows][8];
        alignas(32) int16_t scales[16][16] = {};
        alignas(32) int16_t mins[8][16] = {};
        alignas(32) float d[kPanelRows] = {}, dmin[kPanelRows] = {};
        for (int r = 0; r < kPanelRows; ++r) {
            if (r >= rows) {
                for (int k = 0; k < 8; ++k)
                    vals[r][k] = _mm256_setzero_si256();
                continue;
            }
            int16_t sc[16], mn[16];
            K::unpack(reinterpret_cast<const Block*>(w + size_t(r) * wStride)[i], vals[r], sc, mn, d[r], dmin[r]);
            for (int j = 0; j < K::kSubBlocks; ++j)
                scales[j][2 * r] = scales[j][2 * r + 1] = sc[j];
            for (int p = 0; p < K::kMinPairs; ++p) {
                mins[p][2 * r] = mn[2 * p];
                mins[p][2 * r + 1] = mn[2 * p + 1];
            }
        }
        KPanelBlock& b = out[i];
        b.d = _mm256_load_ps(d);
        b.dmin = _mm256_load_ps(dmin);
        for (int j = 0; j < K::kSubBlocks; ++j)
            b.scales[j] = _mm256_load_si256(reinterpret_cast<const __m256i*>(scales[j]));
        for (int p = 0; p < K::kMinPairs; ++p)
            b.mins[p] = _mm256_load_si256(reinterpret_cast<const __m256i*>(mins[p]));
        // 32-element piece k of every row -> its 8 group vectors.
        for (int k = 0; k < 8; ++k) {
            __m256i v[kPanelRows];
            for (int r = 0; r < kPanelRows; ++r)
                v[r] = vals[r][k];
            transpose8x8Epi32(v);
            for (int g = 0; g < 8; ++g)
                b.q[8 * k + g] = v[g];
        }
    }
}

/** Pairs of activation sums as int16 pairs in 32 bits, matching KPanelBlock::mins. */
template <int MinPairs>
inline void activationSumPairs(const BlockQ8_K& y, int* pairs)
{
    if constexpr (MinPairs == 8) {
        std::memcpy(pairs, y.bsums, sizeof y.bsums); // 16-element sums, two per word
    } else {
        // 32-element sums: neighbouring 16-element sums added (each fits int16).
        const __m128i s = _mm_hadd_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y.bsums)),
                                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(y.bsums + 8)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(pairs), s);
    }
}

template <class K, int C>
inline void kPanelTile(int64_t nb, const KPanelBlock* p, const uint8_t* const* cols, float* out, size_t outStride, int rows)
{
    constexpr int groupsPerSub = 64 / K::kSubBlocks;
    // One maddubs lane is at most 2 * kMaxValue * 128 (activations -128..127): this many fit
    // an int16 sum, capped at a sub-block (one scale).
    constexpr int fitInt16 = 32767 / (2 * K::kMaxValue * 128);
    constexpr int run = fitInt16 < groupsPerSub ? fitInt16 : groupsPerSub;
    static_assert(run >= 1 && groupsPerSub % run == 0);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    for (int64_t i = 0; i < nb; ++i) {
        const KPanelBlock& b = p[i];
        const BlockQ8_K* y[C];
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            y[c] = reinterpret_cast<const BlockQ8_K*>(cols[c]) + i;
            sum[c] = _mm256_setzero_si256();
        }
        // The byte products of a run of groups are summed in int16 before the one madd that
        // applies their sub-block's scale and widens: half or fewer of the multiply-port
        // uops of one madd per group, and still exact integer sums.
        for (int sub = 0; sub < K::kSubBlocks; ++sub) {
            const __m256i scale = b.scales[sub];
            for (int g0 = sub * groupsPerSub; g0 < (sub + 1) * groupsPerSub; g0 += run) {
                __m256i s16[C];
                TRIAD_UNROLL
                for (int c = 0; c < C; ++c)
                    s16[c] = _mm256_maddubs_epi16(b.q[g0], broadcast4Bytes(y[c]->qs + 4 * g0));
                TRIAD_UNROLL
                for (int group = g0 + 1; group < g0 + run; ++group) {
                    const __m256i wv = b.q[group];
                    TRIAD_UNROLL
                    for (int c = 0; c < C; ++c)
                        s16[c] = _mm256_add_epi16(s16[c], _mm256_maddubs_epi16(wv, broadcast4Bytes(y[c]->qs + 4 * group)));
                }
                TRIAD_UNROLL
                for (int c = 0; c < C; ++c)
                    sum[c] = _mm256_add_epi32(sum[c], _mm256_madd_epi16(s16[c], scale));
            }
        }
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            int pairs[8];
            activationSumPairs<K::kMinPairs>(*y[c], pairs);
            __m256i m = _mm256_setzero_si256();
            TRIAD_UNROLL
            for (int q = 0; q < K::kMinPairs; ++q)
                m = _mm256_add_epi32(m, _mm256_madd_epi16(b.mins[q], _mm256_set1_epi32(pairs[q])));
            const __m256 dy = _mm256_set1_ps(y[c]->d);
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[c]), _mm256_mul_ps(b.d, dy), acc[c]);
            acc[c] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(m), _mm256_mul_ps(b.dmin, dy), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        storeRows(out + size_t(c) * outStride, acc[c], rows);
}

// ---- drivers -------------------------------------------------------------------------------

/**
 * A DotTileFn over panels: @p Pack builds the panel of up to 8 rows, @p Tile<C> multiplies it
 * with C activation rows. Any nRows / nCols works (edges are padded rows, shorter tiles).
 */
template <class PanelBlock, int BlockElems, class Pack, class Tile>
void panelGemm(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
               float* out, size_t outStride)
{
    const int64_t nb = n / BlockElems;
    const auto* wBytes = static_cast<const uint8_t*>(w);
    const auto* aBytes = static_cast<const uint8_t*>(a);
    static_assert(sizeof(PanelBlock) % sizeof(__m256i) == 0);
    auto* panel = reinterpret_cast<PanelBlock*>(panelScratch(size_t(nb) * (sizeof(PanelBlock) / sizeof(__m256i))));
    for (int r0 = 0; r0 < nRows; r0 += kPanelRows) {
        const int rows = nRows - r0 < kPanelRows ? nRows - r0 : kPanelRows;
        Pack{}(nb, wBytes + size_t(r0) * wStride, wStride, rows, panel);
        // The next panel's rows come from DRAM (a prompt reads each weight once): ask for
        // them now so they arrive while this panel is multiplied.
        const int nextRows = nRows - r0 - kPanelRows < kPanelRows ? nRows - r0 - kPanelRows : kPanelRows;
        for (int r = 0; r < nextRows; ++r) {
            const uint8_t* row = wBytes + size_t(r0 + kPanelRows + r) * wStride;
            for (size_t off = 0; off < wStride; off += 64)
                _mm_prefetch(reinterpret_cast<const char*>(row + off), _MM_HINT_T0);
        }
        for (int c0 = 0; c0 < nCols; c0 += kPanelCols) {
            const int cn = nCols - c0 < kPanelCols ? nCols - c0 : kPanelCols;
            const uint8_t* cols[kPanelCols];
            for (int c = 0; c < cn; ++c)
                cols[c] = aBytes + size_t(c0 + c) * aStride;
            float* o = out + size_t(c0) * outStride + size_t(r0);
            switch (cn) {
            case 4: Tile{}(std::integral_constant<int, 4>{}, nb, panel, cols, o, outStride, rows); break;
            case 3: Tile{}(std::integral_constant<int, 3>{}, nb, panel, cols, o, outStride, rows); break;
            case 2: Tile{}(std::integral_constant<int, 2>{}, nb, panel, cols, o, outStride, rows); break;
            default: Tile{}(std::integral_constant<int, 1>{}, nb, panel, cols, o, outStride, rows); break;
            }
        }
    }
}

template <class U>
struct SignedPack {
    void operator()(int64_t nb, const uint8_t* w, size_t wStride, int rows, SignedPanelBlock* out) const
    {
        packSignedPanel<U>(nb, w, wStride, rows, out);
    }
};
struct SignedTile {
    template <int C>
    void operator()(std::integral_constant<int, C>, int64_t nb, const SignedPanelBlock* p, const uint8_t* const* cols,
                    float* out, size_t outStride, int rows) const
    {
        signedPanelTile<C>(nb, p, cols, out, outStride, rows);
    }
};
template <class K>
struct KPack {
    void operator()(int64_t nb, const uint8_t* w, size_t wStride, int rows, KPanelBlock* out) const
    {
        packKPanel<K>(nb, w, wStride, rows, out);
    }
};
template <class K>
struct KTile {
    template <int C>
    void operator()(std::integral_constant<int, C>, int64_t nb, const KPanelBlock* p, const uint8_t* const* cols,
                    float* out, size_t outStride, int rows) const
    {
        kPanelTile<K, C>(nb, p, cols, out, outStride, rows);
    }
};

template <class U>
void signedGemm(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols, float* out,
                size_t outStride)
{
    panelGemm<SignedPanelBlock, kQk, SignedPack<U>, SignedTile>(n, w, wStride, nRows, a, aStride, nCols, out, outStride);
}

template <class K>
void kQuantGemm(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols, float* out,
                size_t outStride)
{
    panelGemm<KPanelBlock, kQkK, KPack<K>, KTile<K>>(n, w, wStride, nRows, a, aStride, nCols, out, outStride);
}

} // namespace
} // namespace triad::engine
