#pragma once
// A LoRA adapter in llama.cpp's GGUF format (general.type = "adapter", adapter.type = "lora",
// adapter.lora.alpha), checked against the base model it is meant for and kept in memory as
// F32, ready to be applied by a Transformer:
//   y = W·x + s·B·(A·x),   s = user_scale · alpha / r   (alpha 0: s = user_scale)
// For each adapted weight W (ne {n_in, n_out}) the file holds "<W>.lora_a" {n_in, r} and
// "<W>.lora_b" {r, n_out}; r may differ from weight to weight.
//
// Adapters are small (r·(n_in + n_out) per matrix), so they are read once (any type the
// engine can dequantize: F32, F16, BF16, Q8_0…) and shared, immutable, between contexts.
//
//   auto model = Model::load("base.gguf");
//   auto adapter = LoraAdapter::load("roman.gguf", model->file());   // throws ModelError
//   auto ctx = model->createContext();
//   ctx->setAdapter(adapter, 1.0f);    // following evaluations use base + adapter

#include "core/engine/LinearRole.h"
#include "core/engine/MatMul.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace triad::engine {

class GgufFile;

/** The two low-rank factors of one adapted weight, as F32 matrices MatMul can multiply. */
struct LoraMatrices {
    std::string weightName;  ///< the adapted base tensor ("blk.0.attn_q.weight")
    LinearRole role = LinearRole::AttnQ;
    int64_t layer = -1;      ///< -1 for Output
    WeightMatrix a;          ///< (n_in -> r): r rows of n_in
    WeightMatrix b;          ///< (r -> n_out): n_out rows of r
    int64_t rank = 0;
    float scale = 1.0f;      ///< alpha / r (1 when alpha is 0), before the user's scale
};

class LoraAdapter {
public:
    /**
     * Reads @p path and checks it against @p base: an adapter file of the base's architecture,
     * only "<weight>.lora_a"/".lora_b" pairs, each weight a matrix of the base the engine
     * multiplies (attn_q/k/v/output, ffn_gate/up/down of a layer the base has, output when the
     * base has its own), shapes A {n_in, r} and B {r, n_out} matching it, finite values.
     * Throws ModelError naming the adapter file, the tensor and the mismatch.
     */
    static std::shared_ptr<const LoraAdapter> load(const std::string& path, const GgufFile& base);

    /** As load(), from an adapter file already open. */
    static std::shared_ptr<const LoraAdapter> fromGguf(const GgufFile& adapter, const GgufFile& base);

    const std::string& path() const { return m_path; }
    /** general.name of the file ("" when absent). */
    const std::string& name() const { return m_name; }
    const std::string& architecture() const { return m_architecture; }
    /** adapter.lora.alpha (0 when absent: every scale is then 1). */
    float alpha() const { return m_alpha; }
    /** Highest rank over the adapted weights. */
    int64_t maxRank() const { return m_maxRank; }
    /** Bytes of the F32 factors held in memory. */
    size_t byteSize() const { return m_storage.size() * sizeof(float); }

    /** Every adapted weight, in file order. */
    const std::vector<LoraMatrices>& matrices() const { return m_matrices; }

    /** The factors for @p role in @p layer (layer ignored for Output), or nullptr. */
    const LoraMatrices* find(LinearRole role, int64_t layer) const;

private:
    LoraAdapter() = default;

    std::string m_path;
    std::string m_name;
    std::string m_architecture;
    float m_alpha = 0.0f;
    int64_t m_maxRank = 0;
    std::vector<float> m_storage;                          ///< every factor, F32, back to back
    std::vector<LoraMatrices> m_matrices;
    std::vector<std::array<int, kLayerRoleCount>> m_byLayer; ///< index into m_matrices or -1
    int m_output = -1;
};

} // namespace triad::engine
