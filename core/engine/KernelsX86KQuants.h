#pragma once
// x86 SIMD row kernels for the K-quants (Q2_K..Q6_K) against Q8_K: integer sums per
// super-block with the sub-block scales applied by madd, mins and offsets folded in through
// the activations' bsums. Include only through KernelsX86Impl.h.

#include "core/engine/KernelsX86Common.h"
#include "core/engine/QuantBlocks.h"

namespace triad::engine {
namespace {

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

} // namespace
} // namespace triad::engine
