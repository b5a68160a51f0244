#pragma once
// Conversion of tensor rows of any supported ggml type to f32: the portable reference every
// kernel is tested against, and the path for tensors read element-wise (embeddings, norms).

#include "core/engine/GgmlType.h"

#include <cstdint>

namespace triad::engine {

/**
 * Converts @p n elements of type @p type at @p src into @p dst.
 * @p n must be a multiple of the type's block size. Returns false (writing nothing) for a
 * type without a dequantizer (Q8_1, Q8_K are activation-only formats) or a bad @p n.
 */
bool dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n);

} // namespace triad::engine
