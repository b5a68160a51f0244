#pragma once
// Adapter and merged-model files for the LoRA tests, written with GgufWriter: random factors
// for chosen weights of a base file, and the base with W + s·B·A folded in (computed here in
// F32 from the base's own values, independently of the engine's adapter code).

#include "core/engine/Dequantize.h"
#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Quantize.h"

#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace triad::engine::testing {

/** One factor as floats, with the shape and type it is written in. */
struct LoraFactor {
    std::vector<int64_t> ne;
    std::vector<float> values;
};

/** Random factors for @p weights of @p base: A {n_in, r} ~ U(±aBound), B {r, n_out} ~ U(±bBound). */
struct RandomLora {
    std::map<std::string, std::pair<LoraFactor, LoraFactor>> factors; ///< weight -> (A, B)
    float alpha = 0.0f;
    int rank = 0;
};

inline RandomLora randomLora(const GgufFile& base, const std::vector<std::string>& weights, int rank, float alpha,
                             uint32_t seed, float aBound = 0.2f, float bBound = 0.2f)
{
    RandomLora lora;
    lora.alpha = alpha;
    lora.rank = rank;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    for (const std::string& name : weights) {
        const GgufTensorInfo* w = base.findTensor(name);
        if (!w)
            continue;
        LoraFactor a{{w->ne[0], rank}, std::vector<float>(size_t(w->ne[0] * rank))};
        LoraFactor b{{rank, w->ne[1]}, std::vector<float>(size_t(rank * w->ne[1]))};
        for (float& v : a.values)
            v = aBound * unit(rng);
        for (float& v : b.values)
            v = bBound * unit(rng);
        lora.factors[name] = {std::move(a), std::move(b)};
    }
    return lora;
}

inline std::vector<uint8_t> encode(const std::vector<float>& values, int64_t rowLength, GgmlType type)
{
    const size_t rowBytes = ggmlRowBytes(type, rowLength);
    const size_t rows = values.size() / size_t(rowLength);
    std::vector<uint8_t> bytes(rowBytes * rows);
    for (size_t r = 0; r < rows; ++r)
        quantizeRow(type, values.data() + r * size_t(rowLength), bytes.data() + r * rowBytes, rowLength);
    return bytes;
}

/** Writes @p lora in llama.cpp's adapter format with factors of @p type. */
inline void writeLoraFile(const std::string& path, const std::string& architecture, const RandomLora& lora,
                          GgmlType type = GgmlType::F32)
{
    GgufWriter w;
    w.setString("general.architecture", architecture);
    w.setString("general.type", "adapter");
    w.setString("general.name", "test adapter");
    w.setString("adapter.type", "lora");
    w.setF32("adapter.lora.alpha", lora.alpha);
    for (const auto& [name, ab] : lora.factors) {
        w.addTensor(name + ".lora_a", type, ab.first.ne, encode(ab.first.values, ab.first.ne[0], type));
        w.addTensor(name + ".lora_b", type, ab.second.ne, encode(ab.second.values, ab.second.ne[0], type));
    }
    w.write(path);
}

/** The base with every adapted weight replaced by F32 W + userScale·(alpha/r)·B·A. */
inline void writeMergedFile(const std::string& path, const GgufFile& base, const RandomLora& lora, float userScale = 1.0f)
{
    GgufWriter w;
    w.copyMetadata(base);
    w.remove("general.file_type");
    const float s = userScale * (lora.alpha == 0.0f ? 1.0f : lora.alpha / float(lora.rank));
    for (const GgufTensorInfo& t : base.tensors()) {
        std::vector<int64_t> ne(t.ne.begin(), t.ne.begin() + t.nDims);
        auto it = lora.factors.find(t.name);
        if (it == lora.factors.end()) {
            w.addTensor(t.name, t.type, ne, std::span<const uint8_t>(t.data, t.byteSize));
            continue;
        }
        const int64_t cols = t.ne[0], rows = t.ne[1], r = lora.rank;
        std::vector<float> merged(size_t(cols * rows));
        const size_t rowBytes = ggmlRowBytes(t.type, cols);
        for (int64_t row = 0; row < rows; ++row)
            dequantizeRow(t.type, t.data + size_t(row) * rowBytes, merged.data() + size_t(row * cols), cols);
        const std::vector<float>& a = it->second.first.values;  // r rows of cols
        const std::vector<float>& b = it->second.second.values; // rows rows of r
        for (int64_t row = 0; row < rows; ++row)
            for (int64_t k = 0; k < r; ++k) {
                const float coef = s * b[size_t(row * r + k)];
                for (int64_t i = 0; i < cols; ++i)
                    merged[size_t(row * cols + i)] += coef * a[size_t(k * cols + i)];
            }
        w.addTensor(t.name, GgmlType::F32, ne,
                    std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(merged.data()), merged.size() * sizeof(float)));
    }
    w.write(path);
}

} // namespace triad::engine::testing
