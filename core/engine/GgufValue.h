#pragma once
// One metadata value of a GGUF file. Strings and arrays point into the file's mapping
// (GGUF strings are not NUL-terminated, hence std::string_view), so a value is only valid
// while its GgufFile lives. Numeric arrays are decoded on access; string arrays are indexed
// once when the file is opened (they have to be walked for validation anyway).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

/** On-disk value type ids of GGUF metadata (fixed by the format). */
enum class GgufValueType : uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

/** "u32", "string", "array"...; "unknown" for ids outside the format. */
std::string_view ggufValueTypeName(GgufValueType type);
/** Size in bytes of a fixed-size type; 0 for String and Array. */
size_t ggufValueTypeSize(GgufValueType type);
bool ggufIsIntegerType(GgufValueType type);

/**
 * A typed metadata value. Accessors return std::nullopt when the value has another type,
 * so callers decide whether that is an error; GgufFile's getters turn it into a GgufError
 * naming the key.
 */
class GgufValue {
public:
    GgufValueType type() const { return m_type; }
    bool isArray() const { return m_type == GgufValueType::Array; }
    /** Element type of an array (undefined for scalars). */
    GgufValueType arrayType() const { return m_arrayType; }
    /** Number of elements of an array; 1 for a scalar. */
    uint64_t arraySize() const { return isArray() ? m_count : 1; }

    /** Any integer width; std::nullopt for non-integers or a u64 above INT64_MAX. */
    std::optional<int64_t> toInt() const;
    /** f32 or f64 (integers are accepted too: 1 is a fine epsilon-free float). */
    std::optional<double> toDouble() const;
    std::optional<bool> toBool() const;
    std::optional<std::string_view> toString() const;

    /** Arrays of any integer width. */
    std::optional<std::vector<int64_t>> toIntArray() const;
    /** Arrays of f32/f64 (or integers). */
    std::optional<std::vector<float>> toFloatArray() const;
    /** Arrays of strings: views into the mapping. */
    std::optional<std::span<const std::string_view>> toStringArray() const;

    /** Raw little-endian bytes of a scalar or of a numeric array's elements (for copying). */
    std::span<const uint8_t> rawBytes() const { return m_raw; }

    /** Short human description for error messages and `model info`: `u32 4096`, `array[string, 32000]`. */
    std::string describe() const;

    // Construction is GgufFile's business (the parser validates before building).
    static GgufValue scalar(GgufValueType type, std::span<const uint8_t> raw);
    static GgufValue string(std::string_view text);
    static GgufValue numericArray(GgufValueType elemType, uint64_t count, std::span<const uint8_t> raw);
    static GgufValue stringArray(std::vector<std::string_view> items);

private:
    std::optional<int64_t> intAt(const uint8_t* p, GgufValueType t) const;
    std::optional<double> doubleAt(const uint8_t* p, GgufValueType t) const;

    GgufValueType m_type = GgufValueType::U8;
    GgufValueType m_arrayType = GgufValueType::U8;
    uint64_t m_count = 0;
    std::span<const uint8_t> m_raw;
    std::string_view m_string;
    std::vector<std::string_view> m_strings;
};

} // namespace triad::engine
