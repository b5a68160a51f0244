#include "core/engine/GgmlType.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace triad::engine {

namespace {

// Block geometry from the ggml format (see docs/engine-facts.md). K-quants use 256-element
// super-blocks; Q8_1 carries d and s (two f16) beside 32 int8.
constexpr std::array<GgmlTypeTraits, 15> kTraits{{
    {GgmlType::F32, "F32", 1, 4, false},
    {GgmlType::F16, "F16", 1, 2, false},
    {GgmlType::Q4_0, "Q4_0", 32, 18, true},
    {GgmlType::Q4_1, "Q4_1", 32, 20, true},
    {GgmlType::Q5_0, "Q5_0", 32, 22, true},
    {GgmlType::Q5_1, "Q5_1", 32, 24, true},
    {GgmlType::Q8_0, "Q8_0", 32, 34, true},
    {GgmlType::Q8_1, "Q8_1", 32, 36, true},
    {GgmlType::Q2_K, "Q2_K", 256, 84, true},
    {GgmlType::Q3_K, "Q3_K", 256, 110, true},
    {GgmlType::Q4_K, "Q4_K", 256, 144, true},
    {GgmlType::Q5_K, "Q5_K", 256, 176, true},
    {GgmlType::Q6_K, "Q6_K", 256, 210, true},
    {GgmlType::Q8_K, "Q8_K", 256, 292, true},
    {GgmlType::BF16, "BF16", 1, 2, false},
}};

} // namespace

std::optional<GgmlTypeTraits> ggmlTypeTraits(uint32_t typeId)
{
    for (const GgmlTypeTraits& t : kTraits) {
        if (static_cast<uint32_t>(t.type) == typeId)
            return t;
    }
    return std::nullopt;
}

const GgmlTypeTraits& ggmlTraits(GgmlType type)
{
    for (const GgmlTypeTraits& t : kTraits) {
        if (t.type == type)
            return t;
    }
    // Only reachable through a cast of an unchecked integer; F32 keeps callers memory-safe.
    return kTraits[0];
}

std::string_view ggmlTypeName(GgmlType type)
{
    return ggmlTraits(type).name;
}

std::optional<GgmlType> ggmlTypeFromName(std::string_view name)
{
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    // "Q4_k" and "q4_K" both mean Q4_K; names are upper-case except the K suffix, which
    // is upper-case too in the table, so comparing upper-cased strings is enough.
    for (const GgmlTypeTraits& t : kTraits) {
        if (t.name == upper)
            return t.type;
    }
    return std::nullopt;
}

int64_t ggmlBlockElements(GgmlType type)
{
    return ggmlTraits(type).blockElements;
}

size_t ggmlBlockBytes(GgmlType type)
{
    return ggmlTraits(type).blockBytes;
}

size_t ggmlRowBytes(GgmlType type, int64_t elements)
{
    const GgmlTypeTraits& t = ggmlTraits(type);
    return static_cast<size_t>(elements / t.blockElements) * t.blockBytes;
}

} // namespace triad::engine
