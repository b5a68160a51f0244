#include "core/engine/GgufValue.h"

#include <cstring>
#include <limits>

namespace triad::engine {

namespace {

template <typename T>
T loadLe(const uint8_t* p)
{
    // GGUF is little-endian and so is every target we build for; memcpy handles alignment.
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

} // namespace

std::string_view ggufValueTypeName(GgufValueType type)
{
    switch (type) {
    case GgufValueType::U8: return "u8";
    case GgufValueType::I8: return "i8";
    case GgufValueType::U16: return "u16";
    case GgufValueType::I16: return "i16";
    case GgufValueType::U32: return "u32";
    case GgufValueType::I32: return "i32";
    case GgufValueType::F32: return "f32";
    case GgufValueType::Bool: return "bool";
    case GgufValueType::String: return "string";
    case GgufValueType::Array: return "array";
    case GgufValueType::U64: return "u64";
    case GgufValueType::I64: return "i64";
    case GgufValueType::F64: return "f64";
    }
    return "unknown";
}

size_t ggufValueTypeSize(GgufValueType type)
{
    switch (type) {
    case GgufValueType::U8:
    case GgufValueType::I8:
    case GgufValueType::Bool: return 1;
    case GgufValueType::U16:
    case GgufValueType::I16: return 2;
    case GgufValueType::U32:
    case GgufValueType::I32:
    case GgufValueType::F32: return 4;
    case GgufValueType::U64:
    case GgufValueType::I64:
    case GgufValueType::F64: return 8;
    case GgufValueType::String:
    case GgufValueType::Array: return 0;
    }
    return 0;
}

bool ggufIsIntegerType(GgufValueType type)
{
    switch (type) {
    case GgufValueType::U8:
    case GgufValueType::I8:
    case GgufValueType::U16:
    case GgufValueType::I16:
    case GgufValueType::U32:
    case GgufValueType::I32:
    case GgufValueType::U64:
    case GgufValueType::I64: return true;
    default: return false;
    }
}

GgufValue GgufValue::scalar(GgufValueType type, std::span<const uint8_t> raw)
{
    GgufValue v;
    v.m_type = type;
    v.m_count = 1;
    v.m_raw = raw;
    return v;
}

GgufValue GgufValue::string(std::string_view text)
{
    GgufValue v;
    v.m_type = GgufValueType::String;
    v.m_count = 1;
    v.m_string = text;
    return v;
}

GgufValue GgufValue::numericArray(GgufValueType elemType, uint64_t count, std::span<const uint8_t> raw)
{
    GgufValue v;
    v.m_type = GgufValueType::Array;
    v.m_arrayType = elemType;
    v.m_count = count;
    v.m_raw = raw;
    return v;
}

GgufValue GgufValue::stringArray(std::vector<std::string_view> items)
{
    GgufValue v;
    v.m_type = GgufValueType::Array;
    v.m_arrayType = GgufValueType::String;
    v.m_count = items.size();
    v.m_strings = std::move(items);
    return v;
}

std::optional<int64_t> GgufValue::intAt(const uint8_t* p, GgufValueType t) const
{
    switch (t) {
    case GgufValueType::U8: return loadLe<uint8_t>(p);
    case GgufValueType::I8: return loadLe<int8_t>(p);
    case GgufValueType::U16: return loadLe<uint16_t>(p);
    case GgufValueType::I16: return loadLe<int16_t>(p);
    case GgufValueType::U32: return loadLe<uint32_t>(p);
    case GgufValueType::I32: return loadLe<int32_t>(p);
    case GgufValueType::I64: return loadLe<int64_t>(p);
    case GgufValueType::U64: {
        const uint64_t u = loadLe<uint64_t>(p);
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            return std::nullopt;
        return static_cast<int64_t>(u);
    }
    default: return std::nullopt;
    }
}

std::optional<double> GgufValue::doubleAt(const uint8_t* p, GgufValueType t) const
{
    if (t == GgufValueType::F32)
        return loadLe<float>(p);
    if (t == GgufValueType::F64)
        return loadLe<double>(p);
    if (auto i = intAt(p, t))
        return static_cast<double>(*i);
    return std::nullopt;
}

std::optional<int64_t> GgufValue::toInt() const
{
    if (!ggufIsIntegerType(m_type))
        return std::nullopt;
    return intAt(m_raw.data(), m_type);
}

std::optional<double> GgufValue::toDouble() const
{
    if (isArray() || m_type == GgufValueType::String || m_type == GgufValueType::Bool)
        return std::nullopt;
    return doubleAt(m_raw.data(), m_type);
}

std::optional<bool> GgufValue::toBool() const
{
    if (m_type != GgufValueType::Bool)
        return std::nullopt;
    return m_raw[0] != 0;
}

std::optional<std::string_view> GgufValue::toString() const
{
    if (m_type != GgufValueType::String)
        return std::nullopt;
    return m_string;
}

std::optional<std::vector<int64_t>> GgufValue::toIntArray() const
{
    if (!isArray() || !ggufIsIntegerType(m_arrayType))
        return std::nullopt;
    const size_t size = ggufValueTypeSize(m_arrayType);
    std::vector<int64_t> out;
    out.reserve(m_count);
    for (uint64_t i = 0; i < m_count; ++i) {
        auto v = intAt(m_raw.data() + i * size, m_arrayType);
        if (!v)
            return std::nullopt;
        out.push_back(*v);
    }
    return out;
}

std::optional<std::vector<float>> GgufValue::toFloatArray() const
{
    if (!isArray() || m_arrayType == GgufValueType::String || m_arrayType == GgufValueType::Bool
        || m_arrayType == GgufValueType::Array)
        return std::nullopt;
    const size_t size = ggufValueTypeSize(m_arrayType);
    std::vector<float> out;
    out.reserve(m_count);
    for (uint64_t i = 0; i < m_count; ++i) {
        auto v = doubleAt(m_raw.data() + i * size, m_arrayType);
        if (!v)
            return std::nullopt;
        out.push_back(static_cast<float>(*v));
    }
    return out;
}

std::optional<std::span<const std::string_view>> GgufValue::toStringArray() const
{
    if (!isArray() || m_arrayType != GgufValueType::String)
        return std::nullopt;
    return std::span<const std::string_view>(m_strings);
}

std::string GgufValue::describe() const
{
    if (isArray()) {
        return "array[" + std::string(ggufValueTypeName(m_arrayType)) + ", "
               + std::to_string(m_count) + "]";
    }
    const std::string typeName(ggufValueTypeName(m_type));
    if (m_type == GgufValueType::String) {
        constexpr size_t kMaxShown = 60;
        std::string shown(m_string.substr(0, kMaxShown));
        if (m_string.size() > kMaxShown)
            shown += "...";
        return typeName + " \"" + shown + "\"";
    }
    if (m_type == GgufValueType::Bool)
        return typeName + (m_raw[0] ? " true" : " false");
    if (auto i = toInt())
        return typeName + " " + std::to_string(*i);
    if (m_type == GgufValueType::U64)
        return typeName + " " + std::to_string(loadLe<uint64_t>(m_raw.data()));
    if (auto d = toDouble()) {
        std::string s = std::to_string(*d);
        return typeName + " " + s;
    }
    return typeName;
}

} // namespace triad::engine
