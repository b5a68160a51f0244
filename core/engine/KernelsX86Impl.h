#pragma once
// x86 SIMD dot-product kernels shared by Kernels_avx2.cpp and Kernels_avx512.cpp. Include
// it only from those two files: everything here has internal linkage and is compiled with
// the including file's instruction set. TRIAD_X86_VNNI selects dpbusd (AVX-512 VNNI on
// 256-bit vectors) instead of the maddubs + madd pair for the int8 products.
//
// Each weight type has a row kernel that multiplies one weight row with C activation rows
// at once, so a block's unpacking (nibbles, high bits, scales) is done once for C columns.

#include "core/engine/Kernels.h"
#include "core/engine/KernelsX86Activation.h"
#include "core/engine/KernelsX86Blocks.h"
#include "core/engine/KernelsX86Common.h"
#include "core/engine/KernelsX86Float.h"
#include "core/engine/KernelsX86GemmFloat.h"
#include "core/engine/KernelsX86GemmInt8.h"
#include "core/engine/KernelsX86KQuants.h"
#include "core/engine/KernelsX86Quantize.h"

#include <type_traits>

namespace triad::engine {
namespace {

// ---- tile drivers ---------------------------------------------------------------------

/**
 * Quantized weights: for each row, columns in groups of up to @p MaxCols (the weights of a
 * block are unpacked once per group). @p Rows is callable as
 * (std::integral_constant<int, C>, nb, row, cols, res): a row kernel for C columns.
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

inline void setKernel(KernelTable& t, GgmlType type, DotTileFn fn, GgmlType act, DotTileFn gemm = nullptr)
{
    t.byType[static_cast<size_t>(type)] = TypeKernel{fn, act, gemm};
}

/** Fills @p t with this file's kernels. */
inline void fillX86Kernels(KernelTable& t)
{
    t.quantizeQ8_0 = simdQuantizeQ8_0;
    t.quantizeQ8_1 = simdQuantizeQ8_1;
    t.quantizeQ8_K = simdQuantizeQ8_K;
    t.swiGlu = simdSwiGlu;
    setKernel(t, GgmlType::F32, floatTile<WeightF32>, GgmlType::F32, floatGemm<WeightF32>);
    setKernel(t, GgmlType::F16, floatTile<WeightF16>, GgmlType::F32, floatGemm<WeightF16>);
    setKernel(t, GgmlType::BF16, floatTile<WeightBF16>, GgmlType::F32, floatGemm<WeightBF16>);
    setKernel(t, GgmlType::Q8_0, signedBlockTile<SignedQ8_0>, GgmlType::Q8_0, signedGemm<SignedQ8_0>);
    setKernel(t, GgmlType::Q4_0, signedBlockTile<SignedQ4_0>, GgmlType::Q8_0, signedGemm<SignedQ4_0>);
    setKernel(t, GgmlType::Q5_0, signedBlockTile<SignedQ5_0>, GgmlType::Q8_0, signedGemm<SignedQ5_0>);
    setKernel(t, GgmlType::Q4_1, TRIAD_QUANT_TILE(kQk, 4, dotQ4_1Row), GgmlType::Q8_1);
    setKernel(t, GgmlType::Q5_1, TRIAD_QUANT_TILE(kQk, 4, dotQ5_1Row), GgmlType::Q8_1);
    setKernel(t, GgmlType::Q2_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ2_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q3_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ3_KRow), GgmlType::Q8_K);
    setKernel(t, GgmlType::Q4_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ4_KRow), GgmlType::Q8_K, kQuantGemm<KRowQ4>);
    setKernel(t, GgmlType::Q5_K, TRIAD_QUANT_TILE(kQkK, 4, dotQ5_KRow), GgmlType::Q8_K, kQuantGemm<KRowQ5>);
    setKernel(t, GgmlType::Q6_K, TRIAD_QUANT_TILE(kQkK, 8, dotQ6_KRow), GgmlType::Q8_K, kQuantGemm<KRowQ6>);
}

} // namespace
} // namespace triad::engine
