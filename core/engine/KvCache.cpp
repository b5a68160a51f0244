#include "core/engine/KvCache.h"

#include "core/engine/Fp16.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace triad::engine {

KvCache::KvCache(int64_t layerCount, int64_t headCountKv, int64_t headDimK, int64_t headDimV, int64_t contextLength,
                 KvCacheType type)
    : m_layers(layerCount)
    , m_headsKv(headCountKv)
    , m_headDimK(headDimK)
    , m_headDimV(headDimV)
    , m_context(contextLength)
    , m_type(type)
{
    if (layerCount <= 0 || headCountKv <= 0 || headDimK <= 0 || headDimV <= 0 || contextLength <= 0)
        throw std::invalid_argument("KV cache: every dimension must be positive");
    const size_t perPosition = size_t(headCountKv) * elementBytes();
    // Zeroed so masked-out positions of the transposed values multiply as 0, never NaN.
    m_keys.assign(size_t(layerCount) * perPosition * size_t(headDimK) * size_t(contextLength), 0);
    m_values.assign(size_t(layerCount) * perPosition * size_t(headDimV) * size_t(contextLength), 0);
    m_tokens.reserve(size_t(contextLength));
}

int64_t KvCache::commonPrefix(std::span<const int32_t> tokens) const
{
    const size_t n = std::min(tokens.size(), m_tokens.size());
    size_t i = 0;
    while (i < n && tokens[i] == m_tokens[i])
        ++i;
    return int64_t(i);
}

void KvCache::truncate(int64_t length)
{
    if (length < size())
        m_tokens.resize(size_t(std::max<int64_t>(0, length)));
}

void KvCache::append(std::span<const int32_t> tokens)
{
    if (size() + int64_t(tokens.size()) > m_context)
        throw std::out_of_range("KV cache: context of " + std::to_string(m_context) + " tokens exceeded");
    m_tokens.insert(m_tokens.end(), tokens.begin(), tokens.end());
}

const uint8_t* KvCache::keyRow(int64_t layer, int64_t head, int64_t pos) const
{
    const size_t index = (size_t(layer) * size_t(m_headsKv) + size_t(head)) * size_t(m_context) + size_t(pos);
    return m_keys.data() + index * keyRowBytes();
}

const uint8_t* KvCache::valueRow(int64_t layer, int64_t head, int64_t dim) const
{
    const size_t index = (size_t(layer) * size_t(m_headsKv) + size_t(head)) * size_t(m_headDimV) + size_t(dim);
    return m_values.data() + index * valueRowBytes();
}

void KvCache::store(int64_t layer, int64_t pos, const float* k, const float* v)
{
    for (int64_t h = 0; h < m_headsKv; ++h) {
        auto* keyDst = const_cast<uint8_t*>(keyRow(layer, h, pos));
        const float* keySrc = k + h * m_headDimK;
        if (m_type == KvCacheType::F32) {
            std::memcpy(keyDst, keySrc, size_t(m_headDimK) * sizeof(float));
        } else {
            auto* dst = reinterpret_cast<uint16_t*>(keyDst);
            for (int64_t d = 0; d < m_headDimK; ++d)
                dst[d] = fp32ToFp16(keySrc[d]);
        }
        const float* valueSrc = v + h * m_headDimV;
        for (int64_t d = 0; d < m_headDimV; ++d) {
            auto* row = const_cast<uint8_t*>(valueRow(layer, h, d));
            if (m_type == KvCacheType::F32)
                reinterpret_cast<float*>(row)[pos] = valueSrc[d];
            else
                reinterpret_cast<uint16_t*>(row)[pos] = fp32ToFp16(valueSrc[d]);
        }
    }
}

} // namespace triad::engine
