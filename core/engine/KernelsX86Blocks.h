#pragma once
// x86 SIMD row kernels for the 32-element block types (Q4_0, Q5_0, Q8_0 against Q8_0;
// Q4_1, Q5_1 against Q8_1): one weight row x C activation rows. Include only through
// KernelsX86Impl.h.

#include "core/engine/KernelsX86Common.h"
#include "core/engine/QuantBlocks.h"

namespace triad::engine {
namespace {

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
