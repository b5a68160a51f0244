#pragma once
// Byte layouts of ggml's quantized blocks (see docs/engine-facts.md). Every struct matches
// the file format byte for byte; the static_asserts guard that. f16 fields are raw bits
// (use fp16ToFp32). Helpers are `static inline` so SIMD files (other -m flags) keep private
// copies (see Fp16.h).

#include <cstdint>

namespace triad::engine {

inline constexpr int kQk = 32;    ///< elements per block of the Q4_0..Q8_1 family
inline constexpr int kQkK = 256;  ///< elements per super-block of the K-quants
inline constexpr int kKScaleBytes = 12; ///< packed 6-bit scales/mins of Q4_K and Q5_K

/** Q4_0: x = (q - 8) * d; byte j holds element j (low nibble) and j + 16 (high). */
struct BlockQ4_0 {
    uint16_t d;
    uint8_t qs[kQk / 2];
};
/** Q4_1: x = q * d + m. */
struct BlockQ4_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qs[kQk / 2];
};
/** Q5_0: x = (q - 16) * d; bit j of qh (little-endian u32) is the 5th bit of element j. */
struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4];
    uint8_t qs[kQk / 2];
};
/** Q5_1: x = q * d + m. */
struct BlockQ5_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qh[4];
    uint8_t qs[kQk / 2];
};
/** Q8_0: x = q * d. Also the activation format for Q4_0/Q5_0/Q8_0 weights. */
struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kQk];
};
/** Q8_1 (activations for Q4_1/Q5_1): like Q8_0 plus s = d * sum(qs) for the weights' m. */
struct BlockQ8_1 {
    uint16_t d;
    uint16_t s;
    int8_t qs[kQk];
};

/** Q2_K: 16 sub-blocks of 16; scales[i] = scale (low nibble) | min (high nibble). */
struct BlockQ2_K {
    uint8_t scales[kQkK / 16];
    uint8_t qs[kQkK / 4];
    uint16_t d;
    uint16_t dmin;
};
/** Q3_K: 2-bit low part in qs, 3rd bit in hmask (set = no -4 offset), 16 six-bit scales. */
struct BlockQ3_K {
    uint8_t hmask[kQkK / 8];
    uint8_t qs[kQkK / 4];
    uint8_t scales[12];
    uint16_t d;
};
/** Q4_K: 8 sub-blocks of 32 with 6-bit scale and min; x = d*sc*q - dmin*m. */
struct BlockQ4_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kKScaleBytes];
    uint8_t qs[kQkK / 2];
};
/** Q5_K: Q4_K plus one high bit per element in qh. */
struct BlockQ5_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kKScaleBytes];
    uint8_t qh[kQkK / 8];
    uint8_t qs[kQkK / 2];
};
/** Q6_K: 6-bit values (ql low 4 bits, qh high 2 bits) minus 32, 16 int8 scales. */
struct BlockQ6_K {
    uint8_t ql[kQkK / 2];
    uint8_t qh[kQkK / 4];
    int8_t scales[kQkK / 16];
    uint16_t d;
};
/** Q8_K (activations for the K-quants): bsums[i] = sum of qs[16i..16i+15]. */
struct BlockQ8_K {
    float d;
    int8_t qs[kQkK];
    int16_t bsums[kQkK / 16];
};

static_assert(sizeof(BlockQ4_0) == 18);
static_assert(sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockQ2_K) == 84);
static_assert(sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144);
static_assert(sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210);
static_assert(sizeof(BlockQ8_K) == 292);

/**
 * Sub-block @p j (0..7) scale and min of a Q4_K/Q5_K block from its 12 packed bytes:
 * the first four pairs are 6-bit fields, the last four borrow their top 2 bits.
 */
static inline void kQuantScaleMin(int j, const uint8_t* s, uint8_t& scale, uint8_t& min)
{
    if (j < 4) {
        scale = s[j] & 63;
        min = s[j + 4] & 63;
    } else {
        scale = uint8_t((s[j + 4] & 15) | ((s[j - 4] >> 6) << 4));
        min = uint8_t((s[j + 4] >> 4) | ((s[j] >> 6) << 4));
    }
}

/** The 16 signed Q3_K scales (already minus 32) from their 12 packed bytes. */
static inline void q3kScales(const uint8_t* packed, int8_t* out16)
{
    // Low 4 bits: bytes 0..7 (low nibble for scales 0..7, high nibble for 8..15);
    // high 2 bits: bytes 8..11, two bits per scale, scale i uses byte 8 + i % 4, shift 2*(i/4).
    for (int i = 0; i < 16; ++i) {
        const int low = (i < 8) ? (packed[i] & 15) : (packed[i - 8] >> 4);
        const int high = (packed[8 + (i % 4)] >> (2 * (i / 4))) & 3;
        out16[i] = int8_t((low | (high << 4)) - 32);
    }
}

} // namespace triad::engine
