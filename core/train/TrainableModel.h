#pragma once
// A llama/qwen2 model the trainer can differentiate: the engine's configuration and weights,
// with either every weight copied to F32 and trained (full fine-tuning) or the base frozen
// (read in place, any engine type) and low-rank adapters trained on chosen matrices (LoRA:
// y = W·x + s·B·(A·dropout(x)), s = alpha / rank, B starts at zero so training starts from
// the base model exactly).
//
//   auto base = engine::Model::load(path);
//   TrainableModel model(base->config(), base->weights(), {.method = TrainMethod::Lora});
//   model.zeroGradients();
//   double lossSum = model.step(batch, 1.0f / float(batch.weightSum()), StepMode::Train);
//   // parameters() now hold gradients; the optimizer updates their values.
//
// Activations of the last step are kept for its backward pass: one model, one step at a time.

#include "core/engine/ModelConfig.h"
#include "core/train/MatrixView.h"
#include "core/train/Parameter.h"
#include "core/train/Rope.h"
#include "core/train/TrainBatch.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace triad::engine {
class ModelWeights;
class ThreadPool;
} // namespace triad::engine

namespace triad::train {

enum class TrainMethod {
    Full = 1, ///< every weight F32 and trained
    Lora,     ///< base frozen; adapters trained
};

struct LoraParams {
    int rank = 8;
    float alpha = 16.0f;     ///< s = alpha / rank
    float dropout = 0.0f;    ///< on the adapter's input, training steps only
    bool ffn = false;        ///< also adapt ffn_gate/up/down (always: attn_q/k/v/output)
    /** Also adapt output.weight (the vocabulary projection), so answers made of tokens the
     *  base rarely produced are learned quickly. Refused for tied embeddings. */
    bool output = false;
};

struct TrainableModelParams {
    TrainMethod method = TrainMethod::Lora;
    LoraParams lora;
    uint64_t seed = 1;       ///< adapter initialisation and dropout masks
    int threadCount = 2;
};

enum class StepMode {
    Train = 1, ///< forward + backward (gradients added), dropout on
    Evaluate,  ///< forward only (validation loss)
};

class TrainableModel {
public:
    /** @p weights must outlive the model (LoRA reads the frozen base in place). */
    TrainableModel(const engine::ModelConfig& config, const engine::ModelWeights& weights,
                   const TrainableModelParams& params);
    ~TrainableModel();
    TrainableModel(const TrainableModel&) = delete;
    TrainableModel& operator=(const TrainableModel&) = delete;

    const engine::ModelConfig& config() const { return m_config; }
    const TrainableModelParams& params() const { return m_params; }
    engine::ThreadPool& threadPool() { return *m_pool; }

    /** The trained tensors (F32 weights, or the adapters' lora_a / lora_b). */
    std::vector<Parameter>& parameters() { return m_parameters; }
    const std::vector<Parameter>& parameters() const { return m_parameters; }
    Parameter* findParameter(const std::string& name);
    int64_t trainableParameterCount() const;
    void zeroGradients();

    /**
     * Runs the batch; in Train mode also adds gradients of gradScale · Σ w·nll to every
     * parameter. Returns Σ_t w_t · nll_t (not normalised). @p stepIndex varies the dropout
     * masks from step to step (same index, same masks).
     */
    double step(const TrainBatch& batch, float gradScale, StepMode mode, uint64_t stepIndex = 0);

    /** Logits (batch.size() x n_vocab) of the last step(). */
    const std::vector<float>& logits() const { return m_logits; }

    /** The LoRA scale s = alpha / rank (1 when alpha is 0, as llama.cpp treats it). */
    float loraScale() const;

    /** Adapted matrices' GGUF names ("blk.0.attn_q.weight"), in parameter order. */
    std::vector<std::string> adaptedWeights() const;

    /**
     * F32 values of a tensor training changed, by GGUF name: the trained copy (full) or
     * base + s·B·A (LoRA). Empty when training leaves the tensor as the base has it.
     * For merged exports.
     */
    std::vector<float> trainedTensor(const std::string& name) const;

private:
    struct Slot;
    struct Layer;
    struct Activations;

    void buildFull(const engine::ModelWeights& weights);
    void buildLora(const engine::ModelWeights& weights);
    void resolveViews();
    int addParameter(const std::string& name, std::vector<int64_t> ne, bool decay);

    void slotForward(Slot& slot, const float* x, int64_t nTok, float* y, bool train, uint64_t maskSeed);
    void slotBackward(Slot& slot, const float* x, const float* dy, int64_t nTok, float* dx);

    engine::ModelConfig m_config;
    const engine::ModelWeights& m_weights;
    TrainableModelParams m_params;
    std::unique_ptr<engine::ThreadPool> m_pool;
    Rope m_rope;
    std::vector<Parameter> m_parameters;
    std::vector<std::unique_ptr<Slot>> m_slots; ///< every linear (owned here, referenced by layers)
    std::vector<Layer> m_layers;
    Slot* m_output = nullptr;
    MatrixView m_embedding;
    int m_embeddingParam = -1;
    const float* m_outputNorm = nullptr;
    int m_outputNormParam = -1;
    std::unique_ptr<Activations> m_act;
    std::vector<float> m_logits;
};

} // namespace triad::train
