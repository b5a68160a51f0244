// The optimizer, the schedule and the training loop: AdamW and clipping against hand-computed
// values; warm-up + cosine; a tiny model learns a toy task (full and LoRA); the same seed gives
// the same bits; a run resumed from a checkpoint ends where an uninterrupted one does; the
// adapter file has llama.cpp's layout and the merged model equals base + adapter.

// TinyModel.h first: it includes GgufWriter.h, whose emit() Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "core/engine/GgufFile.h"
#include "core/engine/LoraAdapter.h"
#include "core/engine/Model.h"
#include "core/engine/Transformer.h"
#include "core/train/AdamW.h"
#include "core/train/LearningRateSchedule.h"
#include "core/train/ModelExport.h"
#include "core/train/TrainableModel.h"
#include "core/train/Trainer.h"
#include "tests/support/TestPaths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace triad::train;
using triad::engine::Model;

Q_DECLARE_METATYPE(triad::train::TrainMethod)

namespace {

/** Toy task in ChatML token ids: "<|im_start|>X" -> next letter after X, then <|im_end|>. */
std::vector<RenderedExample> toyExamples()
{
    std::vector<RenderedExample> out;
    for (int c = 'a'; c <= 'y'; ++c) {
        RenderedExample e;
        e.tokens = {testing::kTinyImStart, c, '=', c + 1, testing::kTinyImEnd};
        e.weights = {0, 0, 0, 1, 1};
        out.push_back(e);
    }
    return out;
}

std::vector<float> allValues(const TrainableModel& m)
{
    std::vector<float> v;
    for (const Parameter& p : m.parameters())
        v.insert(v.end(), p.value.begin(), p.value.end());
    return v;
}

std::vector<float> engineLogits(const Model& model, const std::vector<int32_t>& tokens,
                                std::shared_ptr<const triad::engine::LoraAdapter> adapter = nullptr)
{
    triad::engine::TransformerParams p;
    p.contextLength = 64;
    p.kvCacheType = triad::engine::KvCacheType::F32;
    p.threadCount = 2;
    auto ctx = model.createContext(p);
    if (adapter)
        ctx->setAdapter(std::move(adapter), 1.0f);
    std::vector<float> logits;
    ctx->evaluate(tokens, triad::engine::LogitsMode::AllPositions, logits);
    return logits;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double d = 0.0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        d = std::max(d, std::fabs(double(a[i]) - double(b[i])));
    return a.size() == b.size() ? d : INFINITY;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Model> m_tiny;

    TrainerParams toyParams(float lr, int epochs) const
    {
        TrainerParams p;
        p.epochs = epochs;
        p.batchSize = 5;
        p.gradientAccumulation = 1;
        p.learningRate = lr;
        p.warmupFraction = 0.1f;
        p.seed = 11;
        return p;
    }

    /** Trains on the toy task; returns the mean loss of the last epoch. */
    double trainToy(TrainableModel& model, const TrainerParams& params)
    {
        Trainer t(model, toyExamples(), {}, params);
        double sum = 0.0;
        int count = 0;
        t.run([&](const TrainProgress& p) {
            if (p.step > p.totalSteps - t.stepsPerEpoch()) {
                sum += p.loss;
                ++count;
            }
            return true;
        });
        return sum / count;
    }

private slots:
    void initTestCase()
    {
        const std::string path = m_dir.filePath("tiny.gguf").toStdString();
        testing::TinyModelSpec spec;
        spec.dim = 32;
        spec.heads = 4;
        spec.kvHeads = 2;
        spec.ffn = 64;
        testing::writeTinyModel(path, spec);
        m_tiny = Model::load(path);
    }

    void adamWFirstStepAndClipping()
    {
        std::vector<Parameter> ps(1);
        ps[0].value = {1.0f, -2.0f};
        ps[0].grad = {3.0f, 4.0f}; // norm 5, clipped to 1 -> (0.6, 0.8)
        AdamW opt({.weightDecay = 0.1f, .clipNorm = 1.0f});
        const double norm = opt.step(ps, 0.01f);
        QCOMPARE(norm, 5.0);
        QCOMPARE(ps[0].grad[0], 0.6f);
        // First step: m̂ = g, v̂ = g², so the update is lr·(sign(g) + wd·p).
        QVERIFY2(std::fabs(ps[0].value[0] - (1.0f - 0.01f * (1.0f + 0.1f * 1.0f))) < 1e-6f,
                 qPrintable(QStringLiteral("expected 0.989, got %1").arg(ps[0].value[0])));
        QVERIFY2(std::fabs(ps[0].value[1] - (-2.0f - 0.01f * (1.0f - 0.2f))) < 1e-6f,
                 qPrintable(QStringLiteral("expected -2.008, got %1").arg(ps[0].value[1])));
        QCOMPARE(opt.stepCount(), int64_t(1));
    }

    void warmupThenCosine()
    {
        const LearningRateSchedule s(1.0f, 4, 20, 0.1f);
        QCOMPARE(s.rate(0), 0.25f);
        QCOMPARE(s.rate(3), 1.0f);
        QCOMPARE(s.rate(4), 1.0f);
        QVERIFY2(std::fabs(s.rate(19) - 0.1f) < 1e-6f, qPrintable(QStringLiteral("expected 0.1 at the end, got %1").arg(s.rate(19))));
        for (int i = 5; i < 20; ++i)
            QVERIFY2(s.rate(i) < s.rate(i - 1), qPrintable(QStringLiteral("rate rose at step %1").arg(i)));
    }

    void tinyModelLearnsToyTask_data()
    {
        QTest::addColumn<TrainMethod>("method");
        QTest::addColumn<float>("lr");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<double>("maxLoss");
        // Untrained: ln(259) ≈ 5.6 per token.
        QTest::newRow("full") << TrainMethod::Full << 1e-2f << 30 << 0.3;
        QTest::newRow("lora") << TrainMethod::Lora << 1e-2f << 60 << 0.8;
    }

    void tinyModelLearnsToyTask()
    {
        QFETCH(TrainMethod, method);
        QFETCH(float, lr);
        QFETCH(int, epochs);
        QFETCH(double, maxLoss);
        TrainableModelParams mp{.method = method};
        mp.lora = {.rank = 8, .alpha = 16.0f, .dropout = 0.0f, .ffn = true};
        TrainableModel model(m_tiny->config(), m_tiny->weights(), mp);
        const double loss = trainToy(model, toyParams(lr, epochs));
        qInfo("%s: last-epoch loss %.4f", QTest::currentDataTag(), loss);
        QVERIFY2(loss < maxLoss, qPrintable(QStringLiteral("expected a last-epoch loss under %1, got %2").arg(maxLoss).arg(loss)));
    }

    void sameSeedSameWeights()
    {
        TrainableModelParams mp{.method = TrainMethod::Lora, .seed = 5};
        mp.lora.dropout = 0.1f;
        auto run = [&](uint64_t seed, int threads = 2) {
            mp.seed = seed;
            mp.threadCount = threads;
            TrainableModel model(m_tiny->config(), m_tiny->weights(), mp);
            TrainerParams tp = toyParams(1e-2f, 2);
            tp.seed = seed;
            tp.gradientAccumulation = 2;
            trainToy(model, tp);
            return allValues(model);
        };
        const std::vector<float> a = run(5), b = run(5), c = run(6);
        QCOMPARE(a.size(), b.size());
        QVERIFY2(std::memcmp(a.data(), b.data(), a.size() * 4) == 0, "two runs with seed 5 gave different weights");
        QVERIFY2(std::memcmp(a.data(), c.data(), a.size() * 4) != 0, "seeds 5 and 6 gave the same weights");
        // Every sum has a fixed order whatever the thread count, so even that does not matter.
        const std::vector<float> one = run(5, 1), three = run(5, 3);
        QVERIFY2(std::memcmp(a.data(), one.data(), a.size() * 4) == 0, "1 and 2 threads gave different weights");
        QVERIFY2(std::memcmp(a.data(), three.data(), a.size() * 4) == 0, "3 and 2 threads gave different weights");
    }

    void resumedRunEqualsUninterrupted()
    {
        const TrainableModelParams mp{.method = TrainMethod::Full};
        const TrainerParams tp = toyParams(5e-3f, 2); // 10 updates
        TrainableModel whole(m_tiny->config(), m_tiny->weights(), mp);
        trainToy(whole, tp);

        const std::string ckpt = m_dir.filePath("run.ckpt").toStdString();
        {
            TrainableModel first(m_tiny->config(), m_tiny->weights(), mp);
            Trainer t(first, toyExamples(), {}, tp);
            std::atomic<bool> stop{false};
            t.run([&](const TrainProgress& p) {
                stop = p.step == 3;
                return true;
            }, &stop);
            QCOMPARE(t.step(), int64_t(3));
            t.saveCheckpoint(ckpt);
        }
        TrainableModel second(m_tiny->config(), m_tiny->weights(), mp);
        Trainer t(second, toyExamples(), {}, tp);
        t.loadCheckpoint(ckpt);
        QCOMPARE(t.step(), int64_t(3));
        QVERIFY(t.run(nullptr));
        const std::vector<float> a = allValues(whole), b = allValues(second);
        QVERIFY2(std::memcmp(a.data(), b.data(), a.size() * 4) == 0, "the resumed run ended with other weights");

        TrainerParams other = tp;
        other.epochs = 3;
        Trainer mismatch(second, toyExamples(), {}, other);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, mismatch.loadCheckpoint(ckpt));
    }

    void adapterFileAndMergedModel_data()
    {
        QTest::addColumn<QString>("file"); // "" = the tiny model
        QTest::newRow("tiny llama") << "";
        QTest::newRow("reference qwen2 F16") << "qwen2-bpe-F16.gguf";
    }

    void adapterFileAndMergedModel()
    {
        QFETCH(QString, file);
        const Model* base = m_tiny.get();
        std::unique_ptr<Model> reference;
        if (!file.isEmpty()) {
            const std::string shared = triad::testsupport::sharedDir();
            if (shared.empty())
                QSKIP("../shared/engine-vectors is absent: no reference model");
            reference = Model::load(shared + "/engine-vectors/models/" + file.toStdString());
            base = reference.get();
        }
        TrainableModelParams mp{.method = TrainMethod::Lora};
        mp.lora = {.rank = 4, .alpha = 8.0f, .dropout = 0.0f, .ffn = true};
        TrainableModel model(base->config(), base->weights(), mp);
        TrainerParams tp = toyParams(2e-2f, 1);
        trainToy(model, tp);

        const std::string adapterPath = m_dir.filePath("adapter.gguf").toStdString();
        writeLoraAdapter(model, base->file(), adapterPath);
        const auto adapter = triad::engine::GgufFile::open(adapterPath);
        QCOMPARE(adapter->getString("general.type", ""), std::string("adapter"));
        QCOMPARE(adapter->getString("adapter.type", ""), std::string("lora"));
        QCOMPARE(adapter->getFloat("adapter.lora.alpha", 0.0), 8.0);
        const int64_t dim = base->config().embeddingLength;
        const auto* a = adapter->findTensor("blk.0.attn_q.weight.lora_a");
        const auto* b = adapter->findTensor("blk.0.attn_q.weight.lora_b");
        const auto* w = base->file().findTensor("blk.0.attn_q.weight");
        QVERIFY(a && b && w);
        QCOMPARE(a->ne[0], w->ne[0]); // {n_in, r}
        QCOMPARE(a->ne[1], int64_t(4));
        QCOMPARE(b->ne[0], int64_t(4)); // {r, n_out}
        QCOMPARE(b->ne[1], w->ne[1]);
        QVERIFY(adapter->findTensor("blk.0.ffn_down.weight.lora_b"));
        QCOMPARE(int(adapter->tensors().size()), int(model.parameters().size()));
        Q_UNUSED(dim);

        const std::string mergedPath = m_dir.filePath("merged.gguf").toStdString();
        writeMergedModel(model, base->file(), mergedPath);
        const auto merged = Model::load(mergedPath);
        const std::vector<int32_t> tokens{testing::kTinyImStart, 'c', '=', 'd', 'q', 'x'};
        TrainBatch batch;
        std::vector<int32_t> ex = tokens;
        ex.push_back(0);
        batch.addExample(ex, std::vector<float>(ex.size(), 1.0f));
        model.step(batch, 1.0f, StepMode::Evaluate);
        const std::vector<float> adapted = model.logits();
        const std::vector<float> mergedLogits = engineLogits(*merged, tokens);
        const std::vector<float> baseLogits = engineLogits(*base, tokens);
        const double change = maxAbsDiff(baseLogits, adapted), mismatch = maxAbsDiff(mergedLogits, adapted);
        QVERIFY2(change > 0.05, qPrintable(QStringLiteral("the adapter should change the logits; max change %1").arg(change)));
        // The merged file is F32 where the base was F16/F32; the engine and trainer differ
        // only in summation order (and F16 activations rounding of the untouched matrices).
        QVERIFY2(mismatch < 0.02 * change + 1e-3,
                 qPrintable(QStringLiteral("merged model vs base + adapter: max |Δlogit| %1 (adapter moved them by %2)")
                                .arg(mismatch)
                                .arg(change)));
    }

    /** --lora-output: the vocabulary projection gets an adapter too; the engine applies it
     *  like the merged model; a tied-embedding model refuses it (one tensor, two uses). */
    void loraOnTheOutputProjection()
    {
        TrainableModelParams mp{.method = TrainMethod::Lora};
        mp.lora = {.rank = 4, .alpha = 8.0f, .dropout = 0.0f, .ffn = false, .output = true};
        TrainableModel model(m_tiny->config(), m_tiny->weights(), mp);
        trainToy(model, toyParams(2e-2f, 1));
        const std::string adapterPath = m_dir.filePath("output-adapter.gguf").toStdString();
        writeLoraAdapter(model, m_tiny->file(), adapterPath);
        const auto file = triad::engine::GgufFile::open(adapterPath);
        const auto* b = file->findTensor("output.weight.lora_b");
        QVERIFY2(file->findTensor("output.weight.lora_a") && b, "no output.weight adapter in the file");
        QCOMPARE(b->ne[1], m_tiny->config().vocabSize);

        const std::vector<int32_t> tokens{testing::kTinyImStart, 'c', '=', 'd', 'q', 'x'};
        const std::vector<float> adapted =
            engineLogits(*m_tiny, tokens, triad::engine::LoraAdapter::load(adapterPath, m_tiny->file()));
        const std::string mergedPath = m_dir.filePath("output-merged.gguf").toStdString();
        writeMergedModel(model, m_tiny->file(), mergedPath);
        const std::vector<float> merged = engineLogits(*Model::load(mergedPath), tokens);
        const double change = maxAbsDiff(engineLogits(*m_tiny, tokens), adapted);
        const double mismatch = maxAbsDiff(merged, adapted);
        QVERIFY2(change > 0.05, qPrintable(QStringLiteral("the output adapter changed the logits by only %1").arg(change)));
        QVERIFY2(mismatch < 1e-3 * (1.0 + change),
                 qPrintable(QStringLiteral("engine + adapter vs merged: max |Δlogit| %1").arg(mismatch)));

        testing::TinyModelSpec tied;
        tied.arch = "qwen2";
        const std::string tiedPath = m_dir.filePath("tied.gguf").toStdString();
        testing::writeTinyModel(tiedPath, tied);
        const auto tiedModel = Model::load(tiedPath);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrainableModel(tiedModel->config(), tiedModel->weights(), mp));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
