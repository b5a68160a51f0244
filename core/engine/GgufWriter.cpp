#include "core/engine/GgufWriter.h"

#include "core/engine/GgufFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace triad::engine {

namespace {

template <typename T>
void appendLe(std::vector<uint8_t>& out, T v)
{
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

void appendString(std::vector<uint8_t>& out, std::string_view s)
{
    appendLe<uint64_t>(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

void appendType(std::vector<uint8_t>& out, GgufValueType t)
{
    appendLe<uint32_t>(out, static_cast<uint32_t>(t));
}

template <typename T>
std::vector<uint8_t> scalar(GgufValueType t, T v)
{
    std::vector<uint8_t> out;
    appendType(out, t);
    appendLe<T>(out, v);
    return out;
}

template <typename T>
std::vector<uint8_t> numericArray(GgufValueType elem, std::span<const T> items)
{
    std::vector<uint8_t> out;
    appendType(out, GgufValueType::Array);
    appendType(out, elem);
    appendLe<uint64_t>(out, items.size());
    for (const T& v : items)
        appendLe<T>(out, v);
    return out;
}

template <typename S>
std::vector<uint8_t> stringArray(std::span<const S> items)
{
    std::vector<uint8_t> out;
    appendType(out, GgufValueType::Array);
    appendType(out, GgufValueType::String);
    appendLe<uint64_t>(out, items.size());
    for (const S& s : items)
        appendString(out, s);
    return out;
}

uint64_t alignUp(uint64_t v, uint64_t alignment)
{
    return (v + alignment - 1) / alignment * alignment;
}

/** Collects the file in memory. */
struct VectorSink {
    std::vector<uint8_t>& out;
    void write(const uint8_t* p, size_t n) { out.insert(out.end(), p, p + n); }
};

/** Streams the file to disk; the first failure is kept and reported after the last write. */
struct FileSink {
    std::FILE* f;
    const std::string& path;
    void write(const uint8_t* p, size_t n)
    {
        if (n && std::fwrite(p, 1, n, f) != n)
            throw GgufError(path + ": cannot write: " + std::strerror(errno));
    }
};

} // namespace

void GgufWriter::setAlignment(uint64_t alignmentBytes)
{
    if (alignmentBytes == 0 || (alignmentBytes & (alignmentBytes - 1)) != 0)
        throw GgufError("GGUF writer: alignment " + std::to_string(alignmentBytes) + " is not a power of two");
    m_alignment = alignmentBytes;
    if (alignmentBytes == 32)
        remove("general.alignment");
    else
        setU32("general.alignment", static_cast<uint32_t>(alignmentBytes));
}

void GgufWriter::put(std::string_view key, std::vector<uint8_t> encoded)
{
    for (Entry& e : m_entries) {
        if (e.key == key) {
            e.encoded = std::move(encoded);
            return;
        }
    }
    m_entries.push_back({std::string(key), std::move(encoded)});
}

void GgufWriter::setU8(std::string_view key, uint8_t v) { put(key, scalar(GgufValueType::U8, v)); }
void GgufWriter::setI8(std::string_view key, int8_t v) { put(key, scalar(GgufValueType::I8, v)); }
void GgufWriter::setU16(std::string_view key, uint16_t v) { put(key, scalar(GgufValueType::U16, v)); }
void GgufWriter::setI16(std::string_view key, int16_t v) { put(key, scalar(GgufValueType::I16, v)); }
void GgufWriter::setU32(std::string_view key, uint32_t v) { put(key, scalar(GgufValueType::U32, v)); }
void GgufWriter::setI32(std::string_view key, int32_t v) { put(key, scalar(GgufValueType::I32, v)); }
void GgufWriter::setU64(std::string_view key, uint64_t v) { put(key, scalar(GgufValueType::U64, v)); }
void GgufWriter::setI64(std::string_view key, int64_t v) { put(key, scalar(GgufValueType::I64, v)); }
void GgufWriter::setF32(std::string_view key, float v) { put(key, scalar(GgufValueType::F32, v)); }
void GgufWriter::setF64(std::string_view key, double v) { put(key, scalar(GgufValueType::F64, v)); }
void GgufWriter::setBool(std::string_view key, bool v)
{
    put(key, scalar<uint8_t>(GgufValueType::Bool, v ? 1 : 0));
}

void GgufWriter::setString(std::string_view key, std::string_view v)
{
    std::vector<uint8_t> out;
    appendType(out, GgufValueType::String);
    appendString(out, v);
    put(key, std::move(out));
}

void GgufWriter::setStringArray(std::string_view key, std::span<const std::string> items)
{
    put(key, stringArray(items));
}

void GgufWriter::setStringArray(std::string_view key, std::span<const std::string_view> items)
{
    put(key, stringArray(items));
}

void GgufWriter::setI32Array(std::string_view key, std::span<const int32_t> items)
{
    put(key, numericArray(GgufValueType::I32, items));
}

void GgufWriter::setU32Array(std::string_view key, std::span<const uint32_t> items)
{
    put(key, numericArray(GgufValueType::U32, items));
}

void GgufWriter::setI64Array(std::string_view key, std::span<const int64_t> items)
{
    put(key, numericArray(GgufValueType::I64, items));
}

void GgufWriter::setF32Array(std::string_view key, std::span<const float> items)
{
    put(key, numericArray(GgufValueType::F32, items));
}

void GgufWriter::setBoolArray(std::string_view key, std::span<const bool> items)
{
    std::vector<uint8_t> bytes;
    bytes.reserve(items.size());
    for (bool b : items)
        bytes.push_back(b ? 1 : 0);
    setRawArray(key, GgufValueType::Bool, items.size(), bytes);
}

void GgufWriter::setRawArray(std::string_view key, GgufValueType elemType, uint64_t count,
                             std::span<const uint8_t> raw)
{
    const size_t size = ggufValueTypeSize(elemType);
    if (size == 0 || raw.size() != count * size) {
        throw GgufError("GGUF writer: key " + std::string(key) + ": " + std::to_string(raw.size())
                        + " bytes do not hold " + std::to_string(count) + " "
                        + std::string(ggufValueTypeName(elemType)) + " elements");
    }
    std::vector<uint8_t> out;
    appendType(out, GgufValueType::Array);
    appendType(out, elemType);
    appendLe<uint64_t>(out, count);
    out.insert(out.end(), raw.begin(), raw.end());
    put(key, std::move(out));
}

void GgufWriter::setValue(std::string_view key, const GgufValue& value)
{
    if (value.type() == GgufValueType::String) {
        setString(key, *value.toString());
    } else if (value.isArray() && value.arrayType() == GgufValueType::String) {
        setStringArray(key, *value.toStringArray());
    } else if (value.isArray()) {
        setRawArray(key, value.arrayType(), value.arraySize(), value.rawBytes());
    } else {
        std::vector<uint8_t> out;
        appendType(out, value.type());
        out.insert(out.end(), value.rawBytes().begin(), value.rawBytes().end());
        put(key, std::move(out));
    }
}

void GgufWriter::copyMetadata(const GgufFile& file)
{
    for (const GgufKeyValue& kv : file.metadata()) {
        // The writer decides the alignment of what it writes.
        if (kv.key != "general.alignment")
            setValue(kv.key, kv.value);
    }
}

void GgufWriter::remove(std::string_view key)
{
    std::erase_if(m_entries, [&](const Entry& e) { return e.key == key; });
}

bool GgufWriter::has(std::string_view key) const
{
    for (const Entry& e : m_entries) {
        if (e.key == key)
            return true;
    }
    return false;
}

GgufWriter::Tensor& GgufWriter::newTensor(std::string_view name, GgmlType type,
                                          std::span<const int64_t> ne)
{
    const std::string where = "GGUF writer: tensor '" + std::string(name) + "'";
    if (ne.empty() || ne.size() > 4)
        throw GgufError(where + " has " + std::to_string(ne.size()) + " dimensions (must be 1 to 4)");
    for (const Tensor& t : m_tensors) {
        if (t.name == name)
            throw GgufError(where + " is added twice");
    }
    int64_t elements = 1;
    for (int64_t n : ne) {
        if (n <= 0 || n > std::numeric_limits<int64_t>::max() / elements)
            throw GgufError(where + " has an invalid dimension " + std::to_string(n));
        elements *= n;
    }
    const int64_t block = ggmlBlockElements(type);
    if (ne[0] % block != 0) {
        throw GgufError(where + ": row length " + std::to_string(ne[0]) + " is not a multiple of the "
                        + std::string(ggmlTypeName(type)) + " block size " + std::to_string(block));
    }
    Tensor t{std::string(name), type, std::vector<int64_t>(ne.begin(), ne.end()),
             ggmlRowBytes(type, ne[0]) * static_cast<uint64_t>(elements / ne[0]), {}, {}};
    m_tensors.push_back(std::move(t));
    return m_tensors.back();
}

void GgufWriter::addTensor(std::string_view name, GgmlType type, std::span<const int64_t> ne,
                           std::span<const uint8_t> data)
{
    // Check the size before storing anything, so a failed add leaves the writer unchanged.
    Tensor& t = newTensor(name, type, ne);
    if (data.size() != t.byteSize) {
        const std::string message = "GGUF writer: tensor '" + std::string(name) + "' needs "
                                    + std::to_string(t.byteSize) + " bytes but got "
                                    + std::to_string(data.size());
        m_tensors.pop_back();
        throw GgufError(message);
    }
    t.owned.assign(data.begin(), data.end());
}

void GgufWriter::addTensor(std::string_view name, GgmlType type, std::initializer_list<int64_t> ne,
                           std::span<const uint8_t> data)
{
    addTensor(name, type, std::span<const int64_t>(ne.begin(), ne.size()), data);
}

void GgufWriter::addTensor(std::string_view name, GgmlType type, std::span<const int64_t> ne,
                           TensorSource source)
{
    newTensor(name, type, ne).source = std::move(source);
}

std::vector<uint8_t> GgufWriter::header() const
{
    std::vector<uint8_t> out;
    out.insert(out.end(), {'G', 'G', 'U', 'F'});
    appendLe<uint32_t>(out, m_version);
    appendLe<uint64_t>(out, m_tensors.size());
    appendLe<uint64_t>(out, m_entries.size());
    for (const Entry& e : m_entries) {
        appendString(out, e.key);
        out.insert(out.end(), e.encoded.begin(), e.encoded.end());
    }
    uint64_t offset = 0;
    for (const Tensor& t : m_tensors) {
        appendString(out, t.name);
        appendLe<uint32_t>(out, static_cast<uint32_t>(t.ne.size()));
        for (int64_t n : t.ne)
            appendLe<uint64_t>(out, static_cast<uint64_t>(n));
        appendLe<uint32_t>(out, static_cast<uint32_t>(t.type));
        appendLe<uint64_t>(out, offset);
        offset = alignUp(offset + t.byteSize, m_alignment);
    }
    out.resize(alignUp(out.size(), m_alignment), 0);
    return out;
}

template <typename Sink>
void GgufWriter::emit(Sink& sink) const
{
    const std::vector<uint8_t> head = header();
    sink.write(head.data(), head.size());
    const std::vector<uint8_t> zeros(m_alignment, 0);
    std::vector<uint8_t> buffer;
    for (const Tensor& t : m_tensors) {
        if (t.source) {
            buffer.assign(t.byteSize, 0);
            t.source(buffer);
            sink.write(buffer.data(), buffer.size());
        } else {
            sink.write(t.owned.data(), t.owned.size());
        }
        const uint64_t pad = alignUp(t.byteSize, m_alignment) - t.byteSize;
        sink.write(zeros.data(), pad);
    }
}

std::vector<uint8_t> GgufWriter::toBytes() const
{
    std::vector<uint8_t> out;
    VectorSink sink{out};
    emit(sink);
    return out;
}

void GgufWriter::write(const std::string& path) const
{
    const std::string tmp = path + ".tmp";
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(tmp.c_str(), "wb"), &std::fclose);
    if (!f)
        throw GgufError(path + ": cannot create " + tmp + ": " + std::strerror(errno));
    try {
        FileSink sink{f.get(), path};
        emit(sink);
    } catch (...) {
        f.reset();
        std::remove(tmp.c_str());
        throw;
    }
    if (std::fclose(f.release()) != 0) {
        std::remove(tmp.c_str());
        throw GgufError(path + ": cannot write: " + std::strerror(errno));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(tmp.c_str());
        throw GgufError(path + ": cannot rename " + tmp + " into place: " + reason);
    }
}

} // namespace triad::engine
