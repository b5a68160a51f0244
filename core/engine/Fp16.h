#pragma once
// Half-precision (IEEE binary16) and bfloat16 conversions to and from f32, portable and
// exact: f16 -> f32 is lossless, f32 -> f16 rounds to nearest even like F16C's
// _mm_cvtps_ph(x, 0), so the scalar and SIMD paths produce identical bits.
//
// The functions are `static inline` on purpose: with plain `inline`, a copy compiled in a
// *_avx2.cpp / *_avx512.cpp file (with wider instruction sets) could be the one the linker
// keeps for every caller, and crash older CPUs.

#include <cstdint>
#include <cstring>

namespace triad::engine {

/** Reinterprets the bits of a float (no conversion). */
static inline uint32_t floatBits(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

/** Reinterprets bits as a float (no conversion). */
static inline float bitsToFloat(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

/** binary16 -> f32 (exact, including subnormals, infinities and NaN). */
static inline float fp16ToFp32(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    uint32_t mantissa = h & 0x3FFu;
    if (exponent == 0x1Fu) // inf / NaN keep their payload
        return bitsToFloat(sign | 0x7F800000u | (mantissa << 13));
    if (exponent != 0)
        return bitsToFloat(sign | ((exponent + 112u) << 23) | (mantissa << 13));
    if (mantissa == 0)
        return bitsToFloat(sign);
    // Subnormal half: the value is mantissa * 2^-24, exact in f32.
    const float magnitude = float(mantissa) * 5.9604644775390625e-8f;
    return bitsToFloat(sign | floatBits(magnitude));
}

/** f32 -> binary16, round to nearest even; overflow gives infinity, NaN stays NaN. */
static inline uint16_t fp32ToFp16(float f)
{
    const uint32_t x = floatBits(f);
    const uint16_t sign = uint16_t((x >> 16) & 0x8000u);
    const uint32_t absBits = x & 0x7FFFFFFFu;
    if (absBits >= 0x7F800000u) // inf or NaN
        return uint16_t(sign | 0x7C00u | (absBits > 0x7F800000u ? 0x200u : 0u));
    if (absBits >= 0x477FF000u) // rounds to >= 65520: infinity
        return uint16_t(sign | 0x7C00u);
    if (absBits < 0x38800000u) { // below the smallest normal half: subnormal or zero
        // Adding 0.5 shifts the mantissa so that f32's own rounding does the work.
        const float magic = bitsToFloat(absBits) + 0.5f;
        return uint16_t(sign | uint16_t(floatBits(magic) - floatBits(0.5f)));
    }
    const uint32_t mantissaOdd = (absBits >> 13) & 1u;
    uint32_t rounded = absBits + 0xC8000FFFu + mantissaOdd; // rebias exponent by -112, round
    return uint16_t(sign | uint16_t(rounded >> 13));
}

/** bfloat16 -> f32: bf16 is the upper half of an f32. */
static inline float bf16ToFp32(uint16_t b)
{
    return bitsToFloat(uint32_t(b) << 16);
}

/** f32 -> bfloat16, round to nearest even; NaN stays a quiet NaN. */
static inline uint16_t fp32ToBf16(float f)
{
    const uint32_t x = floatBits(f);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return uint16_t((x >> 16) | 0x40u);
    return uint16_t((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}

} // namespace triad::engine
