#pragma once
// x86 SIMD dot-product kernels shared by Kernels_avx2.cpp and Kernels_avx512.cpp. Include
// it only from those two files: everything here has internal linkage and is compiled with
// the including file's instruction set. TRIAD_X86_VNNI selects dpbusd (AVX-512 VNNI on
// 256-bit vectors) instead of the maddubs + madd pair for the int8 products.
//
// Each weight type has a row kernel that multiplies one weight row with C activation rows
// at once, so a block's unpacking (nibbles, high bits, scales) is done once for C columns.

#include "core/engine/Kernels.h"
#include "core/engine/KernelsX86Quantize.h"
#include "core/engine/QuantBlocks.h"

#include <immintrin.h>

#include <cstring>
#include <type_traits>

namespace triad::engine {
namespace {

// GCC keeps small per-column accumulator arrays in memory unless these loops are unrolled,
// which turns every block into a store-to-load dependency chain (4x slower).
#define TRIAD_UNROLL _Pragma("GCC unroll 8")

inline float halfToFloat(uint16_t h) { return _cvtsh_ss(h); }

inline float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline int hsumInt(__m256i v)
{
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

/** int32 lanes += sums of 4 products of unsigned bytes @p u with signed bytes @p s. */
inline __m256i dotAcc(__m256i acc, __m256i u, __m256i s)
{
#if defined(TRIAD_X86_VNNI)
    return _mm256_dpbusd_epi32(acc, u, s);
#else
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
#endif
}

/** A per-16-element scale vector for scaledDot(): @p lo for elements 0..15, @p hi 16..31. */
inline __m256i scalePair(int lo, int hi)
{
    return _mm256_setr_m128i(_mm_set1_epi16(short(lo)), _mm_set1_epi16(short(hi)));
}

/**
 * int32 lanes of scale * (u · s) over 32 bytes; @p scale holds int16 lanes (scalePair() or
 * broadcastScale()). maddubs + madd on every level: with a scale to apply, dpbusd would need
 * an extra 32-bit multiply.
 */
inline __m256i scaledDot(__m256i u, __m256i s, __m256i scale)
{
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), scale);
}

/**
 * Every int16 lane of the low 128 bits = int16 element @p lo of @p scales (8 int16 repeated
 * in both halves), every lane of the high 128 bits = element @p hi.
 */
template <int lo, int hi>
inline __m256i broadcastScale(__m256i scales)
{
    constexpr short maskLo = short((2 * lo) | ((2 * lo + 1) << 8));
    constexpr short maskHi = short((2 * hi) | ((2 * hi + 1) << 8));
    return _mm256_shuffle_epi8(scales, _mm256_setr_m128i(_mm_set1_epi16(maskLo), _mm_set1_epi16(maskHi)));
}

/** Signed x signed bytes: the sign of @p w moves onto @p a so maddubs sees |w|. */
inline __m256i signedDot(__m256i w, __m256i a)
{
    return dotAcc(_mm256_setzero_si256(), _mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w));
}

inline __m256i load256(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

/** 16 packed bytes -> 32 nibbles: low nibbles in bytes 0..15, high nibbles in 16..31. */
inline __m256i unpackNibbles(const uint8_t* qs)
{
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i mask = _mm_set1_epi8(15);
    return _mm256_setr_m128i(_mm_and_si128(b, mask), _mm_and_si128(_mm_srli_epi16(b, 4), mask));
}

/** Byte j = 0xFF where bit j of @p bits is set. */
inline __m256i bitsToBytes(uint32_t bits)
{
    const __m256i v = _mm256_set1_epi32(int(bits));
    const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i select = _mm256_set1_epi64x(0x8040201008040201LL);
    return _mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(v, spread), select), select);
}

inline uint32_t loadU32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

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

// ---- 32-element blocks, one weight row x C activation rows -----------------------------

template <int C>
inline void dotQ8_0Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ8_0*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    for (int64_t i = 0; i < nb; ++i) {
        const __m256i q = load256(x[i].qs);
        const float dw = halfToFloat(x[i].d);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_0*>(a[c]) + i;
            const __m256i p = signedDot(q, load256(y->qs));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(dw * halfToFloat(y->d)), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
}

template <int C>
inline void dotQ4_0Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ4_0*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i eight = _mm256_set1_epi8(8);
    for (int64_t i = 0; i < nb; ++i) {
        const __m256i q = _mm256_sub_epi8(unpackNibbles(x[i].qs), eight);
        const float dw = halfToFloat(x[i].d);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_0*>(a[c]) + i;
            const __m256i p = signedDot(q, load256(y->qs));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(dw * halfToFloat(y->d)), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
}

template <int C>
inline void dotQ5_0Row(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ5_0*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i sixteen = _mm256_set1_epi8(16);
    for (int64_t i = 0; i < nb; ++i) {
        const __m256i high = _mm256_and_si256(bitsToBytes(loadU32(x[i].qh)), sixteen);
        const __m256i q = _mm256_sub_epi8(_mm256_or_si256(unpackNibbles(x[i].qs), high), sixteen);
        const float dw = halfToFloat(x[i].d);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_0*>(a[c]) + i;
            const __m256i p = signedDot(q, load256(y->qs));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(dw * halfToFloat(y->d)), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
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

// ---- K-quants against Q8_K --------------------------------------------------------------

/** Σ_g m[g] * bsums[g] for 16 int16 multipliers. */
inline int bsumProduct(const int16_t* bsums, __m256i multipliers16)
{
    return hsumInt(_mm256_madd_epi16(load256(bsums), multipliers16));
}

/**
 * Scales (bytes 0..7) and mins (bytes 8..15) of the 8 sub-blocks of a Q4_K/Q5_K block,
 * unpacked four at a time from their 12 packed bytes (see kQuantScaleMin()).
 */
inline __m128i kScalesMins(const uint8_t* s)
{
    const uint32_t a = loadU32(s), b = loadU32(s + 4), c = loadU32(s + 8);
    const uint32_t scLo = a & 0x3F3F3F3Fu, mLo = b & 0x3F3F3F3Fu;
    // Sub-blocks 4..7: low 4 bits from c, top 2 bits from bits 6..7 of a (scales) / b (mins).
    const uint32_t scHi = (c & 0x0F0F0F0Fu) | ((a >> 2) & 0x30303030u);
    const uint32_t mHi = ((c >> 4) & 0x0F0F0F0Fu) | ((b >> 2) & 0x30303030u);
    return _mm_setr_epi32(int(scLo), int(scHi), int(mLo), int(mHi));
}

/** Σ_j mins[j] * (sum of the activations of sub-block j of 32), as 4 int32 in 256 bits. */
inline __m256 kMinProducts(__m128i mins16, const int16_t* bsums)
{
    const __m128i pairs = _mm_hadd_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bsums)),
                                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(bsums + 8)));
    return _mm256_cvtepi32_ps(_mm256_zextsi128_si256(_mm_madd_epi16(mins16, pairs)));
}

/**
 * Q4_K (HighBits false) and Q5_K rows: 32 nibbles per 32 bytes of qs, low nibbles are
 * sub-block 2k, high nibbles 2k+1; per column the integer sums stay in one register per
 * block and the mins come in through the activations' bsums.
 */
template <class Block, bool HighBits, int C>
inline void dotQ45_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const Block*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i low4 = _mm256_set1_epi8(15);
    for (int64_t i = 0; i < nb; ++i) {
        const __m128i sm = kScalesMins(x[i].scales);
        const __m256i scales = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(sm));
        const __m128i mins16 = _mm_cvtepu8_epi16(_mm_srli_si128(sm, 8));
        __m256i hbits = _mm256_setzero_si256();
        if constexpr (HighBits)
            hbits = load256(x[i].qh);
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            sum[c] = _mm256_setzero_si256();
        const auto chunk = [&]<int k>() {
            const __m256i bytes = load256(x[i].qs + 32 * k);
            __m256i lo = _mm256_and_si256(bytes, low4);
            __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low4);
            if constexpr (HighBits) {
                const __m256i bit = _mm256_set1_epi8(16);
                // Bit 2k (low nibbles) and 2k+1 (high nibbles) of each qh byte move to bit 4.
                if constexpr (k < 3)
                    lo = _mm256_or_si256(lo, _mm256_and_si256(_mm256_slli_epi16(hbits, 4 - 2 * k), bit));
                else
                    lo = _mm256_or_si256(lo, _mm256_and_si256(_mm256_srli_epi16(hbits, 2), bit));
                if constexpr (k < 2)
                    hi = _mm256_or_si256(hi, _mm256_and_si256(_mm256_slli_epi16(hbits, 3 - 2 * k), bit));
                else
                    hi = _mm256_or_si256(hi, _mm256_and_si256(_mm256_srli_epi16(hbits, 2 * k - 3), bit));
            }
            const __m256i scLo = broadcastScale<2 * k, 2 * k>(scales);
            const __m256i scHi = broadcastScale<2 * k + 1, 2 * k + 1>(scales);
            TRIAD_UNROLL
            for (int c = 0; c < C; ++c) {
                const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
                const __m256i pLo = scaledDot(lo, load256(y->qs + 64 * k), scLo);
                const __m256i pHi = scaledDot(hi, load256(y->qs + 64 * k + 32), scHi);
                sum[c] = _mm256_add_epi32(sum[c], _mm256_add_epi32(pLo, pHi));
            }
        };
        chunk.template operator()<0>();
        chunk.template operator()<1>();
        chunk.template operator()<2>();
        chunk.template operator()<3>();
        const float d = halfToFloat(x[i].d), dmin = halfToFloat(x[i].dmin);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[c]), _mm256_set1_ps(d * y->d), acc[c]);
            acc[c] = _mm256_fnmadd_ps(kMinProducts(mins16, y->bsums), _mm256_set1_ps(dmin * y->d), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
}

template <int C>
inline void dotQ4_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    dotQ45_KRow<BlockQ4_K, false, C>(nb, w, a, res);
}

template <int C>
inline void dotQ5_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    dotQ45_KRow<BlockQ5_K, true, C>(nb, w, a, res);
}

template <int C>
inline void dotQ6_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ6_K*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i low4 = _mm256_set1_epi8(15);
    const __m256i two = _mm256_set1_epi8(3);
    for (int64_t i = 0; i < nb; ++i) {
        const __m128i sc8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x[i].scales));
        // Values are stored +32; the offset comes back through 32 * Σ sc_g * bsums_g.
        const __m256i scales16 = _mm256_cvtepi8_epi16(sc8);
        const __m256i half[2] = {_mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(sc8)),
                                 _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(_mm_srli_si128(sc8, 8)))};
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            sum[c] = _mm256_setzero_si256();
        TRIAD_UNROLL
        for (int n = 0; n < 2; ++n) {
            const __m256i qlA = load256(x[i].ql + 64 * n);
            const __m256i qlB = load256(x[i].ql + 64 * n + 32);
            const __m256i h = load256(x[i].qh + 32 * n);
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(qlA, low4), _mm256_slli_epi16(_mm256_and_si256(h, two), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(qlB, low4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), two), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(qlA, 4), low4),
                                   _mm256_and_si256(h, _mm256_set1_epi8(0x30)));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(qlB, 4), low4),
                                   _mm256_and_si256(_mm256_srli_epi16(h, 2), _mm256_set1_epi8(0x30)));
            const __m256i scale[4] = {broadcastScale<0, 1>(half[n]), broadcastScale<2, 3>(half[n]),
                                      broadcastScale<4, 5>(half[n]), broadcastScale<6, 7>(half[n])};
            TRIAD_UNROLL
            for (int k = 0; k < 4; ++k) {
                TRIAD_UNROLL
                for (int c = 0; c < C; ++c) {
                    const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
                    sum[c] = _mm256_add_epi32(sum[c], scaledDot(q[k], load256(y->qs + 128 * n + 32 * k), scale[k]));
                }
            }
        }
        const float d = halfToFloat(x[i].d);
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
            const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(scales16, load256(y->bsums)), 5);
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(sum[c], offset)), _mm256_set1_ps(d * y->d), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
}

template <int C>
inline void dotQ2_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ2_K*>(w);
    __m256 acc[C];
    float mins[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c) {
        acc[c] = _mm256_setzero_ps();
        mins[c] = 0.0f;
    }
    const __m256i three = _mm256_set1_epi8(3);
    for (int64_t i = 0; i < nb; ++i) {
        const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x[i].scales));
        const __m256i mins16 = _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(15)));
        const float d = halfToFloat(x[i].d), dmin = halfToFloat(x[i].dmin);
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            sum[c] = _mm256_setzero_si256();
        TRIAD_UNROLL
        for (int n = 0; n < 2; ++n) {
            const __m256i qv = load256(x[i].qs + 32 * n);
            TRIAD_UNROLL
            for (int j = 0; j < 4; ++j) {
                const int g = 8 * n + 2 * j;
                const __m256i u = _mm256_and_si256(_mm256_srli_epi16(qv, 2 * j), three);
                const __m256i scale = scalePair(x[i].scales[g] & 15, x[i].scales[g + 1] & 15);
                TRIAD_UNROLL
                for (int c = 0; c < C; ++c) {
                    const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
                    sum[c] = _mm256_add_epi32(sum[c], scaledDot(u, load256(y->qs + 128 * n + 32 * j), scale));
                }
            }
        }
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum[c]), _mm256_set1_ps(d * y->d), acc[c]);
            mins[c] += dmin * y->d * float(bsumProduct(y->bsums, mins16));
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]) - mins[c];
}

template <int C>
inline void dotQ3_KRow(int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res)
{
    const auto* x = reinterpret_cast<const BlockQ3_K*>(w);
    __m256 acc[C];
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        acc[c] = _mm256_setzero_ps();
    const __m256i three = _mm256_set1_epi8(3);
    const __m256i one = _mm256_set1_epi8(1);
    for (int64_t i = 0; i < nb; ++i) {
        int8_t sc[16];
        q3kScales(x[i].scales, sc);
        // Values are stored as u = low2 | hbit << 2 = q + 4; the offset returns via bsums.
        const __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(sc)));
        const float d = halfToFloat(x[i].d);
        const __m256i hm = load256(x[i].hmask);
        __m256i sum[C];
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c)
            sum[c] = _mm256_setzero_si256();
        TRIAD_UNROLL
        for (int n = 0; n < 2; ++n) {
            const __m256i qv = load256(x[i].qs + 32 * n);
            TRIAD_UNROLL
            for (int j = 0; j < 4; ++j) {
                const int g = 8 * n + 2 * j;
                const __m256i high = _mm256_and_si256(_mm256_srli_epi16(hm, 4 * n + j), one);
                const __m256i u = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(qv, 2 * j), three),
                                                  _mm256_slli_epi16(high, 2));
                const __m256i scale = scalePair(sc[g], sc[g + 1]);
                TRIAD_UNROLL
                for (int c = 0; c < C; ++c) {
                    const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
                    sum[c] = _mm256_add_epi32(sum[c], scaledDot(u, load256(y->qs + 128 * n + 32 * j), scale));
                }
            }
        }
        TRIAD_UNROLL
        for (int c = 0; c < C; ++c) {
            const auto* y = reinterpret_cast<const BlockQ8_K*>(a[c]) + i;
            const int offset = 4 * bsumProduct(y->bsums, scales16);
            const __m256 total = _mm256_cvtepi32_ps(_mm256_sub_epi32(sum[c], _mm256_setr_epi32(offset, 0, 0, 0, 0, 0, 0, 0)));
            acc[c] = _mm256_fmadd_ps(total, _mm256_set1_ps(d * y->d), acc[c]);
        }
    }
    TRIAD_UNROLL
    for (int c = 0; c < C; ++c)
        res[c] = hsum(acc[c]);
}

// ---- tile drivers ---------------------------------------------------------------------

/**
 * Quantized weights: for each row, columns in groups of up to @p MaxCols (the weights of a
 * block are unpacked once per group). @p Rows is callable as (std::integral_constant<int, C>, nb, row, cols, res): a row kernel
 * for C columns.
 */
template <int BlockElems, int MaxCols, class Rows>
void quantTile(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
               float* out, size_t outStride)
{
    const int64_t nb = n / BlockElems;
    const auto* wBytes = static_cast<const uint8_t*>(w);
    const auto* aBytes = static_cast<const uint8_t*>(a);
    for (int c0 = 0; c0 < nCols; c0 += MaxCols) {
        const int cn = nCols - c0 < MaxCols ? nCols - c0 : MaxCols;
        const uint8_t* cols[MaxCols];
        for (int c = 0; c < cn; ++c)
            cols[c] = aBytes + size_t(c0 + c) * aStride;
        for (int r = 0; r < nRows; ++r) {
            float res[MaxCols];
            const uint8_t* row = wBytes + size_t(r) * wStride;
            switch (cn) {
            case 8: if constexpr (MaxCols >= 8) Rows{}(std::integral_constant<int, 8>{}, nb, row, cols, res); break;
            case 7: if constexpr (MaxCols >= 7) Rows{}(std::integral_constant<int, 7>{}, nb, row, cols, res); break;
            case 6: if constexpr (MaxCols >= 6) Rows{}(std::integral_constant<int, 6>{}, nb, row, cols, res); break;
            case 5: if constexpr (MaxCols >= 5) Rows{}(std::integral_constant<int, 5>{}, nb, row, cols, res); break;
            case 4: Rows{}(std::integral_constant<int, 4>{}, nb, row, cols, res); break;
            case 3: Rows{}(std::integral_constant<int, 3>{}, nb, row, cols, res); break;
            case 2: Rows{}(std::integral_constant<int, 2>{}, nb, row, cols, res); break;
            default: Rows{}(std::integral_constant<int, 1>{}, nb, row, cols, res); break;
            }
            for (int c = 0; c < cn; ++c)
                out[size_t(c0 + c) * outStride + size_t(r)] = res[c];
        }
    }
}

/** A quantTile() kernel from a row-kernel template: columns per group, then the kernel. */
#define TRIAD_QUANT_TILE(blockElems, maxCols, rowTemplate)                                          \
    [] {                                                                                            \
        auto rows = [](auto cols, int64_t nb, const uint8_t* w, const uint8_t* const* a, float* res) { \
            rowTemplate<decltype(cols)::value>(nb, w, a, res);                                      \
        };                                                                                          \
        return &quantTile<blockElems, maxCols, decltype(rows)>;                                     \
    }()

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

inline void setKernel(KernelTable& t, GgmlType type, DotTileFn fn, GgmlType act)
{
    t.byType[static_cast<size_t>(type)] = TypeKernel{fn, act};
}

/** Fills @p t with this file's kernels. */
inline void fillX86Kernels(KernelTable& t)
{
    t.quantizeQ8_0 = simdQuantizeQ8_0;
    t.quantizeQ8_1 = simdQuantizeQ8_1;
    t.quantizeQ8_K = simdQuantizeQ8_K;
    setKernel(t, GgmlType::F32, floatTile<WeightF32>, GgmlType::F32);
    setKernel(t, GgmlType::F16, floatTile<WeightF16>, GgmlType::F32);
    setKernel(t, GgmlType::BF16, floatTile<WeightBF16>, GgmlType::F32);
    setKernel(t, GgmlType::Q8_0, TRIAD_QUANT_TILE(kQk, 4, dotQ8_0Row), GgmlType::Q8_0);
    setKernel(t, GgmlType::Q4_0, TRIAD_QUANT_TILE(kQk, 4, dotQ4_0Row), GgmlType::Q8_0);
    setKernel(t, GgmlType::Q5_0, TRIAD_QUANT_TILE(kQk, 4, dotQ5_0Row), GgmlType::Q8_0);
    setKernel(t, GgmlType::Q4_1, TRIAD_QUANT_TILE(kQk, 4, dotQ4_1Row), GgmlType::Q8_1);
    setKernel(t, GgmlType::Q5_1, TRIAD_QUANT_TILE(kQk, 4, dotQ5_1Row), GgmlType::Q8_1);
    setKernel(t, GgmlType::Q2_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ2_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q3_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ3_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q4_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ4_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q5_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ5_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q6_K, TRIAD_QUANT_TILE(kQkK, 8, dotQ6_KRow), GgmlType::Q8_K);
}

} // namespace
} // namespace triad::engine
