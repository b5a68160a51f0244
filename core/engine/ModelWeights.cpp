#include "core/engine/ModelWeights.h"

#include "core/engine/Dequantize.h"
#include "core/engine/GgufFile.h"
#include "core/engine/Kernels.h"

#include <stdexcept>

namespace triad::engine {

namespace {

std::string shape(int64_t a, int64_t b)
{
    return "[" + std::to_string(a) + ", " + std::to_string(b) + "]";
}

} // namespace

ModelWeights::ModelWeights(const GgufFile& file, const ModelConfig& c, const KernelTable& kernels)
    : m_file(file)
    , m_kernels(kernels)
{
    m_tokenEmbedding = matrix("token_embd.weight", c.embeddingLength, c.vocabSize);
    if (file.findTensor("output.weight")) {
        m_output = matrix("output.weight", c.embeddingLength, c.vocabSize);
    } else {
        m_output = m_tokenEmbedding;
        m_tied = true;
    }
    m_outputNorm = vector("output_norm.weight", c.embeddingLength, true);
    m_ropeFreqs = vector("rope_freqs.weight", c.ropeDimensions / 2, false);

    const int64_t qDim = c.headCount * c.headDimK;
    const int64_t kDim = c.headCountKv * c.headDimK;
    const int64_t vDim = c.headCountKv * c.headDimV;
    const bool biases = c.architecture == Architecture::Qwen2;
    m_layers.resize(size_t(c.layerCount));
    for (int64_t i = 0; i < c.layerCount; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        const int64_t ff = c.feedForwardLength[size_t(i)];
        LayerWeights& l = m_layers[size_t(i)];
        l.attentionNorm = vector(p + "attn_norm.weight", c.embeddingLength, true);
        l.wq = matrix(p + "attn_q.weight", c.embeddingLength, qDim);
        l.wk = matrix(p + "attn_k.weight", c.embeddingLength, kDim);
        l.wv = matrix(p + "attn_v.weight", c.embeddingLength, vDim);
        l.wo = matrix(p + "attn_output.weight", c.headCount * c.headDimV, c.embeddingLength);
        // Qwen2 needs its biases; a llama file may carry them too (some fine-tunes do).
        l.bq = vector(p + "attn_q.bias", qDim, biases);
        l.bk = vector(p + "attn_k.bias", kDim, biases);
        l.bv = vector(p + "attn_v.bias", vDim, biases);
        l.ffnNorm = vector(p + "ffn_norm.weight", c.embeddingLength, true);
        l.gate = matrix(p + "ffn_gate.weight", c.embeddingLength, ff);
        l.up = matrix(p + "ffn_up.weight", c.embeddingLength, ff);
        l.down = matrix(p + "ffn_down.weight", ff, c.embeddingLength);
    }
}

WeightMatrix ModelWeights::matrix(const std::string& name, int64_t columns, int64_t rows) const
{
    const GgufTensorInfo* t = m_file.findTensor(name);
    if (!t)
        throw ModelError(m_file.path() + ": missing tensor " + name);
    if (t->nDims > 2 || t->ne[0] != columns || t->ne[1] != rows)
        throw ModelError(m_file.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected " +
                         shape(columns, rows));
    if (!m_kernels.supports(t->type))
        throw ModelError(m_file.path() + ": tensor " + name + " has type " + std::string(ggmlTypeName(t->type)) +
                         ", which the engine cannot multiply");
    WeightMatrix w;
    w.type = t->type;
    w.data = t->data;
    w.columns = columns;
    w.rows = rows;
    w.rowBytes = ggmlRowBytes(t->type, columns);
    return w;
}

std::span<const float> ModelWeights::vector(const std::string& name, int64_t length, bool required)
{
    const GgufTensorInfo* t = m_file.findTensor(name);
    if (!t) {
        if (required)
            throw ModelError(m_file.path() + ": missing tensor " + name);
        return {};
    }
    if (t->elementCount() != length)
        throw ModelError(m_file.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected [" +
                         std::to_string(length) + "]");
    if (t->type == GgmlType::F32 && reinterpret_cast<uintptr_t>(t->data) % alignof(float) == 0)
        return {reinterpret_cast<const float*>(t->data), size_t(length)};
    std::vector<float>& copy = m_converted.emplace_back(size_t(length));
    if (!dequantizeRow(t->type, t->data, copy.data(), length))
        throw ModelError(m_file.path() + ": tensor " + name + " has type " + std::string(ggmlTypeName(t->type)) +
                         ", which cannot be read as a vector");
    return copy;
}

const WeightMatrix& ModelWeights::weight(LinearRole role, int64_t layer) const
{
    if (role == LinearRole::Output)
        return m_output;
    if (layer < 0 || size_t(layer) >= m_layers.size())
        throw std::out_of_range("layer " + std::to_string(layer) + " of a model with " + std::to_string(m_layers.size())
                                + " layers");
    const LayerWeights& l = m_layers[size_t(layer)];
    switch (role) {
    case LinearRole::AttnQ: return l.wq;
    case LinearRole::AttnK: return l.wk;
    case LinearRole::AttnV: return l.wv;
    case LinearRole::AttnOutput: return l.wo;
    case LinearRole::FfnGate: return l.gate;
    case LinearRole::FfnUp: return l.up;
    case LinearRole::FfnDown: return l.down;
    case LinearRole::Output: break;
    }
    return m_output;
}

std::vector<const WeightMatrix*> ModelWeights::matrices() const
{
    std::vector<const WeightMatrix*> out{&m_tokenEmbedding};
    if (!m_tied)
        out.push_back(&m_output);
    for (const LayerWeights& l : m_layers)
        for (const WeightMatrix* w : {&l.wq, &l.wk, &l.wv, &l.wo, &l.gate, &l.up, &l.down})
            out.push_back(w);
    return out;
}

} // namespace triad::engine
