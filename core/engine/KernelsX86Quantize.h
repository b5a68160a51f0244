#pragma once
// x86 SIMD activation quantizers (Q8_0, Q8_1, Q8_K) for KernelsX86Impl.h: the same bytes as
// the portable quantizers in Quantize.cpp (same scale arithmetic, same rounding: half away
// from zero for Q8_0/Q8_1 like std::round, half to even for Q8_K like std::nearbyint), only
// eight floats at a time. Internal linkage; include only from the *_avx2/_avx512 files.

#include "core/engine/QuantBlocks.h"

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace triad::engine {
namespace {

inline __m256 absPs(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

inline float hmax(__m256 v)
{
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

/** std::round of each lane (ties away from zero), as int32. */
inline __m256i roundAwayEpi32(__m256 v)
{
    const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 frac = _mm256_sub_ps(v, t); // exact
    const __m256 away = _mm256_cmp_ps(absPs(frac), _mm256_set1_ps(0.5f), _CMP_GE_OQ);
    const __m256 one = _mm256_or_ps(_mm256_set1_ps(1.0f), _mm256_and_ps(v, _mm256_set1_ps(-0.0f)));
    return _mm256_cvttps_epi32(_mm256_add_ps(t, _mm256_and_ps(away, one)));
}

/** Packs 4 x 8 int32 (each within int8 range) into 32 int8 in element order. */
inline __m256i packEpi32ToEpi8(__m256i a, __m256i b, __m256i c, __m256i d)
{
    const __m256i ab = _mm256_packs_epi32(a, b);
    const __m256i cd = _mm256_packs_epi32(c, d);
    const __m256i abcd = _mm256_packs_epi16(ab, cd);
    // The packs interleave 128-bit lanes: restore element order.
    return _mm256_permutevar8x32_epi32(abcd, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

/** One block of 32: d and the quantized values, rounding like std::round. */
inline float quantBlock32(const float* x, int8_t* qs)
{
    __m256 v[4];
    __m256 amax = _mm256_setzero_ps();
    for (int j = 0; j < 4; ++j) {
        v[j] = _mm256_loadu_ps(x + 8 * j);
        amax = _mm256_max_ps(amax, absPs(v[j]));
    }
    const float d = hmax(amax) / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    const __m256 mul = _mm256_set1_ps(id);
    __m256i q[4];
    for (int j = 0; j < 4; ++j)
        q[j] = roundAwayEpi32(_mm256_mul_ps(v[j], mul));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(qs), packEpi32ToEpi8(q[0], q[1], q[2], q[3]));
    return d;
}

void simdQuantizeQ8_0(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_0*>(dst);
    for (int64_t i = 0; i < n / kQk; ++i, x += kQk)
        b[i].d = _cvtss_sh(quantBlock32(x, b[i].qs), _MM_FROUND_TO_NEAREST_INT);
}

void simdQuantizeQ8_1(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_1*>(dst);
    for (int64_t i = 0; i < n / kQk; ++i, x += kQk) {
        const float d = quantBlock32(x, b[i].qs);
        const __m256i q16 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b[i].qs)));
        const __m256i q16b = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b[i].qs + 16)));
        const __m256i s32 = _mm256_madd_epi16(_mm256_add_epi16(q16, q16b), _mm256_set1_epi16(1));
        __m128i s = _mm_add_epi32(_mm256_castsi256_si128(s32), _mm256_extracti128_si256(s32, 1));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
        b[i].d = _cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT);
        b[i].s = _cvtss_sh(float(_mm_cvtsi128_si32(s)) * d, _MM_FROUND_TO_NEAREST_INT);
    }
}

void simdQuantizeQ8_K(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_K*>(dst);
    for (int64_t i = 0; i < n / kQkK; ++i, x += kQkK) {
        __m256 amax = _mm256_setzero_ps();
        for (int j = 0; j < kQkK; j += 8)
            amax = _mm256_max_ps(amax, absPs(_mm256_loadu_ps(x + j)));
        const float m = hmax(amax);
        if (m == 0.0f) {
            std::memset(&b[i], 0, sizeof b[i]);
            continue;
        }
        // The first element of largest magnitude, with its sign (as the portable code).
        int first = 0;
        while (x[first] != m && x[first] != -m)
            ++first;
        const float iscale = -127.0f / x[first];
        const __m256 mul = _mm256_set1_ps(iscale);
        const __m256i top = _mm256_set1_epi32(127);
        for (int j = 0; j < kQkK; j += 32) {
            __m256i q[4];
            for (int k = 0; k < 4; ++k)
                q[k] = _mm256_min_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + j + 8 * k), mul)), top);
            const __m256i bytes = packEpi32ToEpi8(q[0], q[1], q[2], q[3]);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(b[i].qs + j), bytes);
            // Two sums of 16: widen to int16, pairwise-add to int32, then fold.
            const __m256i w0 = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(bytes));
            const __m256i w1 = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(bytes, 1));
            const __m256i s = _mm256_hadd_epi32(_mm256_madd_epi16(w0, _mm256_set1_epi16(1)),
                                                _mm256_madd_epi16(w1, _mm256_set1_epi16(1)));
            // s lanes: [w0 0-1, w0 2-3, w1 0-1, w1 2-3 | w0 4-5, w0 6-7, w1 4-5, w1 6-7] (pairs of 2 int16 sums)
            const __m128i t = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
            // t = [w0 0-1+4-5, w0 2-3+6-7, w1 .., w1 ..]
            const __m128i u = _mm_hadd_epi32(t, t); // [sum w0, sum w1, ...]
            b[i].bsums[j / 16] = int16_t(_mm_cvtsi128_si32(u));
            b[i].bsums[j / 16 + 1] = int16_t(_mm_extract_epi32(u, 1));
        }
        b[i].d = 1.0f / iscale;
    }
}

} // namespace
} // namespace triad::engine
