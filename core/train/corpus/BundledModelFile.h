#pragma once
// Writing a llama-architecture GGUF for the bundled model: the shape, the trained BPE
// vocabulary, the ChatML template (<|im_end|> ends a turn and generation), and tensor values
// from a callback (random for the initial model, trained for the final one).
//
//   ModelShape shape{.dim = 256, .layers = 4};
//   writeBundledModelFile("init.gguf", shape, vocab, randomTensorValues(shape, 1), engine::GgmlType::F32);

#include "core/engine/GgmlType.h"
#include "core/train/corpus/BpeVocabBuilder.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace triad::train::corpus {

struct ModelShape {
    int64_t dim = 256;
    int64_t layers = 4;
    int64_t heads = 4;
    int64_t kvHeads = 4;
    int64_t ffn = 768;
    int64_t context = 512;

    /** Empty when usable, else the reason (head size even, heads a multiple of kv heads...). */
    std::string problem() const;
};

/** Values of tensor @p name with @p count elements (GGUF order: ne[0] fastest). */
using TensorValues = std::function<std::vector<float>(const std::string& name, int64_t count)>;

/** Weights ~N(0, 0.02) (output projections scaled by 1/sqrt(2·layers)), norms 1. */
TensorValues randomTensorValues(const ModelShape& shape, uint64_t seed);

/**
 * Writes the model; matrices get @p matrixType (F32 or a type the engine quantizes to),
 * norms stay F32. Throws engine::GgufError or std::invalid_argument naming the problem.
 */
void writeBundledModelFile(const std::string& path, const ModelShape& shape, const BpeVocab& vocab,
                           const TensorValues& values, engine::GgmlType matrixType);

/** ChatML, as Qwen2 and many others ship it. */
const char* chatMlTemplate();

} // namespace triad::train::corpus
