#include "core/train/TrainableModel.h"

#include "core/engine/Dequantize.h"
#include "core/engine/ModelWeights.h"
#include "core/engine/ThreadPool.h"
#include "core/train/Attention.h"
#include "core/train/CrossEntropy.h"
#include "core/train/Embedding.h"
#include "core/train/Linear.h"
#include "core/train/RmsNorm.h"
#include "core/train/SwiGlu.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace triad::train {

namespace {

/** splitmix64: a counter-based generator, so a mask element does not depend on threads. */
uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double uniform01(uint64_t key)
{
    return double(mix(key) >> 11) * 0x1.0p-53;
}

std::vector<float> dequantizeMatrix(const engine::WeightMatrix& w)
{
    std::vector<float> out(size_t(w.rows) * size_t(w.columns));
    for (int64_t r = 0; r < w.rows; ++r)
        if (!engine::dequantizeRow(w.type, w.data + size_t(r) * w.rowBytes, out.data() + size_t(r) * size_t(w.columns),
                                   w.columns))
            throw std::runtime_error("cannot convert a matrix of type " + std::string(engine::ggmlTypeName(w.type)) +
                                     " to F32");
    return out;
}

void addInto(std::vector<float>& x, const std::vector<float>& y, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] += y[i];
}

} // namespace

/** One linear map of the model: its weight (frozen view or parameter), bias and adapter. */
struct TrainableModel::Slot {
    std::string name; ///< GGUF name of the weight
    int64_t rows = 0, cols = 0;
    MatrixView weight;
    int weightParam = -1;
    const float* bias = nullptr;
    int biasParam = -1;
    int loraA = -1, loraB = -1;
    uint64_t index = 0;    ///< for dropout masks
    uint64_t maskBase = 0; ///< key of this step's mask (recomputed by the backward pass)
    // Kept from the forward pass for the backward pass (LoRA only).
    std::vector<float> dropped; ///< dropout(x) (nTok, cols), when dropout is on
    std::vector<float> ax;      ///< A·dropout(x) (nTok, rank)
};

/** A norm vector: frozen in the file or a parameter. */
struct VectorRef {
    const float* frozen = nullptr;
    int param = -1;
};

struct TrainableModel::Layer {
    VectorRef attnNorm, ffnNorm;
    Slot *q = nullptr, *k = nullptr, *v = nullptr, *o = nullptr;
    Slot *gate = nullptr, *up = nullptr, *down = nullptr;
};

/** What the backward pass needs from the forward pass, per layer. */
struct TrainableModel::Activations {
    struct PerLayer {
        std::vector<float> xIn, h1, inv1, q, k, v, att, lse, xMid, h2, inv2, gate, up, act;
    };
    std::vector<PerLayer> layers;
    std::vector<float> xFinal, hFinal, invFinal, dLogits;
};

TrainableModel::TrainableModel(const engine::ModelConfig& config, const engine::ModelWeights& weights,
                               const TrainableModelParams& params)
    : m_config(config)
    , m_weights(weights)
    , m_params(params)
    , m_pool(std::make_unique<engine::ThreadPool>(std::max(1, params.threadCount)))
    , m_rope(config, weights.ropeFrequencyFactors())
    , m_act(std::make_unique<Activations>())
{
    if (m_params.method == TrainMethod::Lora && m_params.lora.rank < 1)
        throw std::invalid_argument("LoRA rank must be at least 1, got " + std::to_string(m_params.lora.rank));
    if (m_params.lora.dropout < 0.0f || m_params.lora.dropout >= 1.0f)
        throw std::invalid_argument("LoRA dropout must be in [0, 1), got " + std::to_string(m_params.lora.dropout));
    if (m_params.method == TrainMethod::Full)
        buildFull(weights);
    else
        buildLora(weights);
    resolveViews();
}

TrainableModel::~TrainableModel() = default;

int TrainableModel::addParameter(const std::string& name, std::vector<int64_t> ne, bool decay)
{
    Parameter p;
    p.name = name;
    int64_t n = 1;
    for (int64_t d : ne)
        n *= d;
    p.ne = std::move(ne);
    p.value.assign(size_t(n), 0.0f);
    p.grad.assign(size_t(n), 0.0f);
    p.decay = decay;
    m_parameters.push_back(std::move(p));
    return int(m_parameters.size()) - 1;
}

void TrainableModel::buildFull(const engine::ModelWeights& w)
{
    const engine::ModelConfig& c = m_config;
    auto matrixParam = [&](const std::string& name, const engine::WeightMatrix& m) {
        const int i = addParameter(name, {m.columns, m.rows}, true);
        m_parameters[size_t(i)].value = dequantizeMatrix(m);
        return i;
    };
    auto vectorParam = [&](const std::string& name, std::span<const float> v) {
        const int i = addParameter(name, {int64_t(v.size())}, false);
        std::copy(v.begin(), v.end(), m_parameters[size_t(i)].value.begin());
        return VectorRef{nullptr, i};
    };
    auto slot = [&](const std::string& name, const engine::WeightMatrix& m, std::span<const float> bias = {}) {
        auto s = std::make_unique<Slot>();
        s->name = name;
        s->rows = m.rows;
        s->cols = m.columns;
        s->weightParam = matrixParam(name, m);
        if (!bias.empty()) {
            const std::string biasName = name.substr(0, name.size() - std::string("weight").size()) + "bias";
            s->biasParam = vectorParam(biasName, bias).param;
        }
        s->index = m_slots.size();
        m_slots.push_back(std::move(s));
        return m_slots.back().get();
    };

    m_embeddingParam = matrixParam("token_embd.weight", w.tokenEmbedding());
    for (int64_t l = 0; l < c.layerCount; ++l) {
        const engine::LayerWeights& lw = w.layers()[size_t(l)];
        const std::string p = "blk." + std::to_string(l) + ".";
        Layer L;
        L.attnNorm = vectorParam(p + "attn_norm.weight", lw.attentionNorm);
        L.q = slot(p + "attn_q.weight", lw.wq, lw.bq);
        L.k = slot(p + "attn_k.weight", lw.wk, lw.bk);
        L.v = slot(p + "attn_v.weight", lw.wv, lw.bv);
        L.o = slot(p + "attn_output.weight", lw.wo);
        L.ffnNorm = vectorParam(p + "ffn_norm.weight", lw.ffnNorm);
        L.gate = slot(p + "ffn_gate.weight", lw.gate);
        L.up = slot(p + "ffn_up.weight", lw.up);
        L.down = slot(p + "ffn_down.weight", lw.down);
        m_layers.push_back(L);
    }
    m_outputNormParam = vectorParam("output_norm.weight", w.outputNorm()).param;
    if (w.tiedEmbeddings()) {
        // One tensor, two uses: the output's gradient lands in the embedding's.
        auto s = std::make_unique<Slot>();
        s->name = "output.weight";
        s->rows = c.vocabSize;
        s->cols = c.embeddingLength;
        s->weightParam = m_embeddingParam;
        s->index = m_slots.size();
        m_slots.push_back(std::move(s));
        m_output = m_slots.back().get();
    } else {
        m_output = slot("output.weight", w.output());
    }
}

void TrainableModel::buildLora(const engine::ModelWeights& w)
{
    const engine::ModelConfig& c = m_config;
    const int rank = m_params.lora.rank;
    uint64_t initKey = mix(m_params.seed ^ 0x4C6F5241ull);
    auto slot = [&](const std::string& name, const engine::WeightMatrix& m, std::span<const float> bias, bool adapt) {
        auto s = std::make_unique<Slot>();
        s->name = name;
        s->rows = m.rows;
        s->cols = m.columns;
        s->weight = MatrixView::engine(m);
        s->bias = bias.empty() ? nullptr : bias.data();
        if (adapt) {
            // A ~ U(-1/√n_in, 1/√n_in) (PEFT's Kaiming-uniform bound), B = 0: the adapted
            // model starts equal to the base.
            s->loraA = addParameter(name + ".lora_a", {m.columns, rank}, true);
            s->loraB = addParameter(name + ".lora_b", {rank, m.rows}, true);
            const float bound = 1.0f / std::sqrt(float(m.columns));
            for (float& a : m_parameters[size_t(s->loraA)].value)
                a = float((2.0 * uniform01(++initKey) - 1.0) * bound);
        }
        s->index = m_slots.size();
        m_slots.push_back(std::move(s));
        return m_slots.back().get();
    };

    m_embedding = MatrixView::engine(w.tokenEmbedding());
    const bool ffn = m_params.lora.ffn;
    for (int64_t l = 0; l < c.layerCount; ++l) {
        const engine::LayerWeights& lw = w.layers()[size_t(l)];
        const std::string p = "blk." + std::to_string(l) + ".";
        Layer L;
        L.attnNorm.frozen = lw.attentionNorm.data();
        L.q = slot(p + "attn_q.weight", lw.wq, lw.bq, true);
        L.k = slot(p + "attn_k.weight", lw.wk, lw.bk, true);
        L.v = slot(p + "attn_v.weight", lw.wv, lw.bv, true);
        L.o = slot(p + "attn_output.weight", lw.wo, {}, true);
        L.ffnNorm.frozen = lw.ffnNorm.data();
        L.gate = slot(p + "ffn_gate.weight", lw.gate, {}, ffn);
        L.up = slot(p + "ffn_up.weight", lw.up, {}, ffn);
        L.down = slot(p + "ffn_down.weight", lw.down, {}, ffn);
        m_layers.push_back(L);
    }
    m_outputNorm = w.outputNorm().data();
    if (m_params.lora.output && w.tiedEmbeddings())
        throw std::invalid_argument("LoRA on the output: this model's output shares token_embd.weight (tied "
                                    "embeddings), which an adapter cannot change apart from the input");
    m_output = slot(w.tiedEmbeddings() ? "token_embd.weight" : "output.weight", w.output(), {}, m_params.lora.output);
}

void TrainableModel::resolveViews()
{
    // Parameters no longer move: views into their values are safe from here on.
    for (auto& s : m_slots) {
        if (s->weightParam >= 0)
            s->weight = MatrixView::f32(m_parameters[size_t(s->weightParam)].value.data(), s->rows, s->cols);
        if (s->biasParam >= 0)
            s->bias = m_parameters[size_t(s->biasParam)].value.data();
    }
    if (m_embeddingParam >= 0)
        m_embedding = MatrixView::f32(m_parameters[size_t(m_embeddingParam)].value.data(), m_config.vocabSize,
                                      m_config.embeddingLength);
    if (m_outputNormParam >= 0)
        m_outputNorm = m_parameters[size_t(m_outputNormParam)].value.data();
    for (Layer& L : m_layers)
        for (VectorRef* v : {&L.attnNorm, &L.ffnNorm})
            if (v->param >= 0)
                v->frozen = m_parameters[size_t(v->param)].value.data();
}

Parameter* TrainableModel::findParameter(const std::string& name)
{
    for (Parameter& p : m_parameters)
        if (p.name == name)
            return &p;
    return nullptr;
}

int64_t TrainableModel::trainableParameterCount() const
{
    int64_t n = 0;
    for (const Parameter& p : m_parameters)
        n += p.size();
    return n;
}

void TrainableModel::zeroGradients()
{
    for (Parameter& p : m_parameters)
        std::fill(p.grad.begin(), p.grad.end(), 0.0f);
}

float TrainableModel::loraScale() const
{
    return m_params.lora.alpha == 0.0f ? 1.0f : m_params.lora.alpha / float(m_params.lora.rank);
}

std::vector<std::string> TrainableModel::adaptedWeights() const
{
    std::vector<std::string> out;
    for (const auto& s : m_slots)
        if (s->loraA >= 0)
            out.push_back(s->name);
    return out;
}

void TrainableModel::slotForward(Slot& s, const float* x, int64_t nTok, float* y, bool train, uint64_t stepIndex)
{
    linearForward(*m_pool, s.weight, x, nTok, y, s.bias);
    if (s.loraA < 0)
        return;
    const int64_t rank = m_params.lora.rank;
    const size_t n = size_t(nTok) * size_t(s.cols);
    const float p = train ? m_params.lora.dropout : 0.0f;
    const float* input = x;
    if (p > 0.0f) {
        // Inverted dropout: kept inputs are scaled by 1/(1-p) so the expectation is unchanged.
        s.dropped.resize(n);
        s.maskBase = mix(mix(m_params.seed + stepIndex) + s.index) * 0x100000000ull;
        const float keep = 1.0f / (1.0f - p);
        for (size_t i = 0; i < n; ++i)
            s.dropped[i] = uniform01(s.maskBase + i) < double(p) ? 0.0f : x[i] * keep;
        input = s.dropped.data();
    } else {
        s.dropped.clear();
    }
    const Parameter& a = m_parameters[size_t(s.loraA)];
    const Parameter& b = m_parameters[size_t(s.loraB)];
    s.ax.resize(size_t(nTok) * size_t(rank));
    linearForward(*m_pool, MatrixView::f32(a.value.data(), rank, s.cols), input, nTok, s.ax.data());
    std::vector<float> delta(size_t(nTok) * size_t(s.rows));
    linearForward(*m_pool, MatrixView::f32(b.value.data(), s.rows, rank), s.ax.data(), nTok, delta.data());
    const float scale = loraScale();
    for (size_t i = 0; i < delta.size(); ++i)
        y[i] += scale * delta[i];
}

void TrainableModel::slotBackward(Slot& s, const float* x, const float* dy, int64_t nTok, float* dx)
{
    linearBackwardInput(*m_pool, s.weight, dy, nTok, dx);
    if (s.weightParam >= 0)
        linearBackwardWeight(*m_pool, dy, x, nTok, s.rows, s.cols, m_parameters[size_t(s.weightParam)].grad.data());
    if (s.biasParam >= 0)
        biasBackward(dy, nTok, s.rows, m_parameters[size_t(s.biasParam)].grad.data());
    if (s.loraA < 0)
        return;
    const int64_t rank = m_params.lora.rank;
    Parameter& a = m_parameters[size_t(s.loraA)];
    Parameter& b = m_parameters[size_t(s.loraB)];
    const float scale = loraScale();
    std::vector<float> dyScaled(size_t(nTok) * size_t(s.rows));
    for (size_t i = 0; i < dyScaled.size(); ++i)
        dyScaled[i] = scale * dy[i];
    linearBackwardWeight(*m_pool, dyScaled.data(), s.ax.data(), nTok, s.rows, rank, b.grad.data());
    std::vector<float> dax(size_t(nTok) * size_t(rank), 0.0f);
    linearBackwardInput(*m_pool, MatrixView::f32(b.value.data(), s.rows, rank), dyScaled.data(), nTok, dax.data());
    const float* input = s.dropped.empty() ? x : s.dropped.data();
    linearBackwardWeight(*m_pool, dax.data(), input, nTok, rank, s.cols, a.grad.data());
    const MatrixView av = MatrixView::f32(a.value.data(), rank, s.cols);
    if (s.dropped.empty()) {
        linearBackwardInput(*m_pool, av, dax.data(), nTok, dx);
        return;
    }
    std::vector<float> dDropped(size_t(nTok) * size_t(s.cols), 0.0f);
    linearBackwardInput(*m_pool, av, dax.data(), nTok, dDropped.data());
    const float p = m_params.lora.dropout;
    const float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < dDropped.size(); ++i)
        if (uniform01(s.maskBase + i) >= double(p)) // the forward pass's mask, recomputed
            dx[i] += dDropped[i] * keep;
}

double TrainableModel::step(const TrainBatch& batch, float gradScale, StepMode mode, uint64_t stepIndex)
{
    const engine::ModelConfig& c = m_config;
    const int64_t T = batch.size();
    if (T == 0)
        return 0.0;
    const bool train = mode == StepMode::Train;
    const size_t D = size_t(c.embeddingLength), V = size_t(c.vocabSize);
    const size_t qDim = size_t(c.headCount * c.headDimK), kDim = size_t(c.headCountKv * c.headDimK);
    const size_t vDim = size_t(c.headCountKv * c.headDimV), aDim = size_t(c.headCount * c.headDimV);
    const size_t t = size_t(T);
    const AttentionShape shape{c.headCount, c.headCountKv, c.headDimK, c.headDimV};
    Activations& A = *m_act;
    A.layers.resize(m_layers.size());

    std::vector<float> x(t * D), tmp(t * D);
    embeddingForward(m_embedding, batch.tokens.data(), T, x.data());
    for (size_t l = 0; l < m_layers.size(); ++l) {
        Layer& L = m_layers[l];
        Activations::PerLayer& a = A.layers[l];
        const size_t F = size_t(L.gate->rows);
        a.xIn = x;
        a.h1.resize(t * D);
        a.inv1.resize(t);
        rmsNormForward(x.data(), L.attnNorm.frozen, T, int64_t(D), c.rmsEpsilon, a.h1.data(), a.inv1.data());
        a.q.resize(t * qDim);
        a.k.resize(t * kDim);
        a.v.resize(t * vDim);
        slotForward(*L.q, a.h1.data(), T, a.q.data(), train, stepIndex);
        slotForward(*L.k, a.h1.data(), T, a.k.data(), train, stepIndex);
        slotForward(*L.v, a.h1.data(), T, a.v.data(), train, stepIndex);
        m_rope.apply(a.q.data(), T, c.headCount, c.headDimK, batch.positions.data());
        m_rope.apply(a.k.data(), T, c.headCountKv, c.headDimK, batch.positions.data());
        a.att.resize(t * aDim);
        a.lse.resize(t * size_t(c.headCount));
        attentionForward(*m_pool, shape, batch.segments, a.q.data(), a.k.data(), a.v.data(), a.att.data(), a.lse.data());
        slotForward(*L.o, a.att.data(), T, tmp.data(), train, stepIndex);
        addInto(x, tmp, t * D);
        a.xMid = x;
        a.h2.resize(t * D);
        a.inv2.resize(t);
        rmsNormForward(x.data(), L.ffnNorm.frozen, T, int64_t(D), c.rmsEpsilon, a.h2.data(), a.inv2.data());
        a.gate.resize(t * F);
        a.up.resize(t * F);
        a.act.resize(t * F);
        slotForward(*L.gate, a.h2.data(), T, a.gate.data(), train, stepIndex);
        slotForward(*L.up, a.h2.data(), T, a.up.data(), train, stepIndex);
        swiGluForward(a.gate.data(), a.up.data(), int64_t(t * F), a.act.data());
        slotForward(*L.down, a.act.data(), T, tmp.data(), train, stepIndex);
        addInto(x, tmp, t * D);
    }
    A.xFinal = x;
    A.hFinal.resize(t * D);
    A.invFinal.resize(t);
    rmsNormForward(x.data(), m_outputNorm, T, int64_t(D), c.rmsEpsilon, A.hFinal.data(), A.invFinal.data());
    m_logits.resize(t * V);
    slotForward(*m_output, A.hFinal.data(), T, m_logits.data(), train, stepIndex);
    A.dLogits.resize(train ? t * V : 0);
    const double loss = crossEntropy(*m_pool, m_logits.data(), T, int64_t(V), batch.targets.data(), batch.weights.data(),
                                     gradScale, train ? A.dLogits.data() : nullptr);
    if (!train)
        return loss;

    // ---- backward ----------------------------------------------------------------------
    auto gradOf = [&](int param) { return param >= 0 ? m_parameters[size_t(param)].grad.data() : nullptr; };
    std::vector<float> dh(t * D, 0.0f), dx(t * D, 0.0f);
    slotBackward(*m_output, A.hFinal.data(), A.dLogits.data(), T, dh.data());
    rmsNormBackward(A.xFinal.data(), m_outputNorm, A.invFinal.data(), dh.data(), T, int64_t(D), dx.data(),
                    gradOf(m_outputNormParam));
    for (size_t l = m_layers.size(); l-- > 0;) {
        Layer& L = m_layers[l];
        Activations::PerLayer& a = A.layers[l];
        const size_t F = size_t(L.gate->rows);
        // FFN: dx is the gradient of the layer's output residual.
        std::vector<float> dAct(t * F, 0.0f), dGate(t * F, 0.0f), dUp(t * F, 0.0f);
        slotBackward(*L.down, a.act.data(), dx.data(), T, dAct.data());
        swiGluBackward(a.gate.data(), a.up.data(), dAct.data(), int64_t(t * F), dGate.data(), dUp.data());
        std::fill(dh.begin(), dh.end(), 0.0f);
        slotBackward(*L.gate, a.h2.data(), dGate.data(), T, dh.data());
        slotBackward(*L.up, a.h2.data(), dUp.data(), T, dh.data());
        rmsNormBackward(a.xMid.data(), L.ffnNorm.frozen, a.inv2.data(), dh.data(), T, int64_t(D), dx.data(),
                        gradOf(L.ffnNorm.param));
        // Attention: dx is now the gradient of the residual after attention.
        std::vector<float> dAtt(t * aDim, 0.0f), dq(t * qDim, 0.0f), dk(t * kDim, 0.0f), dv(t * vDim, 0.0f);
        slotBackward(*L.o, a.att.data(), dx.data(), T, dAtt.data());
        attentionBackward(*m_pool, shape, batch.segments, a.q.data(), a.k.data(), a.v.data(), a.att.data(), a.lse.data(),
                          dAtt.data(), dq.data(), dk.data(), dv.data());
        m_rope.applyInverse(dq.data(), T, c.headCount, c.headDimK, batch.positions.data());
        m_rope.applyInverse(dk.data(), T, c.headCountKv, c.headDimK, batch.positions.data());
        std::fill(dh.begin(), dh.end(), 0.0f);
        slotBackward(*L.q, a.h1.data(), dq.data(), T, dh.data());
        slotBackward(*L.k, a.h1.data(), dk.data(), T, dh.data());
        slotBackward(*L.v, a.h1.data(), dv.data(), T, dh.data());
        rmsNormBackward(a.xIn.data(), L.attnNorm.frozen, a.inv1.data(), dh.data(), T, int64_t(D), dx.data(),
                        gradOf(L.attnNorm.param));
    }
    if (m_embeddingParam >= 0)
        embeddingBackward(batch.tokens.data(), T, int64_t(D), dx.data(), gradOf(m_embeddingParam));
    return loss;
}

std::vector<float> TrainableModel::trainedTensor(const std::string& name) const
{
    for (const Parameter& p : m_parameters)
        if (p.name == name)
            return p.value;
    for (const auto& s : m_slots) {
        if (s->name != name || s->loraA < 0)
            continue;
        std::vector<float> scratch;
        const float* base = s->weight.readRows(0, s->rows, scratch);
        std::vector<float> out(base, base + size_t(s->rows) * size_t(s->cols));
        const Parameter& a = m_parameters[size_t(s->loraA)];
        const Parameter& b = m_parameters[size_t(s->loraB)];
        const int64_t rank = m_params.lora.rank;
        const float scale = loraScale();
        for (int64_t r = 0; r < s->rows; ++r) // W[r] += s · Σ_k B[r][k] · A[k]
            for (int64_t k = 0; k < rank; ++k) {
                const float coef = scale * b.value[size_t(r * rank + k)];
                for (int64_t i = 0; i < s->cols; ++i)
                    out[size_t(r * s->cols + i)] += coef * a.value[size_t(k * s->cols + i)];
            }
        return out;
    }
    return {};
}

} // namespace triad::train
