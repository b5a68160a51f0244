#pragma once
// The forward pass of llama and qwen2 models: a batch of tokens in, logits out, with the
// keys and values of every position kept in a KvCache.
//
// Per layer (shapes for a batch of T tokens):
//   h = rmsnorm(x) * attn_norm                       (T, n_embd)
//   q, k, v = Wq·h (+bq), Wk·h (+bk), Wv·h (+bv)       (T, n_head*hd), (T, n_head_kv*hd) x2
//   RoPE(q, k) at each token's position; k, v -> cache
//   a = softmax(q·Kᵀ / sqrt(hd), causal) · V          (T, n_head*hd_v), GQA: head h uses h / (n_head/n_head_kv)
//   x += Wo·a
//   x += Wdown·(silu(Wgate·n) * Wup·n), n = rmsnorm(x) * ffn_norm
// then logits = Woutput·(rmsnorm(x) * output_norm).
//
// Every matrix product goes through linear(), named by its role and layer; with a LoRA
// adapter set (setAdapter) that is where s·B·(A·x) is added to W·x for the weights the
// adapter changes, looked up by role (never by the matrix's address: tied embeddings share it).

#include "core/engine/KvCache.h"
#include "core/engine/LinearRole.h"
#include "core/engine/MatMul.h"
#include "core/engine/ModelConfig.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

namespace triad::engine {

class LoraAdapter;
struct LoraMatrices;
class ModelWeights;
class ThreadPool;

/** Settings of one inference context. */
struct TransformerParams {
    int64_t contextLength = 4096;           ///< KV cache positions (clamped to >= 1)
    KvCacheType kvCacheType = KvCacheType::F16;
    int threadCount = 0;                    ///< 0 = all hardware threads
    int batchSize = 256;                    ///< tokens per forward batch (prompt processing)

    static TransformerParams defaults() { return {}; }
};

/** Which positions of a batch produce logits. */
enum class LogitsMode {
    LastPosition = 1,
    AllPositions,
};

class Transformer {
public:
    /** The weights must outlive the transformer. Throws ModelError on bad parameters. */
    Transformer(const ModelConfig& config, const ModelWeights& weights, const TransformerParams& params);
    ~Transformer();

    /**
     * Evaluates @p tokens at the positions after the cached ones and appends them to the
     * cache. @p logits receives n_vocab floats (LastPosition) or tokens.size() * n_vocab.
     * Throws std::out_of_range for a token id outside the vocabulary or a full context.
     */
    void evaluate(std::span<const int32_t> tokens, LogitsMode mode, std::vector<float>& logits);

    /**
     * Evaluates a whole sequence reusing the longest cached prefix: only the suffix after it
     * is computed (at least the last token, for its logits). Returns the reused length.
     */
    int64_t evaluateWithReuse(std::span<const int32_t> tokens, std::vector<float>& lastLogits);

    /**
     * Applies @p adapter (nullptr: none) to every following evaluation, with
     * s = @p userScale · alpha / r. Switching to another adapter or scale empties the KV
     * cache: the cached keys and values were computed with other weights, so no prefix may
     * be reused. Setting the same adapter and scale again keeps the cache. Throws ModelError
     * (leaving the current adapter) when the adapter does not fit this model's weights.
     */
    void setAdapter(std::shared_ptr<const LoraAdapter> adapter, float userScale = 1.0f);
    const LoraAdapter* adapter() const { return m_adapter.get(); }
    float adapterScale() const { return m_adapterScale; }

    KvCache& cache() { return m_cache; }
    const KvCache& cache() const { return m_cache; }
    const ModelConfig& config() const { return m_config; }
    ThreadPool& threadPool() { return *m_pool; }
    int64_t vocabSize() const { return m_config.vocabSize; }
    /** Bytes of per-batch scratch (activations, attention scores, matmul buffers) held now;
     *  with cache().byteSize() it is the memory this context owns beyond the mapped file. */
    size_t scratchBytes() const;

private:
    void evaluateBatch(std::span<const int32_t> tokens, int64_t startPos, LogitsMode mode, float* logits);
    /** One product of linear(): out (nTok x weight->rows) = W·x, named by its role. */
    struct LinearTarget {
        LinearRole role;
        const WeightMatrix* weight;
        float* out;
    };
    /** Products of the same input (one, or q/k/v, gate/up) in layer @p layer, plus the
     *  adapter's deltas for the roles it changes. */
    void linear(int64_t layer, std::initializer_list<LinearTarget> targets, const float* x, int nTok);
    /** y += s·B·hidden, hidden = A·x (nTok x r; scaled in place). */
    void addLoraDelta(const LoraMatrices& lora, float* hidden, int nTok, float* y, int64_t outDim);
    void attention(int64_t layer, int nTok, int64_t startPos);
    void applyRope(float* v, int64_t heads, int64_t headDim, int64_t pos) const;
    void ensureScratch(int nTok);

    ModelConfig m_config;
    const ModelWeights& m_weights;
    TransformerParams m_params;
    std::unique_ptr<ThreadPool> m_pool;
    MatMul m_matmul;
    MatMul m_loraMatmul;                       ///< own activation scratch for the small A/B products
    std::shared_ptr<const LoraAdapter> m_adapter;
    float m_adapterScale = 1.0f;
    std::vector<float> m_loraHidden, m_loraDelta; ///< A·x (nTok x r), B·(A·x) (nTok x n_out)
    KvCache m_cache;
    std::vector<float> m_ropeInvFreq; ///< per rotated pair: base^(-2i/n_rot) / rope_freqs[i]

    // Scratch for one batch (grown on demand).
    int m_scratchTokens = 0;
    std::vector<float> m_x, m_h, m_q, m_k, m_v, m_attn, m_gate, m_up, m_scores, m_embdRow;
};

} // namespace triad::engine
