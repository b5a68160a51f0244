#pragma once
// A loaded model: the mapped GGUF file, its configuration, weights, vocabulary, tokenizer
// and chat template. Immutable after load and shareable between inference contexts
// (Transformer), each with its own KV cache.
//
//   auto model = Model::load("/models/qwen2.5-0.5b-instruct-q8_0.gguf");   // throws ModelError
//   auto ctx = model->createContext({.contextLength = 4096});
//   std::vector<float> logits;
//   ctx->evaluate(model->tokenizer().tokenize("Hello"), LogitsMode::LastPosition, logits);

#include "core/engine/ChatTemplate.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/Transformer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace triad::engine {

class GgufFile;
class LoraAdapter;
class ModelWeights;
class Tokenizer;
class Vocab;

/** What the Models view and `model info` show about a file. */
struct ModelInfo {
    std::string path;
    std::string name;             ///< general.name, else the file name
    std::string architecture;     ///< "llama", "qwen2"
    int64_t parameterCount = 0;   ///< elements of all tensors
    std::string quantization;     ///< "Q4_K_M" (general.file_type) or the dominant type
    std::string quantizationMix;  ///< "Q4_K 83%, Q6_K 17%" by bytes of the matrices
    int64_t contextLength = 0;    ///< trained context
    uint64_t fileSizeBytes = 0;
    uint64_t weightBytes = 0;     ///< bytes of the matrices a token's forward pass reads
    std::string chatTemplate;     ///< "chatml", "llama3"...
    std::string chatTemplateNote; ///< why ChatML is used as a fallback, else ""
    std::string tokenizer;        ///< "spm", "bpe/llama3"...
    int64_t vocabSize = 0;
};

class Model {
public:
    /** Opens and validates @p path. Throws ModelError naming the file and the problem. */
    static std::unique_ptr<Model> load(const std::string& path);
    ~Model();

    const GgufFile& file() const { return *m_file; }
    const ModelConfig& config() const { return m_config; }
    const ModelWeights& weights() const { return *m_weights; }
    const Vocab& vocab() const;
    const Tokenizer& tokenizer() const { return *m_tokenizer; }
    const ChatTemplate& chatTemplate() const { return m_chatTemplate; }
    const ModelInfo& info() const { return m_info; }

    /**
     * Reads the LoRA adapter @p path and checks it against this model (architecture, tensor
     * names and shapes). Throws ModelError naming the adapter file and the mismatch. The
     * adapter may be set on any context of this model (Transformer::setAdapter).
     */
    std::shared_ptr<const LoraAdapter> loadAdapter(const std::string& path) const;

    /** A new inference context with its own KV cache and thread pool. */
    std::unique_ptr<Transformer> createContext(const TransformerParams& params = TransformerParams::defaults()) const;

private:
    Model();
    void buildInfo();

    std::unique_ptr<GgufFile> m_file;
    ModelConfig m_config;
    std::unique_ptr<ModelWeights> m_weights;
    std::unique_ptr<Tokenizer> m_tokenizer;
    ChatTemplate m_chatTemplate{ChatTemplateFamily::ChatMl};
    ModelInfo m_info;
};

} // namespace triad::engine
