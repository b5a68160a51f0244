#pragma once
// Helpers of the x86 SIMD kernels (KernelsX86Impl.h): horizontal sums, int8 dot products,
// scale broadcasts, nibble and bit unpacking. Internal linkage, compiled with the including
// file's instruction set; include only through KernelsX86Impl.h.

#include <immintrin.h>

#include <cstdint>
#include <cstring>

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

/** 8 vectors of 8 int32 -> v[g] lane r = old v[r] lane g. */
inline void transpose8x8Epi32(__m256i* v)
{
    const __m256i t0 = _mm256_unpacklo_epi32(v[0], v[1]), t1 = _mm256_unpackhi_epi32(v[0], v[1]);
    const __m256i t2 = _mm256_unpacklo_epi32(v[2], v[3]), t3 = _mm256_unpackhi_epi32(v[2], v[3]);
    const __m256i t4 = _mm256_unpacklo_epi32(v[4], v[5]), t5 = _mm256_unpackhi_epi32(v[4], v[5]);
    const __m256i t6 = _mm256_unpacklo_epi32(v[6], v[7]), t7 = _mm256_unpackhi_epi32(v[6], v[7]);
    const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
    const __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
    const __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
    v[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
    v[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
    v[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
    v[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
    v[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
    v[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
    v[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
    v[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

inline uint32_t loadU32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

} // namespace
} // namespace triad::engine
