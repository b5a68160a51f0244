#pragma once
// Keys and values of every evaluated position, per layer, so each new token attends to the
// past without recomputing it. Sized once from the requested context. Keys are stored per
// position ([layer][kv_head][pos][head_dim_k]); values transposed ([layer][kv_head]
// [head_dim_v][pos]) so that both attention products are contiguous dot products.
//
// The cache also remembers which tokens it holds: a new prompt that starts with them only
// needs its suffix evaluated (multi-turn chat does not recompute earlier turns).

#include "core/engine/GgmlType.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace triad::engine {

/** Element type of the cache. */
enum class KvCacheType {
    F32 = 1,  ///< exact; what the reference vectors use
    F16,      ///< half the memory; llama.cpp's default
};

class KvCache {
public:
    /** Allocates (zeroed) @p contextLength positions for @p layerCount layers. */
    KvCache(int64_t layerCount, int64_t headCountKv, int64_t headDimK, int64_t headDimV, int64_t contextLength,
            KvCacheType type);

    KvCacheType type() const { return m_type; }
    GgmlType elementType() const { return m_type == KvCacheType::F16 ? GgmlType::F16 : GgmlType::F32; }
    size_t elementBytes() const { return m_type == KvCacheType::F16 ? 2 : 4; }
    int64_t contextLength() const { return m_context; }
    size_t byteSize() const { return m_keys.size() + m_values.size(); }

    /** Number of positions holding valid entries. */
    int64_t size() const { return int64_t(m_tokens.size()); }
    /** The tokens at positions [0, size()). */
    std::span<const int32_t> tokens() const { return m_tokens; }

    /** Length of the longest common prefix of the cached tokens and @p tokens. */
    int64_t commonPrefix(std::span<const int32_t> tokens) const;
    /** Forgets positions >= @p length (their memory is reused). */
    void truncate(int64_t length);
    /** Records that @p tokens now occupy the positions after size() (after evaluation). */
    void append(std::span<const int32_t> tokens);
    void clear() { m_tokens.clear(); }

    /** Stores one position's keys and values (f32 in, converted to the cache type). */
    void store(int64_t layer, int64_t pos, const float* k, const float* v);

    /** Key row of (layer, head, pos): head_dim_k elements of elementType(). */
    const uint8_t* keyRow(int64_t layer, int64_t head, int64_t pos) const;
    /** Value row of (layer, head, dim): contextLength() elements indexed by position. */
    const uint8_t* valueRow(int64_t layer, int64_t head, int64_t dim) const;
    size_t keyRowBytes() const { return size_t(m_headDimK) * elementBytes(); }
    size_t valueRowBytes() const { return size_t(m_context) * elementBytes(); }

private:
    int64_t m_layers, m_headsKv, m_headDimK, m_headDimV, m_context;
    KvCacheType m_type;
    std::vector<uint8_t> m_keys;
    std::vector<uint8_t> m_values;
    std::vector<int32_t> m_tokens;
};

} // namespace triad::engine
