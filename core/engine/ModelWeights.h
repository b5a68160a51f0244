#pragma once
// The tensors of a llama/qwen2 model, looked up by name and checked against the
// configuration: every matrix has the expected shape and a type the kernels support. The
// weight matrices point into the file's mapping (no copy); small vectors (norms, biases,
// rope_freqs) are converted to f32 when stored in another type.

#include "core/engine/LinearRole.h"
#include "core/engine/MatMul.h"
#include "core/engine/ModelConfig.h"

#include <span>
#include <vector>

namespace triad::engine {

class GgufFile;
struct KernelTable;

/** One transformer block's tensors. Bias spans are empty when the model has none. */
struct LayerWeights {
    std::span<const float> attentionNorm;  ///< (n_embd)
    WeightMatrix wq;                        ///< (n_embd -> n_head * head_dim_k)
    WeightMatrix wk;                        ///< (n_embd -> n_head_kv * head_dim_k)
    WeightMatrix wv;                        ///< (n_embd -> n_head_kv * head_dim_v)
    WeightMatrix wo;                        ///< (n_head * head_dim_v -> n_embd)
    std::span<const float> bq, bk, bv;      ///< qwen2 only
    std::span<const float> ffnNorm;         ///< (n_embd)
    WeightMatrix gate;                      ///< (n_embd -> n_ff)
    WeightMatrix up;                        ///< (n_embd -> n_ff)
    WeightMatrix down;                      ///< (n_ff -> n_embd)
};

class ModelWeights {
public:
    /**
     * Finds and checks every tensor. Throws ModelError naming the file, the tensor and the
     * problem (missing, wrong shape, unsupported type).
     */
    ModelWeights(const GgufFile& file, const ModelConfig& config, const KernelTable& kernels);

    const WeightMatrix& tokenEmbedding() const { return m_tokenEmbedding; } ///< (n_embd x n_vocab)
    const WeightMatrix& output() const { return m_output; }  ///< token_embd when tied
    bool tiedEmbeddings() const { return m_tied; }
    std::span<const float> outputNorm() const { return m_outputNorm; }
    /** Per-frequency divisors of Llama 3.1+ (rope_freqs.weight); empty when absent. */
    std::span<const float> ropeFrequencyFactors() const { return m_ropeFreqs; }
    const std::vector<LayerWeights>& layers() const { return m_layers; }
    /** The matrix with @p role in @p layer (layer ignored for Output, which is token_embd when
     *  tied). Throws std::out_of_range for a layer the model does not have. */
    const WeightMatrix& weight(LinearRole role, int64_t layer) const;

    /** Every weight matrix (for quantization summaries and the bench's byte count). */
    std::vector<const WeightMatrix*> matrices() const;

private:
    WeightMatrix matrix(const std::string& name, int64_t columns, int64_t rows) const;
    std::span<const float> vector(const std::string& name, int64_t length, bool required);

    const GgufFile& m_file;
    const KernelTable& m_kernels;
    WeightMatrix m_tokenEmbedding;
    WeightMatrix m_output;
    bool m_tied = false;
    std::span<const float> m_outputNorm;
    std::span<const float> m_ropeFreqs;
    std::vector<LayerWeights> m_layers;
    std::vector<std::vector<float>> m_converted; // f32 copies of non-f32 vectors
};

} // namespace triad::engine
