#include "core/engine/ModelConfig.h"

#include "core/engine/GgufFile.h"

#include <algorithm>
#include <cmath>

namespace triad::engine {

namespace {

constexpr int64_t kMaxDimension = 1 << 20;   // larger than any real model's embedding/ffn size
constexpr int64_t kMaxLayers = 4096;
constexpr int64_t kMaxHeads = 4096;

[[noreturn]] void fail(const GgufFile& file, const std::string& problem)
{
    throw ModelError(file.path() + ": " + problem);
}

int64_t requirePositive(const GgufFile& file, const std::string& key, int64_t max)
{
    const std::optional<int64_t> v = file.getInt(key);
    if (!v)
        fail(file, "missing key " + key);
    if (*v <= 0 || *v > max)
        fail(file, key + " = " + std::to_string(*v) + " is out of range (1.." + std::to_string(max) + ")");
    return *v;
}

} // namespace

std::string ModelConfig::supportedArchitectures()
{
    return "llama, qwen2";
}

int64_t ModelConfig::maxFeedForwardLength() const
{
    return feedForwardLength.empty() ? 0 : *std::max_element(feedForwardLength.begin(), feedForwardLength.end());
}

ModelConfig ModelConfig::fromGguf(const GgufFile& file)
{
    ModelConfig c;
    try {
        c.architectureName = file.architecture();
        if (c.architectureName == "llama")
            c.architecture = Architecture::Llama;
        else if (c.architectureName == "qwen2")
            c.architecture = Architecture::Qwen2;
        else if (c.architectureName.empty())
            fail(file, "no general.architecture key (is this a vocabulary-only file?); supported: " + supportedArchitectures());
        else
            fail(file, "unsupported architecture '" + c.architectureName + "'; supported: " + supportedArchitectures());
        const std::string p = c.architectureName + ".";

        c.embeddingLength = requirePositive(file, p + "embedding_length", kMaxDimension);
        c.layerCount = requirePositive(file, p + "block_count", kMaxLayers);
        c.headCount = requirePositive(file, p + "attention.head_count", kMaxHeads);
        c.headCountKv = file.has(p + "attention.head_count_kv")
                            ? requirePositive(file, p + "attention.head_count_kv", kMaxHeads)
                            : c.headCount;
        if (c.headCount % c.headCountKv != 0)
            fail(file, "attention.head_count " + std::to_string(c.headCount) + " is not a multiple of head_count_kv " +
                           std::to_string(c.headCountKv));
        c.contextLengthTrain = file.has(p + "context_length") ? requirePositive(file, p + "context_length", int64_t(1) << 24) : 2048;

        const std::string ffKey = p + "feed_forward_length";
        if (const GgufValue* ff = file.find(ffKey); ff && ff->isArray()) {
            const auto values = ff->toIntArray();
            if (!values || int64_t(values->size()) != c.layerCount)
                fail(file, ffKey + " must hold one integer per layer (" + std::to_string(c.layerCount) + ")");
            c.feedForwardLength = *values;
        } else {
            c.feedForwardLength.assign(size_t(c.layerCount), requirePositive(file, ffKey, kMaxDimension));
        }
        for (int64_t f : c.feedForwardLength)
            if (f <= 0 || f > kMaxDimension)
                fail(file, ffKey + " value " + std::to_string(f) + " is out of range");

        if (c.embeddingLength % c.headCount != 0 && !file.has(p + "attention.key_length"))
            fail(file, "embedding_length " + std::to_string(c.embeddingLength) + " is not a multiple of head_count " +
                           std::to_string(c.headCount));
        const int64_t defaultHeadDim = c.embeddingLength / c.headCount;
        c.headDimK = file.has(p + "attention.key_length") ? requirePositive(file, p + "attention.key_length", 4096) : defaultHeadDim;
        c.headDimV = file.has(p + "attention.value_length") ? requirePositive(file, p + "attention.value_length", 4096) : defaultHeadDim;
        c.ropeDimensions = file.has(p + "rope.dimension_count") ? requirePositive(file, p + "rope.dimension_count", 4096) : c.headDimK;
        if (c.ropeDimensions > c.headDimK || c.ropeDimensions % 2 != 0)
            fail(file, "rope.dimension_count " + std::to_string(c.ropeDimensions) + " must be even and at most the head size " +
                           std::to_string(c.headDimK));

        c.ropeFreqBase = float(file.getFloat(p + "rope.freq_base", 10000.0));
        if (!(c.ropeFreqBase > 1.0f) || !std::isfinite(c.ropeFreqBase))
            fail(file, "rope.freq_base must be a finite number > 1");
        const std::string scalingType = file.getString(p + "rope.scaling.type", "none");
        if (scalingType == "linear") {
            const double factor = file.getFloat(p + "rope.scaling.factor", 1.0);
            if (!(factor > 0.0) || !std::isfinite(factor))
                fail(file, "rope.scaling.factor must be > 0");
            c.ropeLinearScale = float(factor);
        } else if (scalingType != "none") {
            fail(file, "rope.scaling.type '" + scalingType + "' is not supported (none, linear)");
        }
        c.ropeStyle = c.architecture == Architecture::Qwen2 ? RopeStyle::Neox : RopeStyle::Adjacent;

        c.rmsEpsilon = float(file.getFloat(p + "attention.layer_norm_rms_epsilon", 1e-5));
        if (!(c.rmsEpsilon > 0.0f) || c.rmsEpsilon > 1.0f)
            fail(file, "attention.layer_norm_rms_epsilon must be in (0, 1]");

        if (file.has(p + "vocab_size")) {
            c.vocabSize = requirePositive(file, p + "vocab_size", int64_t(1) << 24);
        } else if (const GgufValue* tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->isArray()) {
            c.vocabSize = int64_t(tokens->arraySize());
        } else if (const GgufTensorInfo* embd = file.findTensor("token_embd.weight")) {
            c.vocabSize = embd->ne[1];
        }
        if (c.vocabSize <= 0)
            fail(file, "cannot tell the vocabulary size (no vocab_size, tokenizer.ggml.tokens or token_embd.weight)");
    } catch (const GgufError& e) {
        throw ModelError(e.what());
    }
    return c;
}

} // namespace triad::engine
