#pragma once
// Writes GGUF v3 files: metadata of every value type (arrays included) and tensors at
// aligned offsets. Used by quantize, model synth, LoRA adapters and the tests that build
// (and then deliberately break) files.
//
//   GgufWriter w;
//   w.setString("general.architecture", "llama");
//   w.setU32("llama.block_count", 16);
//   w.setStringArray("tokenizer.ggml.tokens", tokens);
//   w.addTensor("token_embd.weight", GgmlType::Q8_0, {1024, 32000}, bytes);   // copied
//   w.write("/tmp/model.gguf");                                              // throws GgufError

#include "core/engine/GgmlType.h"
#include "core/engine/GgufValue.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

class GgufFile;

/** Builds a GGUF file in memory (metadata) and streams tensor data when written. */
class GgufWriter {
public:
    /** Fills @p out (exactly the tensor's byte size) when the file is written. */
    using TensorSource = std::function<void(std::span<uint8_t> out)>;

    GgufWriter() = default;

    /** Data alignment (power of two); also stored as general.alignment when not 32. */
    void setAlignment(uint64_t alignmentBytes);
    /** Version written in the header: 3 by default; tests write 1, 2 or 4. */
    void setVersion(uint32_t version) { m_version = version; }

    // Scalars. Setting an existing key replaces its value and keeps its position.
    void setU8(std::string_view key, uint8_t v);
    void setI8(std::string_view key, int8_t v);
    void setU16(std::string_view key, uint16_t v);
    void setI16(std::string_view key, int16_t v);
    void setU32(std::string_view key, uint32_t v);
    void setI32(std::string_view key, int32_t v);
    void setU64(std::string_view key, uint64_t v);
    void setI64(std::string_view key, int64_t v);
    void setF32(std::string_view key, float v);
    void setF64(std::string_view key, double v);
    void setBool(std::string_view key, bool v);
    void setString(std::string_view key, std::string_view v);

    // Arrays.
    void setStringArray(std::string_view key, std::span<const std::string> items);
    void setStringArray(std::string_view key, std::span<const std::string_view> items);
    void setI32Array(std::string_view key, std::span<const int32_t> items);
    void setU32Array(std::string_view key, std::span<const uint32_t> items);
    void setI64Array(std::string_view key, std::span<const int64_t> items);
    void setF32Array(std::string_view key, std::span<const float> items);
    void setBoolArray(std::string_view key, std::span<const bool> items);
    /** Any numeric element type from raw little-endian bytes (count * element size). */
    void setRawArray(std::string_view key, GgufValueType elemType, uint64_t count,
                     std::span<const uint8_t> raw);

    /** Copies one value read from another file (quantize keeps the source's metadata). */
    void setValue(std::string_view key, const GgufValue& value);
    /** Copies every metadata entry of @p file except general.alignment. */
    void copyMetadata(const GgufFile& file);
    void remove(std::string_view key);
    bool has(std::string_view key) const;

    /**
     * Adds a tensor; @p ne lists 1..4 dimensions, ne[0] contiguous and a multiple of the
     * type's block size. Throws GgufError on a bad shape, a size mismatch or a duplicate name.
     */
    void addTensor(std::string_view name, GgmlType type, std::span<const int64_t> ne,
                   std::span<const uint8_t> data);
    void addTensor(std::string_view name, GgmlType type, std::initializer_list<int64_t> ne,
                   std::span<const uint8_t> data);
    /** Adds a tensor whose bytes are produced when written (one tensor in memory at a time). */
    void addTensor(std::string_view name, GgmlType type, std::span<const int64_t> ne,
                   TensorSource source);

    size_t tensorCount() const { return m_tensors.size(); }

    /** Writes the file (via PATH.tmp renamed into place). Throws GgufError naming the path. */
    void write(const std::string& path) const;
    /** The whole file as bytes (tests, fuzz seeds). */
    std::vector<uint8_t> toBytes() const;

private:
    struct Entry {
        std::string key;
        std::vector<uint8_t> encoded; // type id + value, as on disk
    };
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<int64_t> ne;
        uint64_t byteSize;
        std::vector<uint8_t> owned;
        TensorSource source;
    };

    void put(std::string_view key, std::vector<uint8_t> encoded);
    Tensor& newTensor(std::string_view name, GgmlType type, std::span<const int64_t> ne);
    std::vector<uint8_t> header() const;
    template <typename Sink>
    void emit(Sink& sink) const;

    uint32_t m_version = 3;
    uint64_t m_alignment = 32;
    std::vector<Entry> m_entries;
    std::vector<Tensor> m_tensors;
};

} // namespace triad::engine
