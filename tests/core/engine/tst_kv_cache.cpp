// KV cache prefix reuse: evaluating a sequence on top of a cached prefix must give the same
// logits as computing it from scratch, and only the new suffix may be evaluated.

#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Kernels.h"
#include "core/engine/ModelConfig.h"
#include "core/engine/ModelWeights.h"
#include "core/engine/Quantize.h"
#include "core/engine/Transformer.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace triad::engine;

namespace {

/** A tiny random llama or qwen2 model (dim 64, 2 layers, GQA 4/2), as GGUF bytes. */
std::vector<uint8_t> tinyModel(const std::string& arch, GgmlType type)
{
    const int64_t dim = 64, ff = 128, vocab = 96, heads = 4, kvHeads = 2, layers = 2;
    GgufWriter w;
    w.setString("general.architecture", arch);
    w.setU32(arch + ".context_length", 128);
    w.setU32(arch + ".embedding_length", uint32_t(dim));
    w.setU32(arch + ".block_count", uint32_t(layers));
    w.setU32(arch + ".feed_forward_length", uint32_t(ff));
    w.setU32(arch + ".attention.head_count", uint32_t(heads));
    w.setU32(arch + ".attention.head_count_kv", uint32_t(kvHeads));
    w.setF32(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
    w.setU32(arch + ".vocab_size", uint32_t(vocab));
    std::mt19937 rng(5);
    std::normal_distribution<float> g(0.0f, 0.1f);
    auto matrix = [&](const std::string& name, int64_t cols, int64_t rows) {
        std::vector<float> f(static_cast<size_t>(cols * rows));
        for (float& x : f)
            x = g(rng);
        std::vector<uint8_t> bytes(ggmlRowBytes(type, cols) * size_t(rows));
        for (int64_t r = 0; r < rows; ++r)
            quantizeRow(type, f.data() + r * cols, bytes.data() + size_t(r) * ggmlRowBytes(type, cols), cols);
        w.addTensor(name, type, {cols, rows}, bytes);
    };
    auto vec = [&](const std::string& name, int64_t n, float base) {
        std::vector<float> f(static_cast<size_t>(n));
        for (float& x : f)
            x = base + g(rng);
        w.addTensor(name, GgmlType::F32, {n}, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(f.data()), f.size() * 4));
    };
    matrix("token_embd.weight", dim, vocab);
    vec("output_norm.weight", dim, 1.0f);
    matrix("output.weight", dim, vocab);
    for (int l = 0; l < layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        vec(b + "attn_norm.weight", dim, 1.0f);
        vec(b + "ffn_norm.weight", dim, 1.0f);
        matrix(b + "attn_q.weight", dim, dim);
        matrix(b + "attn_k.weight", dim, dim / heads * kvHeads);
        matrix(b + "attn_v.weight", dim, dim / heads * kvHeads);
        matrix(b + "attn_output.weight", dim, dim);
        matrix(b + "ffn_gate.weight", dim, ff);
        matrix(b + "ffn_up.weight", dim, ff);
        matrix(b + "ffn_down.weight", ff, dim);
        if (arch == "qwen2") {
            vec(b + "attn_q.bias", dim, 0.0f);
            vec(b + "attn_k.bias", dim / heads * kvHeads, 0.0f);
            vec(b + "attn_v.bias", dim / heads * kvHeads, 0.0f);
        }
    }
    return w.toBytes();
}

struct Tiny {
    std::vector<uint8_t> bytes;
    std::unique_ptr<GgufFile> file;
    ModelConfig config;
    std::unique_ptr<ModelWeights> weights;

    Tiny(const std::string& arch, GgmlType type)
        : bytes(tinyModel(arch, type))
        , file(GgufFile::openMemory(bytes, "tiny.gguf"))
        , config(ModelConfig::fromGguf(*file))
        , weights(std::make_unique<ModelWeights>(*file, config, kernels()))
    {
    }
    std::unique_ptr<Transformer> context(KvCacheType kv, int batch = 256)
    {
        TransformerParams p;
        p.contextLength = 64;
        p.kvCacheType = kv;
        p.threadCount = 2;
        p.batchSize = batch;
        return std::make_unique<Transformer>(config, *weights, p);
    }
};

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, double(std::fabs(a[i] - b[i])));
    return m;
}

} // namespace

class TestKvCache : public QObject {
    Q_OBJECT
private slots:
    void prefixReuseMatchesRecompute_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("kv");
        for (const char* arch : {"llama", "qwen2"}) {
            QTest::addRow("%s/f32", arch) << QString(arch) << int(KvCacheType::F32);
            QTest::addRow("%s/f16", arch) << QString(arch) << int(KvCacheType::F16);
        }
    }
    void prefixReuseMatchesRecompute()
    {
        QFETCH(QString, arch);
        QFETCH(int, kv);
        Tiny m(arch.toStdString(), GgmlType::Q8_0);
        const std::vector<int32_t> first{1, 17, 42, 8, 33, 5};
        const std::vector<int32_t> second{1, 17, 42, 8, 33, 5, 60, 2, 91};   // extends the first
        const std::vector<int32_t> divergent{1, 17, 42, 70, 12};             // shares 3 tokens

        std::vector<float> fresh, reused;
        auto ref = m.context(KvCacheType(kv));
        ref->evaluate(second, LogitsMode::LastPosition, fresh);

        auto ctx = m.context(KvCacheType(kv));
        std::vector<float> ignored;
        QCOMPARE(ctx->evaluateWithReuse(first, ignored), int64_t(0));
        QCOMPARE(ctx->evaluateWithReuse(second, reused), int64_t(first.size()));
        QCOMPARE(ctx->cache().size(), int64_t(second.size()));
        QVERIFY2(maxAbsDiff(fresh, reused) < 1e-5, qPrintable(QStringLiteral("reused prefix differs by %1").arg(maxAbsDiff(fresh, reused))));

        // A prompt that diverges after 3 tokens reuses exactly those 3.
        std::vector<float> freshDiv, reusedDiv;
        m.context(KvCacheType(kv))->evaluate(divergent, LogitsMode::LastPosition, freshDiv);
        QCOMPARE(ctx->evaluateWithReuse(divergent, reusedDiv), int64_t(3));
        QVERIFY2(maxAbsDiff(freshDiv, reusedDiv) < 1e-5, "logits after a divergent suffix differ from a fresh run");

        // The same prompt again: everything but the last token is reused (its logits are needed).
        QCOMPARE(ctx->evaluateWithReuse(divergent, reusedDiv), int64_t(divergent.size() - 1));
        QVERIFY(maxAbsDiff(freshDiv, reusedDiv) < 1e-5);
    }

    void batchingDoesNotChangeResults_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("singleTolerance");
        // Batches of 2 or more tokens all take the GEMM kernels, whose per-token arithmetic
        // does not depend on the batch: equal to float rounding. One token at a time takes
        // the decoding kernels, which sum in another order; with quantized activations a
        // rounding difference can flip one activation by a quantization step (about 1% of
        // its block's largest value), so Q8_0 only bounds that, F32 weights show the order.
        QTest::newRow("q8_0") << int(GgmlType::Q8_0) << 0.1;
        QTest::newRow("f32") << int(GgmlType::F32) << 1e-4;
    }

    void batchingDoesNotChangeResults()
    {
        QFETCH(int, type);
        QFETCH(double, singleTolerance);
        // Prompt processing in batches of 3 (and one token at a time) equals one batch.
        Tiny m("llama", GgmlType(type));
        const std::vector<int32_t> tokens{3, 9, 27, 81, 50, 60, 70, 11};
        std::vector<float> whole, batched, single;
        m.context(KvCacheType::F32)->evaluate(tokens, LogitsMode::AllPositions, whole);
        m.context(KvCacheType::F32, 3)->evaluate(tokens, LogitsMode::AllPositions, batched);
        auto one = m.context(KvCacheType::F32);
        std::vector<float> step;
        for (int32_t t : tokens) {
            one->evaluate(std::span<const int32_t>(&t, 1), LogitsMode::LastPosition, step);
            single.insert(single.end(), step.begin(), step.end());
        }
        QVERIFY2(maxAbsDiff(whole, batched) < 1e-5,
                 qPrintable(QStringLiteral("batch size 3 changed the logits by %1").arg(maxAbsDiff(whole, batched))));
        QVERIFY2(maxAbsDiff(whole, single) < singleTolerance,
                 qPrintable(QStringLiteral("token-by-token evaluation changed the logits by %1 (allowed %2)")
                                .arg(maxAbsDiff(whole, single)).arg(singleTolerance)));
    }

    void contextOverflowIsAnError()
    {
        Tiny m("llama", GgmlType::Q8_0);
        auto ctx = m.context(KvCacheType::F32);
        std::vector<int32_t> tokens(65, 4); // one more than the 64 positions
        std::vector<float> logits;
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, ctx->evaluate(tokens, LogitsMode::LastPosition, logits));
        const std::vector<int32_t> bad{1, 96}; // vocabulary has 96 tokens: 96 is out of range
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, ctx->evaluate(bad, LogitsMode::LastPosition, logits));
    }

    void truncateAndAppend()
    {
        KvCache c(1, 1, 4, 4, 8, KvCacheType::F32);
        const std::vector<int32_t> t{5, 6, 7};
        c.append(t);
        QCOMPARE(c.commonPrefix(std::vector<int32_t>{5, 6, 9}), int64_t(2));
        c.truncate(1);
        QCOMPARE(c.size(), int64_t(1));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, c.append(std::vector<int32_t>(8, 1)));
    }
};

QTEST_GUILESS_MAIN(TestKvCache)
#include "tst_kv_cache.moc"
