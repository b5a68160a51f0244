#pragma once
// Hyperparameters of a llama/qwen2 model, read from GGUF metadata and validated so the
// forward pass can trust them (no zero sizes, head counts that divide, sane ranges).
//
//   ModelConfig cfg = ModelConfig::fromGguf(gguf);   // throws ModelError naming the file

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

class GgufFile;

/** A model the engine cannot run, with a message naming the file and the reason. */
class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** Architectures the forward pass implements. */
enum class Architecture {
    Llama = 1,  ///< Llama 2/3/3.1/3.2, Mistral, TinyLlama, SmolLM
    Qwen2,      ///< Qwen2 / Qwen2.5: q/k/v biases, NEOX RoPE
};

/** Which element pairs RoPE rotates. */
enum class RopeStyle {
    Adjacent = 1, ///< (x[2i], x[2i+1]): llama's converter permutes Q/K rows for this
    Neox,         ///< (x[i], x[i + n_rot/2])
};

struct ModelConfig {
    Architecture architecture = Architecture::Llama;
    std::string architectureName;   ///< "llama", "qwen2"
    int64_t contextLengthTrain = 0; ///< context the model was trained for
    int64_t embeddingLength = 0;    ///< n_embd
    int64_t layerCount = 0;
    std::vector<int64_t> feedForwardLength; ///< per layer
    int64_t headCount = 0;
    int64_t headCountKv = 0;
    int64_t headDimK = 0;           ///< key_length (default n_embd / n_head)
    int64_t headDimV = 0;           ///< value_length
    int64_t ropeDimensions = 0;     ///< n_rot (<= headDimK)
    float ropeFreqBase = 10000.0f;
    float ropeLinearScale = 1.0f;   ///< positions are divided by this (rope.scaling.type linear)
    RopeStyle ropeStyle = RopeStyle::Adjacent;
    float rmsEpsilon = 1e-5f;
    int64_t vocabSize = 0;

    /** Reads and validates; throws ModelError (names the file, the key and the problem). */
    static ModelConfig fromGguf(const GgufFile& file);

    /** "llama, qwen2": for messages about unsupported architectures. */
    static std::string supportedArchitectures();

    int64_t maxFeedForwardLength() const;
};

} // namespace triad::engine
