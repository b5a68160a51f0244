#pragma once
// Quantization of f32 rows into ggml block formats: for weights (the quantize command and
// `model synth`) and for activations (matmuls quantize x to match the weight type).
//
//   std::vector<uint8_t> row(ggmlRowBytes(GgmlType::Q4_K, n));
//   quantizeRow(GgmlType::Q4_K, x, row.data(), n);

#include "core/engine/GgmlType.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace triad::engine {

/** True when quantizeRow() can produce @p type. */
bool canQuantize(GgmlType type);

/**
 * Quantizes @p n floats (a multiple of the block size) into @p dst, which holds
 * ggmlRowBytes(type, n) bytes. Returns false for a type canQuantize() rejects or a bad @p n.
 */
bool quantizeRow(GgmlType type, const float* src, void* dst, int64_t n);

/** Activation formats: Q8_0 (scale per 32), Q8_1 (plus the block's scaled sum), Q8_K. */
void quantizeRowQ8_0(const float* x, void* dst, int64_t n);
void quantizeRowQ8_1(const float* x, void* dst, int64_t n);
void quantizeRowQ8_K(const float* x, void* dst, int64_t n);

/** A whole-file quantization recipe as llama-quantize names them. */
enum class QuantScheme {
    F32 = 1,
    F16,
    BF16,
    Q8_0,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    Q4_K_S,
    Q4_K_M,
    Q5_K_M,
    Q6_K,
};

/** Scheme from "Q4_K_M" / "q8_0"...; std::nullopt when unknown. */
std::optional<QuantScheme> quantSchemeFromName(std::string_view name);
std::string_view quantSchemeName(QuantScheme scheme);
/** Names accepted by quantSchemeFromName, comma separated (for error messages). */
std::string quantSchemeNames();

/** What the tensor is, as far as choosing its type goes. */
struct TensorRole {
    std::string name;          ///< GGUF tensor name, e.g. "blk.3.ffn_down.weight"
    int64_t rowElements = 0;   ///< ne[0]
    int nDims = 2;             ///< 1-D tensors (norms, biases) stay F32
    int layerCount = 0;        ///< the model's block_count
    bool outputTiedToEmbedding = false; ///< no output.weight: token_embd doubles as the output
};

/**
 * The type a tensor gets under @p scheme, following llama-quantize: 1-D tensors stay F32;
 * Q4_K_M/Q5_K_M give output.weight Q6_K and the attn_v / ffn_down of the first and last
 * eighth of the layers (and every third in between) Q6_K; a row length that is not a
 * multiple of the type's block falls back (Q4_K->Q5_0, Q5_K->Q5_1, Q6_K->Q8_0, others->F16).
 * The token_embd of a model without output.weight counts as the output matrix.
 */
GgmlType quantTypeForTensor(QuantScheme scheme, const TensorRole& role);

} // namespace triad::engine
