#pragma once
// The engine's inner loops, as a table of function pointers filled per SIMD level and
// chosen once at run time (CpuFeatures). Quantized weights are multiplied with activations
// quantized to the matching format, as llama.cpp does:
//   Q4_0, Q5_0, Q8_0 -> Q8_0;  Q4_1, Q5_1 -> Q8_1;  Q2_K..Q6_K -> Q8_K;  F32, F16, BF16 -> F32.
//
//   const KernelTable& k = kernels();
//   const TypeKernel& tk = k.forType(GgmlType::Q4_K);
//   k.quantize(tk.activationType, x, act.data(), n);     // once per activation row
//   tk.dot(n, w, wRowBytes, nRows, act.data(), actRowBytes, nCols, out, nRows);

#include "core/engine/CpuFeatures.h"
#include "core/engine/GgmlType.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace triad::engine {

/**
 * Dot products of @p nRows weight rows with @p nCols activation rows, each @p n elements:
 * out[c * outStride + r] = dot(w + r * wStride, a + c * aStride).
 * Strides are in bytes except @p outStride (floats).
 */
using DotTileFn = void (*)(int64_t n, const void* w, size_t wStride, int nRows, const void* a,
                           size_t aStride, int nCols, float* out, size_t outStride);

/** Quantizes @p n floats into an activation row (n a multiple of the format's block). */
using QuantizeRowFn = void (*)(const float* x, void* dst, int64_t n);
/** SwiGLU in place: gate[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + e^-g). */
using SwiGluFn = void (*)(float* gate, const float* up, int64_t n);

/** How rows of one weight type are multiplied. */
struct TypeKernel {
    DotTileFn dot = nullptr;                 ///< nullptr: the type has no kernel
    GgmlType activationType = GgmlType::F32; ///< format the activations must be in
    /** Same contract as @ref dot for prompt batches: weight rows repacked into a small
     *  per-thread panel and multiplied with many activation rows; nullptr: use @ref dot. */
    DotTileFn gemm = nullptr;

    /** The kernel to use for @p nCols activation rows. */
    DotTileFn forColumns(int nCols) const { return gemm && nCols >= kGemmMinColumns ? gemm : dot; }
    /** From 2 on, so a prompt's logits do not depend on how it is split into batches (each
     *  column's arithmetic in the GEMM is the same whatever the batch). */
    static constexpr int kGemmMinColumns = 2;
};

/** All kernels of one SIMD level. */
struct KernelTable {
    CpuLevel level = CpuLevel::Scalar;
    std::array<TypeKernel, 32> byType{};     ///< indexed by the GgmlType id
    QuantizeRowFn quantizeQ8_0 = nullptr;
    QuantizeRowFn quantizeQ8_1 = nullptr;
    QuantizeRowFn quantizeQ8_K = nullptr;
    SwiGluFn swiGlu = nullptr;

    const TypeKernel& forType(GgmlType type) const { return byType[static_cast<size_t>(type) & 31]; }
    /** True when weights of @p type can be multiplied at this level. */
    bool supports(GgmlType type) const { return forType(type).dot != nullptr; }
    /** Converts a float row into @p activationType (F32 copies). */
    void quantize(GgmlType activationType, const float* x, void* dst, int64_t n) const;
};

/** Bytes of one activation row of @p n elements in @p activationType. */
size_t activationRowBytes(GgmlType activationType, int64_t n);

/** The table for the active level (see activeCpuLevel()). */
const KernelTable& kernels();

/** The table for @p level, or nullptr when this CPU cannot run it. */
const KernelTable* kernelsFor(CpuLevel level);

/** Filled by Kernels_scalar.cpp / Kernels_avx2.cpp / Kernels_avx512.cpp. */
void fillScalarKernels(KernelTable& table);
void fillAvx2Kernels(KernelTable& table);
void fillAvx512Kernels(KernelTable& table);

} // namespace triad::engine
