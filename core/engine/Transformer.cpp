#include "core/engine/Transformer.h"

#include "core/engine/Dequantize.h"
#include "core/engine/Kernels.h"
#include "core/engine/LoraAdapter.h"
#include "core/engine/ModelWeights.h"
#include "core/engine/ThreadPool.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>

namespace triad::engine {

namespace {

/** Queries whose attention rows are computed together (one kernel tile). */
constexpr int kQueryGroup = 4;

int resolveThreads(int requested)
{
    if (requested > 0)
        return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : int(hw);
}

/** y = x / sqrt(mean(x²) + eps) * w for one row. */
void rmsNorm(const float* x, const float* w, float* y, int64_t n, float eps)
{
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i)
        sum += double(x[i]) * double(x[i]);
    const float scale = float(1.0 / std::sqrt(sum / double(n) + double(eps)));
    for (int64_t i = 0; i < n; ++i)
        y[i] = x[i] * scale * w[i];
}

void addBias(float* y, std::span<const float> bias, int nTok)
{
    if (bias.empty())
        return;
    for (int t = 0; t < nTok; ++t)
        for (size_t i = 0; i < bias.size(); ++i)
            y[size_t(t) * bias.size() + i] += bias[i];
}

} // namespace

Transformer::Transformer(const ModelConfig& config, const ModelWeights& weights, const TransformerParams& params)
    : m_config(config)
    , m_weights(weights)
    , m_params(params)
    , m_pool(std::make_unique<ThreadPool>(resolveThreads(params.threadCount)))
    , m_cache(config.layerCount, config.headCountKv, config.headDimK, config.headDimV,
              std::max<int64_t>(1, params.contextLength), params.kvCacheType)
{
    if (m_params.batchSize < 1)
        m_params.batchSize = 1;
    const int64_t pairs = m_config.ropeDimensions / 2;
    const std::span<const float> factors = weights.ropeFrequencyFactors();
    m_ropeInvFreq.resize(size_t(pairs));
    for (int64_t i = 0; i < pairs; ++i) {
        double f = std::pow(double(m_config.ropeFreqBase), -2.0 * double(i) / double(m_config.ropeDimensions));
        if (!factors.empty())
            f /= double(factors[size_t(i)]);
        m_ropeInvFreq[size_t(i)] = float(f / double(m_config.ropeLinearScale));
    }
}

Transformer::~Transformer() = default;

size_t Transformer::scratchBytes() const
{
    size_t floats = 0;
    for (const std::vector<float>* v : {&m_x, &m_h, &m_q, &m_k, &m_v, &m_attn, &m_gate, &m_up, &m_scores, &m_embdRow,
                                        &m_loraHidden, &m_loraDelta})
        floats += v->capacity();
    return floats * sizeof(float) + m_matmul.scratchBytes() + m_loraMatmul.scratchBytes();
}

void Transformer::ensureScratch(int nTok)
{
    if (nTok <= m_scratchTokens)
        return;
    const ModelConfig& c = m_config;
    const size_t t = size_t(nTok);
    m_x.resize(t * size_t(c.embeddingLength));
    m_h.resize(t * size_t(c.embeddingLength));
    m_q.resize(t * size_t(c.headCount * c.headDimK));
    m_k.resize(t * size_t(c.headCountKv * c.headDimK));
    m_v.resize(t * size_t(c.headCountKv * c.headDimV));
    m_attn.resize(t * size_t(std::max(c.headCount * c.headDimV, c.embeddingLength)));
    m_gate.resize(t * size_t(c.maxFeedForwardLength()));
    m_up.resize(t * size_t(c.maxFeedForwardLength()));
    m_scratchTokens = nTok;
}

void Transformer::setAdapter(std::shared_ptr<const LoraAdapter> adapter, float userScale)
{
    if (adapter == m_adapter && userScale == m_adapterScale)
        return;
    if (!std::isfinite(userScale))
        throw ModelError("adapter scale " + std::to_string(userScale) + " is not a finite number");
    if (adapter) {
        // An adapter read against another base would index past these weights.
        const std::string who = "adapter " + adapter->path() + ": ";
        for (const LoraMatrices& m : adapter->matrices()) {
            if (m.role == LinearRole::Output && m_weights.tiedEmbeddings())
                throw ModelError(who + "changes output.weight but this model's output shares token_embd.weight");
            if (m.role != LinearRole::Output && m.layer >= m_config.layerCount)
                throw ModelError(who + "changes " + m.weightName + " but this model has " +
                                 std::to_string(m_config.layerCount) + " layers");
            const WeightMatrix& w = m_weights.weight(m.role, m.layer);
            if (m.a.columns != w.columns || m.b.rows != w.rows)
                throw ModelError(who + m.weightName + " is [" + std::to_string(m.a.columns) + ", " +
                                 std::to_string(m.b.rows) + "] in the adapter but [" + std::to_string(w.columns) + ", " +
                                 std::to_string(w.rows) + "] in this model");
        }
    }
    m_adapter = std::move(adapter);
    m_adapterScale = userScale;
    // Keys and values in the cache came from other weights: nothing may be reused.
    m_cache.truncate(0);
}

void Transformer::linear(int64_t layer, std::initializer_list<LinearTarget> targets, const float* x, int nTok)
{
    // One job for all products: x is quantized once and the threads balance across them.
    std::array<MatMulTarget, 3> products{};
    size_t n = 0;
    for (const LinearTarget& t : targets)
        products[n++] = MatMulTarget{t.weight, t.out};
    m_matmul.multiplyMany(*m_pool, std::span<const MatMulTarget>(products.data(), n), x, nTok);
    if (!m_adapter)
        return;

    // The adapted products: every A·x shares x, so they are one job (x read once, one
    // dispatch); each B then multiplies its own (nTok x r) hidden rows.
    std::array<const LoraMatrices*, 3> loras{};
    std::array<const LinearTarget*, 3> adaptedTargets{};
    std::array<size_t, 3> hiddenOffset{};
    std::array<MatMulTarget, 3> down{};
    size_t adapted = 0, hiddenFloats = 0;
    for (const LinearTarget& t : targets) {
        const LoraMatrices* lora = m_adapter->find(t.role, layer);
        if (!lora || lora->scale * m_adapterScale == 0.0f)
            continue;
        loras[adapted] = lora;
        adaptedTargets[adapted] = &t;
        hiddenOffset[adapted] = hiddenFloats;
        hiddenFloats += size_t(nTok) * size_t(lora->rank);
        ++adapted;
    }
    if (adapted == 0)
        return;
    if (m_loraHidden.size() < hiddenFloats)
        m_loraHidden.resize(hiddenFloats);
    for (size_t i = 0; i < adapted; ++i)
        down[i] = MatMulTarget{&loras[i]->a, m_loraHidden.data() + hiddenOffset[i]};
    m_loraMatmul.multiplyMany(*m_pool, std::span<const MatMulTarget>(down.data(), adapted), x, nTok);

    for (size_t i = 0; i < adapted; ++i)
        addLoraDelta(*loras[i], m_loraHidden.data() + hiddenOffset[i], nTok, adaptedTargets[i]->out,
                     adaptedTargets[i]->weight->rows);
}

void Transformer::addLoraDelta(const LoraMatrices& lora, float* hidden, int nTok, float* y, int64_t outDim)
{
    // s applied to the r-wide hidden rows, not to the n_out-wide result.
    const float s = lora.scale * m_adapterScale;
    const size_t hiddenFloats = size_t(nTok) * size_t(lora.rank);
    for (size_t i = 0; i < hiddenFloats; ++i)
        hidden[i] *= s;
    const size_t outFloats = size_t(nTok) * size_t(outDim);
    if (m_loraDelta.size() < outFloats)
        m_loraDelta.resize(outFloats);
    // (nTok x n_out) = B·(s·A·x)
    m_loraMatmul.multiply(*m_pool, lora.b, hidden, nTok, m_loraDelta.data());
    for (size_t i = 0; i < outFloats; ++i)
        y[i] += m_loraDelta[i];
}

void Transformer::applyRope(float* v, int64_t heads, int64_t headDim, int64_t pos) const
{
    const int64_t pairs = m_config.ropeDimensions / 2;
    for (int64_t i = 0; i < pairs; ++i) {
        const float theta = float(pos) * m_ropeInvFreq[size_t(i)];
        const float cs = std::cos(theta), sn = std::sin(theta);
        for (int64_t h = 0; h < heads; ++h) {
            float* row = v + h * headDim;
            const int64_t a = m_config.ropeStyle == RopeStyle::Neox ? i : 2 * i;
            const int64_t b = m_config.ropeStyle == RopeStyle::Neox ? i + pairs : 2 * i + 1;
            const float x0 = row[a], x1 = row[b];
            row[a] = x0 * cs - x1 * sn;
            row[b] = x0 * sn + x1 * cs;
        }
    }
}

void Transformer::attention(int64_t layer, int nTok, int64_t startPos)
{
    const ModelConfig& c = m_config;
    const int64_t ctx = m_cache.contextLength();
    const int64_t qStride = c.headCount * c.headDimK;
    const int64_t outStride = c.headCount * c.headDimV;
    const int64_t groupSize = c.headCount / c.headCountKv;
    const float scale = 1.0f / std::sqrt(float(c.headDimK));
    const TypeKernel& dot = kernels().forType(m_cache.elementType());
    const int groups = (nTok + kQueryGroup - 1) / kQueryGroup;
    const size_t scoresPerThread = size_t(kQueryGroup) * size_t(ctx);
    m_scores.resize(scoresPerThread * size_t(m_pool->threadCount()));

    m_pool->parallelFor(c.headCount * groups, 1, [&](int64_t begin, int64_t end, int thread) {
        float* scores = m_scores.data() + size_t(thread) * scoresPerThread;
        for (int64_t task = begin; task < end; ++task) {
            const int64_t head = task / groups;
            const int i0 = int(task % groups) * kQueryGroup;
            const int nq = std::min(kQueryGroup, nTok - i0);
            const int64_t kvHead = head / groupSize;
            const int64_t length = startPos + i0 + nq; // positions the last query sees
            // scores[q][t] = K[t] · Q[q]
            dot.dot(c.headDimK, m_cache.keyRow(layer, kvHead, 0), m_cache.keyRowBytes(), int(length),
                    m_q.data() + size_t(i0) * size_t(qStride) + size_t(head * c.headDimK), size_t(qStride) * sizeof(float),
                    nq, scores, size_t(ctx));
            for (int q = 0; q < nq; ++q) {
                float* row = scores + size_t(q) * size_t(ctx);
                const int64_t visible = startPos + i0 + q + 1; // causal mask
                float max = -INFINITY;
                for (int64_t t = 0; t < visible; ++t) {
                    row[t] *= scale;
                    max = std::max(max, row[t]);
                }
                double sum = 0.0;
                for (int64_t t = 0; t < visible; ++t) {
                    row[t] = std::exp(row[t] - max);
                    sum += row[t];
                }
                const float inv = float(1.0 / sum);
                for (int64_t t = 0; t < visible; ++t)
                    row[t] *= inv;
                for (int64_t t = visible; t < length; ++t)
                    row[t] = 0.0f;
            }
            // out[q][d] = Σ_t p[q][t] · V[d][t]   (values are stored transposed)
            dot.dot(length, m_cache.valueRow(layer, kvHead, 0), m_cache.valueRowBytes(), int(c.headDimV), scores,
                    size_t(ctx) * sizeof(float), nq, m_attn.data() + size_t(i0) * size_t(outStride) + size_t(head * c.headDimV),
                    size_t(outStride));
        }
    });
}

void Transformer::evaluateBatch(std::span<const int32_t> tokens, int64_t startPos, LogitsMode mode, float* logits)
{
    const ModelConfig& c = m_config;
    const int nTok = int(tokens.size());
    const int64_t dim = c.embeddingLength;
    ensureScratch(nTok);

    const WeightMatrix& embd = m_weights.tokenEmbedding();
    for (int t = 0; t < nTok; ++t) {
        const int32_t id = tokens[size_t(t)];
        if (id < 0 || id >= c.vocabSize)
            throw std::out_of_range("token id " + std::to_string(id) + " is outside the vocabulary (" +
                                    std::to_string(c.vocabSize) + " tokens)");
        dequantizeRow(embd.type, embd.data + size_t(id) * embd.rowBytes, m_x.data() + size_t(t) * size_t(dim), dim);
    }

    const int64_t qDim = c.headCount * c.headDimK, kDim = c.headCountKv * c.headDimK;
    const int64_t vDim = c.headCountKv * c.headDimV;
    for (int64_t l = 0; l < c.layerCount; ++l) {
        const LayerWeights& lw = m_weights.layers()[size_t(l)];
        const int64_t ff = c.feedForwardLength[size_t(l)];
        for (int t = 0; t < nTok; ++t)
            rmsNorm(&m_x[size_t(t) * size_t(dim)], lw.attentionNorm.data(), &m_h[size_t(t) * size_t(dim)], dim, c.rmsEpsilon);

        linear(l, {{LinearRole::AttnQ, &lw.wq, m_q.data()}, {LinearRole::AttnK, &lw.wk, m_k.data()},
                   {LinearRole::AttnV, &lw.wv, m_v.data()}},
               m_h.data(), nTok);
        addBias(m_q.data(), lw.bq, nTok);
        addBias(m_k.data(), lw.bk, nTok);
        addBias(m_v.data(), lw.bv, nTok);
        for (int t = 0; t < nTok; ++t) {
            applyRope(&m_q[size_t(t) * size_t(qDim)], c.headCount, c.headDimK, startPos + t);
            applyRope(&m_k[size_t(t) * size_t(kDim)], c.headCountKv, c.headDimK, startPos + t);
            m_cache.store(l, startPos + t, &m_k[size_t(t) * size_t(kDim)], &m_v[size_t(t) * size_t(vDim)]);
        }
        attention(l, nTok, startPos);

        linear(l, {{LinearRole::AttnOutput, &lw.wo, m_h.data()}}, m_attn.data(), nTok);
        for (size_t i = 0; i < size_t(nTok) * size_t(dim); ++i)
            m_x[i] += m_h[i];

        for (int t = 0; t < nTok; ++t)
            rmsNorm(&m_x[size_t(t) * size_t(dim)], lw.ffnNorm.data(), &m_h[size_t(t) * size_t(dim)], dim, c.rmsEpsilon);
        linear(l, {{LinearRole::FfnGate, &lw.gate, m_gate.data()}, {LinearRole::FfnUp, &lw.up, m_up.data()}}, m_h.data(),
               nTok);
        const SwiGluFn swiGlu = kernels().swiGlu;
        if (nTok == 1) {
            swiGlu(m_gate.data(), m_up.data(), ff); // a dispatch costs more than this row
        } else {
            m_pool->parallelFor(nTok, 8, [&](int64_t b, int64_t e, int) {
                swiGlu(m_gate.data() + size_t(b) * size_t(ff), m_up.data() + size_t(b) * size_t(ff), (e - b) * ff);
            });
        }
        linear(l, {{LinearRole::FfnDown, &lw.down, m_h.data()}}, m_gate.data(), nTok);
        for (size_t i = 0; i < size_t(nTok) * size_t(dim); ++i)
            m_x[i] += m_h[i];
    }

    if (!logits)
        return;
    const int first = mode == LogitsMode::AllPositions ? 0 : nTok - 1;
    const int count = nTok - first;
    for (int t = first; t < nTok; ++t)
        rmsNorm(&m_x[size_t(t) * size_t(dim)], m_weights.outputNorm().data(), &m_h[size_t(t - first) * size_t(dim)], dim,
                c.rmsEpsilon);
    linear(-1, {{LinearRole::Output, &m_weights.output(), logits}}, m_h.data(), count);
}

void Transformer::evaluate(std::span<const int32_t> tokens, LogitsMode mode, std::vector<float>& logits)
{
    if (tokens.empty())
        throw std::invalid_argument("evaluate: no tokens");
    const int64_t start = m_cache.size();
    if (start + int64_t(tokens.size()) > m_cache.contextLength())
        throw std::out_of_range("context of " + std::to_string(m_cache.contextLength()) + " tokens exceeded (" +
                                std::to_string(start) + " cached + " + std::to_string(tokens.size()) + " new)");
    const size_t vocab = size_t(m_config.vocabSize);
    logits.resize(mode == LogitsMode::AllPositions ? tokens.size() * vocab : vocab);
    const size_t batch = size_t(m_params.batchSize);
    for (size_t b = 0; b < tokens.size(); b += batch) {
        const std::span<const int32_t> part = tokens.subspan(b, std::min(batch, tokens.size() - b));
        const bool last = b + part.size() == tokens.size();
        float* out = nullptr;
        if (mode == LogitsMode::AllPositions)
            out = logits.data() + b * vocab;
        else if (last)
            out = logits.data();
        evaluateBatch(part, m_cache.size(), mode, out);
        m_cache.append(part);
    }
}

int64_t Transformer::evaluateWithReuse(std::span<const int32_t> tokens, std::vector<float>& lastLogits)
{
    if (tokens.empty())
        throw std::invalid_argument("evaluate: no tokens");
    // Keep at least one token to evaluate: its logits are what the caller wants.
    const int64_t reuse = std::min<int64_t>(m_cache.commonPrefix(tokens), int64_t(tokens.size()) - 1);
    m_cache.truncate(reuse);
    evaluate(tokens.subspan(size_t(reuse)), LogitsMode::LastPosition, lastLogits);
    return reuse;
}

} // namespace triad::engine
