#include "core/engine/GgufFile.h"

#include "core/engine/MappedFile.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace triad::engine {

namespace {

constexpr uint32_t kMaxDims = 4;
constexpr uint64_t kMaxTensorNameBytes = 64;
constexpr uint64_t kDefaultAlignment = 32;
// Smallest encodings, used to bound counts by the bytes left before reserving anything:
// a KV is key length (8) + type (4) + at least 1 value byte; a tensor info is name length (8)
// + n_dims (4) + one dimension (8) + type (4) + offset (8).
constexpr uint64_t kMinKvBytes = 13;
constexpr uint64_t kMinTensorInfoBytes = 32;

/** Ids ggml defines that Triad does not read; named in errors so people know what they have. */
std::string unsupportedTypeName(uint32_t id)
{
    switch (id) {
    case 4: return "Q4_2 (removed from ggml)";
    case 5: return "Q4_3 (removed from ggml)";
    case 16: return "IQ2_XXS";
    case 17: return "IQ2_XS";
    case 18: return "IQ3_XXS";
    case 19: return "IQ1_S";
    case 20: return "IQ4_NL";
    case 21: return "IQ3_S";
    case 22: return "IQ2_S";
    case 23: return "IQ4_XS";
    case 24: return "I8";
    case 25: return "I16";
    case 26: return "I32";
    case 27: return "I64";
    case 28: return "F64";
    case 29: return "IQ1_M";
    case 34: return "TQ1_0";
    case 35: return "TQ2_0";
    default: return "";
    }
}

/** A bounds-checked little-endian reader over the file bytes; every read names what it reads. */
class Cursor {
public:
    Cursor(const GgufFile& file, std::span<const uint8_t> bytes)
        : m_file(file)
        , m_bytes(bytes)
    {
    }

    uint64_t position() const { return m_pos; }
    uint64_t remaining() const { return m_bytes.size() - m_pos; }

    std::span<const uint8_t> take(uint64_t n, const std::string& what)
    {
        if (n > remaining()) {
            throw m_file.error("truncated file: " + what + " needs " + std::to_string(n)
                               + " bytes at offset " + std::to_string(m_pos) + " but only "
                               + std::to_string(remaining()) + " remain");
        }
        std::span<const uint8_t> out = m_bytes.subspan(m_pos, n);
        m_pos += n;
        return out;
    }

    template <typename T>
    T read(const std::string& what)
    {
        T v;
        std::memcpy(&v, take(sizeof(T), what).data(), sizeof(T));
        return v;
    }

    std::string_view readString(const std::string& what)
    {
        const uint64_t length = read<uint64_t>(what + " length");
        if (length > remaining()) {
            throw m_file.error(what + " has length " + std::to_string(length) + " at offset "
                               + std::to_string(m_pos - 8) + ", past the end of the file ("
                               + std::to_string(remaining()) + " bytes remain)");
        }
        std::span<const uint8_t> b = take(length, what);
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }

private:
    const GgufFile& m_file;
    std::span<const uint8_t> m_bytes;
    uint64_t m_pos = 0;
};

bool isValidValueType(uint32_t t)
{
    return t <= static_cast<uint32_t>(GgufValueType::F64);
}

GgufValue readValue(Cursor& in, const GgufFile& file, const std::string& key, GgufValueType type)
{
    if (type == GgufValueType::String)
        return GgufValue::string(in.readString("value of " + key));
    if (type != GgufValueType::Array) {
        const size_t size = ggufValueTypeSize(type);
        return GgufValue::scalar(type, in.take(size, "value of " + key));
    }
    const uint32_t rawElem = in.read<uint32_t>("array type of " + key);
    if (!isValidValueType(rawElem))
        throw file.error("key " + key + " is an array of unknown value type " + std::to_string(rawElem));
    const auto elem = static_cast<GgufValueType>(rawElem);
    if (elem == GgufValueType::Array)
        throw file.error("key " + key + " is an array of arrays, which GGUF readers do not support");
    const uint64_t count = in.read<uint64_t>("array size of " + key);
    if (elem == GgufValueType::String) {
        // Every string takes at least its 8-byte length; check before reserving.
        if (count > in.remaining() / 8) {
            throw file.error("key " + key + " claims " + std::to_string(count)
                             + " strings but only " + std::to_string(in.remaining())
                             + " bytes remain");
        }
        std::vector<std::string_view> items;
        items.reserve(count);
        for (uint64_t i = 0; i < count; ++i)
            items.push_back(in.readString("element " + std::to_string(i) + " of " + key));
        return GgufValue::stringArray(std::move(items));
    }
    const size_t size = ggufValueTypeSize(elem);
    if (count > in.remaining() / size) {
        throw file.error("key " + key + " claims " + std::to_string(count) + " "
                         + std::string(ggufValueTypeName(elem)) + " elements but only "
                         + std::to_string(in.remaining()) + " bytes remain");
    }
    return GgufValue::numericArray(elem, count, in.take(count * size, "elements of " + key));
}

bool isPowerOfTwo(uint64_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

std::string quoted(std::string_view s)
{
    return "'" + std::string(s) + "'";
}

} // namespace

std::string GgufTensorInfo::shapeString() const
{
    std::string s = "[";
    for (int i = 0; i < nDims; ++i) {
        if (i)
            s += ", ";
        s += std::to_string(ne[static_cast<size_t>(i)]);
    }
    return s + "]";
}

GgufFile::~GgufFile() = default;

std::unique_ptr<GgufFile> GgufFile::open(const std::string& path)
{
    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_path = path;
    try {
        file->m_map = std::make_unique<MappedFile>(path);
    } catch (const MappedFileError& e) {
        throw GgufError(e.what());
    }
    file->m_bytes = file->m_map->bytes();
    file->parse();
    return file;
}

std::unique_ptr<GgufFile> GgufFile::openMemory(std::span<const uint8_t> bytes,
                                               const std::string& displayName)
{
    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_path = displayName;
    file->m_bytes = bytes;
    file->parse();
    return file;
}

GgufError GgufFile::error(const std::string& problem) const
{
    return GgufError(m_path + ": " + problem);
}

void GgufFile::parse()
{
    Cursor in(*this, m_bytes);
    if (m_bytes.size() < 4)
        throw error("not a GGUF file: only " + std::to_string(m_bytes.size()) + " bytes");
    if (std::memcmp(m_bytes.data(), "GGUF", 4) != 0)
        throw error("not a GGUF file: bad magic (the first 4 bytes are not \"GGUF\")");
    in.take(4, "magic");
    m_version = in.read<uint32_t>("version");
    if (m_version == 1)
        throw error("GGUF version 1 is not supported (only versions 2 and 3); re-convert the model");
    if (m_version > 3) {
        // A byte-swapped small number means a big-endian file.
        const uint32_t swapped = __builtin_bswap32(m_version);
        if (swapped >= 1 && swapped <= 3)
            throw error("big-endian GGUF files are not supported");
        throw error("GGUF version " + std::to_string(m_version) + " is not supported (only 2 and 3)");
    }
    if (m_version == 0)
        throw error("GGUF version 0 is not valid");
    const uint64_t tensorCount = in.read<uint64_t>("tensor count");
    const uint64_t kvCount = in.read<uint64_t>("metadata count");
    if (kvCount > in.remaining() / kMinKvBytes) {
        throw error("header claims " + std::to_string(kvCount) + " metadata entries but only "
                    + std::to_string(in.remaining()) + " bytes remain");
    }
    if (tensorCount > in.remaining() / kMinTensorInfoBytes) {
        throw error("header claims " + std::to_string(tensorCount) + " tensors but only "
                    + std::to_string(in.remaining()) + " bytes remain");
    }

    m_metadata.reserve(kvCount);
    for (uint64_t i = 0; i < kvCount; ++i) {
        const std::string_view key = in.readString("key of metadata entry " + std::to_string(i));
        const std::string keyName(key);
        const uint32_t rawType = in.read<uint32_t>("value type of " + keyName);
        if (!isValidValueType(rawType))
            throw error("key " + keyName + " has unknown value type " + std::to_string(rawType));
        if (m_keyIndex.count(key))
            throw error("duplicate metadata key " + keyName);
        GgufValue value = readValue(in, *this, keyName, static_cast<GgufValueType>(rawType));
        m_metadata.push_back({keyName, std::move(value)});
        m_keyIndex.emplace(key, m_metadata.size() - 1);
    }

    m_alignment = kDefaultAlignment;
    if (const GgufValue* a = find("general.alignment")) {
        const std::optional<int64_t> v = a->toInt();
        if (!v)
            throw error("general.alignment must be an integer, not " + a->describe());
        if (*v <= 0 || !isPowerOfTwo(static_cast<uint64_t>(*v)))
            throw error("general.alignment " + std::to_string(*v) + " is not a power of two");
        if (*v > (1 << 30))
            throw error("general.alignment " + std::to_string(*v) + " is absurdly large");
        m_alignment = static_cast<uint64_t>(*v);
    }

    m_tensors.reserve(tensorCount);
    for (uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensorInfo t;
        const std::string_view name = in.readString("name of tensor " + std::to_string(i));
        t.name = std::string(name);
        if (name.size() > kMaxTensorNameBytes) {
            throw error("tensor " + std::to_string(i) + " has a name of " + std::to_string(name.size())
                        + " bytes (at most " + std::to_string(kMaxTensorNameBytes) + ")");
        }
        if (m_tensorIndex.count(name))
            throw error("duplicate tensor name " + quoted(name));
        const uint32_t nDims = in.read<uint32_t>("n_dims of tensor " + quoted(name));
        if (nDims == 0 || nDims > kMaxDims) {
            throw error("tensor " + quoted(name) + " has n_dims " + std::to_string(nDims)
                        + " (must be 1 to 4)");
        }
        t.nDims = static_cast<int>(nDims);
        int64_t elements = 1;
        for (uint32_t d = 0; d < nDims; ++d) {
            const uint64_t n = in.read<uint64_t>("dimension of tensor " + quoted(name));
            if (n == 0)
                throw error("tensor " + quoted(name) + " has a zero dimension " + std::to_string(d));
            if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                || static_cast<int64_t>(n) > std::numeric_limits<int64_t>::max() / elements) {
                throw error("tensor " + quoted(name) + " has absurd dimensions: the element count overflows");
            }
            t.ne[d] = static_cast<int64_t>(n);
            elements *= t.ne[d];
        }
        const uint32_t typeId = in.read<uint32_t>("type of tensor " + quoted(name));
        const std::optional<GgmlTypeTraits> traits = ggmlTypeTraits(typeId);
        if (!traits) {
            const std::string known = unsupportedTypeName(typeId);
            throw error("tensor " + quoted(name) + " has "
                        + (known.empty() ? "unknown ggml type " + std::to_string(typeId)
                                         : "unsupported ggml type " + std::to_string(typeId) + " (" + known + ")"));
        }
        t.type = traits->type;
        if (t.ne[0] % traits->blockElements != 0) {
            throw error("tensor " + quoted(name) + " has rows of " + std::to_string(t.ne[0])
                        + " elements, not a multiple of the " + std::string(traits->name)
                        + " block size " + std::to_string(traits->blockElements));
        }
        const uint64_t rowBytes = static_cast<uint64_t>(t.ne[0] / traits->blockElements) * traits->blockBytes;
        const uint64_t rows = static_cast<uint64_t>(elements / t.ne[0]);
        if (rowBytes != 0 && rows > std::numeric_limits<uint64_t>::max() / rowBytes)
            throw error("tensor " + quoted(name) + " has absurd dimensions: its byte size overflows");
        t.byteSize = rowBytes * rows;
        t.offset = in.read<uint64_t>("offset of tensor " + quoted(name));
        if (t.offset % m_alignment != 0) {
            throw error("tensor " + quoted(name) + " has offset " + std::to_string(t.offset)
                        + ", not a multiple of the alignment " + std::to_string(m_alignment));
        }
        m_tensors.push_back(std::move(t));
        m_tensorIndex.emplace(std::string_view(m_tensors.back().name), m_tensors.size() - 1);
    }
    // The index holds views of the names; the vector was reserved, so they never moved.

    const uint64_t afterInfos = in.position();
    m_dataOffset = (afterInfos + m_alignment - 1) / m_alignment * m_alignment;
    const uint64_t fileSize = m_bytes.size();
    if (m_tensors.empty()) {
        // Vocabulary-only files may end right after the infos, without padding.
        m_dataOffset = std::min(m_dataOffset, fileSize);
        return;
    }
    if (m_dataOffset > fileSize) {
        throw error("truncated file: the data section would start at offset "
                    + std::to_string(m_dataOffset) + " but the file has " + std::to_string(fileSize) + " bytes");
    }
    const uint64_t dataBytes = fileSize - m_dataOffset;
    for (GgufTensorInfo& t : m_tensors) {
        if (t.offset > dataBytes || t.byteSize > dataBytes - t.offset) {
            throw error("tensor " + quoted(t.name) + " (" + std::string(ggmlTypeName(t.type)) + " "
                        + t.shapeString() + ", " + std::to_string(t.byteSize) + " bytes at data offset "
                        + std::to_string(t.offset) + ") extends past the end of the file ("
                        + std::to_string(dataBytes) + " data bytes); the file is truncated or corrupt");
        }
        t.data = m_bytes.data() + m_dataOffset + t.offset;
    }
    // Overlapping tensors would alias each other's weights: a corrupt file.
    std::vector<const GgufTensorInfo*> byOffset;
    byOffset.reserve(m_tensors.size());
    for (const GgufTensorInfo& t : m_tensors)
        byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < byOffset.size(); ++i) {
        const GgufTensorInfo* prev = byOffset[i - 1];
        if (prev->offset + prev->byteSize > byOffset[i]->offset)
            throw error("tensors " + quoted(prev->name) + " and " + quoted(byOffset[i]->name) + " overlap");
    }
}

void GgufFile::prefetchTensorData() const
{
    if (m_map && m_dataOffset < m_bytes.size())
        m_map->prefetch(m_dataOffset, m_bytes.size() - m_dataOffset);
}

bool GgufFile::has(std::string_view key) const
{
    return m_keyIndex.count(key) != 0;
}

const GgufValue* GgufFile::find(std::string_view key) const
{
    auto it = m_keyIndex.find(key);
    return it == m_keyIndex.end() ? nullptr : &m_metadata[it->second].value;
}

namespace {

template <typename T>
T checked(const GgufFile& file, std::string_view key, const GgufValue& v, std::optional<T> got,
          const char* expected)
{
    if (!got) {
        throw file.error("key " + std::string(key) + " should be " + expected + " but is "
                         + v.describe());
    }
    return std::move(*got);
}

} // namespace

std::optional<int64_t> GgufFile::getInt(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toInt(), "an integer");
}

int64_t GgufFile::getInt(std::string_view key, int64_t fallback) const
{
    return getInt(key).value_or(fallback);
}

std::optional<double> GgufFile::getFloat(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toDouble(), "a number");
}

double GgufFile::getFloat(std::string_view key, double fallback) const
{
    return getFloat(key).value_or(fallback);
}

std::optional<bool> GgufFile::getBool(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toBool(), "a bool");
}

bool GgufFile::getBool(std::string_view key, bool fallback) const
{
    return getBool(key).value_or(fallback);
}

std::optional<std::string_view> GgufFile::getString(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toString(), "a string");
}

std::string GgufFile::getString(std::string_view key, std::string_view fallback) const
{
    return std::string(getString(key).value_or(fallback));
}

std::optional<std::span<const std::string_view>> GgufFile::getStringArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toStringArray(), "an array of strings");
}

std::optional<std::vector<int64_t>> GgufFile::getIntArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toIntArray(), "an array of integers");
}

std::optional<std::vector<float>> GgufFile::getFloatArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    return checked(*this, key, *v, v->toFloatArray(), "an array of numbers");
}

int64_t GgufFile::requireInt(std::string_view key) const
{
    if (auto v = getInt(key))
        return *v;
    throw error("missing key " + std::string(key));
}

std::string_view GgufFile::requireString(std::string_view key) const
{
    if (auto v = getString(key))
        return *v;
    throw error("missing key " + std::string(key));
}

std::string GgufFile::architecture() const
{
    return getString("general.architecture", "");
}

const GgufTensorInfo* GgufFile::findTensor(std::string_view name) const
{
    auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

} // namespace triad::engine
