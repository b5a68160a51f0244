#pragma once
// ggml tensor type ids as stored in GGUF files, with the block geometry every reader of a
// tensor needs (elements per block, bytes per block). The numeric values are fixed by the
// file format, which is why F32 is 0 here despite the project's "no 0 enum" convention.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace triad::engine {

/** A ggml tensor element type; values are the on-disk ids. */
enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    BF16 = 30,
};

/** Block geometry of one type: a row of n elements takes n / blockElements * blockBytes. */
struct GgmlTypeTraits {
    GgmlType type;
    std::string_view name;   ///< "Q4_K", as llama.cpp prints it
    int64_t blockElements;   ///< elements per block (1 for float types, 32, or 256)
    size_t blockBytes;       ///< bytes per block
    bool quantized;          ///< true for Q* types
};

/** Traits of a known type id; std::nullopt for ids Triad cannot read (a file error). */
std::optional<GgmlTypeTraits> ggmlTypeTraits(uint32_t typeId);

/** Traits of a known type (always succeeds). */
const GgmlTypeTraits& ggmlTraits(GgmlType type);

/** "Q4_K"; "unknown" never happens for enum values. */
std::string_view ggmlTypeName(GgmlType type);

/** Type from its name ("q4_k" or "Q4_K"); std::nullopt when unknown. */
std::optional<GgmlType> ggmlTypeFromName(std::string_view name);

/** Elements per block of @p type. */
int64_t ggmlBlockElements(GgmlType type);

/** Bytes per block of @p type. */
size_t ggmlBlockBytes(GgmlType type);

/**
 * Bytes taken by a row of @p elements elements of @p type. @p elements must be a multiple of
 * the block size (callers validate; GgufFile rejects files where it is not).
 */
size_t ggmlRowBytes(GgmlType type, int64_t elements);

} // namespace triad::engine
