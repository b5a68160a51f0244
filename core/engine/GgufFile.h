#pragma once
// Reader of GGUF v2/v3 model files over a read-only memory mapping.
//
// Opening validates everything before anything is touched: magic, version (2 or 3), every
// string length, count and array size against the bytes left, tensor dimensions (n_dims <= 4,
// no zero or overflowing element counts, ne[0] a multiple of the block size), type ids, offset
// alignment, tensor data inside the file, duplicate keys and names, and general.alignment
// (a power of two). Any problem throws GgufError whose message names the file and the problem;
// a malformed file never crashes the reader and never drives a large allocation.
//
//   auto gguf = GgufFile::open("/models/qwen2.5-0.5b-q8_0.gguf");
//   int64_t nEmbd = gguf->requireInt("qwen2.embedding_length");
//   const GgufTensorInfo* embd = gguf->findTensor("token_embd.weight");
//   // embd->data points at embd->byteSize bytes inside the mapping

#include "core/engine/GgmlType.h"
#include "core/engine/GgufValue.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace triad::engine {

class MappedFile;

/** Any problem with a GGUF file: unreadable, malformed, or a key with an unexpected type. */
class GgufError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** One tensor of the file. Unused dimensions of ne are 1. */
struct GgufTensorInfo {
    std::string name;
    GgmlType type = GgmlType::F32;
    int nDims = 0;                         ///< 1..4
    std::array<int64_t, 4> ne{1, 1, 1, 1}; ///< ne[0] is the contiguous dimension (a row)
    uint64_t offset = 0;                   ///< from the start of the data section
    uint64_t byteSize = 0;                 ///< rows * rowBytes(type, ne[0])
    const uint8_t* data = nullptr;         ///< inside the mapping; valid while the GgufFile lives

    int64_t elementCount() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    int64_t rowCount() const { return ne[1] * ne[2] * ne[3]; }
    /** `[4096, 32000]` for messages. */
    std::string shapeString() const;
};

/** One metadata entry, in file order. */
struct GgufKeyValue {
    std::string key;
    GgufValue value;
};

/** A parsed, validated GGUF file. Immutable; safe to read from many threads. */
class GgufFile {
public:
    /** Maps and parses @p path. Throws GgufError (names the file and the problem). */
    static std::unique_ptr<GgufFile> open(const std::string& path);

    /**
     * Parses bytes the caller keeps alive for the lifetime of the result (tests, the fuzzer).
     * @p displayName stands for the file name in error messages.
     */
    static std::unique_ptr<GgufFile> openMemory(std::span<const uint8_t> bytes,
                                                const std::string& displayName);

    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    const std::string& path() const { return m_path; }
    uint32_t version() const { return m_version; }
    uint64_t alignment() const { return m_alignment; }
    uint64_t fileSizeBytes() const { return m_bytes.size(); }
    /** Offset of the data section from the start of the file. */
    uint64_t dataOffset() const { return m_dataOffset; }
    /** The whole file (the mapping). */
    std::span<const uint8_t> bytes() const { return m_bytes; }
    /** Asks the OS to read the tensor data ahead (before the first forward pass); a hint only. */
    void prefetchTensorData() const;

    // ---- metadata ----------------------------------------------------------------------
    bool has(std::string_view key) const;
    /** nullptr when absent. */
    const GgufValue* find(std::string_view key) const;
    const std::vector<GgufKeyValue>& metadata() const { return m_metadata; }

    // Typed getters: std::nullopt (or the fallback) when the key is absent; GgufError naming
    // the key, the expected and the actual type when present with another type.
    std::optional<int64_t> getInt(std::string_view key) const;
    int64_t getInt(std::string_view key, int64_t fallback) const;
    std::optional<double> getFloat(std::string_view key) const;
    double getFloat(std::string_view key, double fallback) const;
    std::optional<bool> getBool(std::string_view key) const;
    bool getBool(std::string_view key, bool fallback) const;
    std::optional<std::string_view> getString(std::string_view key) const;
    std::string getString(std::string_view key, std::string_view fallback) const;
    std::optional<std::span<const std::string_view>> getStringArray(std::string_view key) const;
    std::optional<std::vector<int64_t>> getIntArray(std::string_view key) const;
    std::optional<std::vector<float>> getFloatArray(std::string_view key) const;

    /** Like getInt/getString but a missing key is a GgufError too ("missing key X"). */
    int64_t requireInt(std::string_view key) const;
    std::string_view requireString(std::string_view key) const;

    /** general.architecture, or "" when absent. */
    std::string architecture() const;

    // ---- tensors -----------------------------------------------------------------------
    const std::vector<GgufTensorInfo>& tensors() const { return m_tensors; }
    /** nullptr when absent. */
    const GgufTensorInfo* findTensor(std::string_view name) const;

    /** "<path>: <problem>": the form of every error this class throws. */
    GgufError error(const std::string& problem) const;

private:
    GgufFile() = default;
    void parse();

    std::string m_path;
    std::unique_ptr<MappedFile> m_map;
    std::span<const uint8_t> m_bytes;
    uint32_t m_version = 0;
    uint64_t m_alignment = 32;
    uint64_t m_dataOffset = 0;
    std::vector<GgufKeyValue> m_metadata;
    std::unordered_map<std::string_view, size_t> m_keyIndex;
    std::vector<GgufTensorInfo> m_tensors;
    std::unordered_map<std::string_view, size_t> m_tensorIndex;
};

} // namespace triad::engine
