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
// Every matrix product goes through linear(), the one place where a LoRA delta
// (W·x + s·B·(A·x)) will be added per weight (the overload taking several targets too).

#include "core/engine/KvCache.h"
#include "core/engine/MatMul.h"
#include "core/engine/ModelConfig.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

namespace triad::engine {

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
    void linear(const WeightMatrix& w, const float* x, int nTok, float* y);
    /** Several products of the same input (q/k/v, gate/up). */
    void linear(std::initializer_list<MatMulTarget> targets, const float* x, int nTok);
    void attention(int64_t layer, int nTok, int64_t startPos);
    void applyRope(float* v, int64_t heads, int64_t headDim, int64_t pos) const;
    void ensureScratch(int nTok);

    ModelConfig m_config;
    const ModelWeights& m_weights;
    TransformerParams m_params;
    std::unique_ptr<ThreadPool> m_pool;
    MatMul m_matmul;
    KvCache m_cache;
    std::vector<float> m_ropeInvFreq; ///< per rotated pair: base^(-2i/n_rot) / rope_freqs[i]

    // Scratch for one batch (grown on demand).
    int m_scratchTokens = 0;
    std::vector<float> m_x, m_h, m_q, m_k, m_v, m_attn, m_gate, m_up, m_scores, m_embdRow;
};

} // namespace triad::engine
