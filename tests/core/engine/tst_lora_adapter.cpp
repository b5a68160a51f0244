// LoRA adapters at inference: base + adapter equals the merged model (on tiny models of
// both architectures, on the reference models of ../shared/engine-vectors through the
// trainer's own export), factors in F32/F16/Q8_0, the user scale, switching adapters on one
// context (no stale KV prefix), and files that do not fit the base (error naming the file
// and the mismatch, never a crash).

// TinyModel.h first: it includes GgufWriter.h, whose emit() Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "tests/core/engine/LoraTestFiles.h"

#include "core/engine/GgufFile.h"
#include "core/engine/LoraAdapter.h"
#include "core/engine/Model.h"
#include "core/engine/ModelWeights.h"
#include "core/train/ModelExport.h"
#include "core/train/TrainableModel.h"
#include "tests/support/TestPaths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace triad::engine;
using triad::engine::testing::randomLora;
using triad::engine::testing::RandomLora;
using triad::engine::testing::writeLoraFile;
using triad::engine::testing::writeMergedFile;

namespace {

const std::vector<int32_t> kTokens{1, 7, 42, 99, 3, 250, 17, 64, 5, 128, 33, 200};

std::vector<float> logitsOf(const Model& model, std::shared_ptr<const LoraAdapter> adapter, float scale = 1.0f,
                            const std::vector<int32_t>& tokens = kTokens)
{
    TransformerParams params;
    params.contextLength = 64;
    params.kvCacheType = KvCacheType::F32;
    params.threadCount = 2;
    auto ctx = model.createContext(params);
    ctx->setAdapter(std::move(adapter), scale);
    std::vector<float> logits;
    ctx->evaluate(tokens, LogitsMode::AllPositions, logits);
    return logits;
}

double stddev(const std::vector<float>& v)
{
    double mean = 0.0, sq = 0.0;
    for (float x : v)
        mean += x;
    mean /= double(v.size());
    for (float x : v)
        sq += (x - mean) * (x - mean);
    return std::sqrt(sq / double(v.size()));
}

/** max |a - b| relative to the standard deviation of @p reference. */
double relativeError(const std::vector<float>& a, const std::vector<float>& reference)
{
    double worst = 0.0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, double(std::fabs(a[i] - reference[i])));
    return worst / stddev(reference);
}

std::vector<std::string> layerWeights(int layers, std::initializer_list<const char*> stems)
{
    std::vector<std::string> out;
    for (int l = 0; l < layers; ++l)
        for (const char* s : stems)
            out.push_back("blk." + std::to_string(l) + "." + s + ".weight");
    return out;
}

/** Broken adapter files for errorsNameTheFileAndTheMismatch. */
enum class BadAdapter {
    WrongArchitecture = 1,
    ModelFileGiven,
    NotLoraType,
    ShapeOfA,
    ShapeOfB,
    RanksDisagree,
    MissingPartner,
    LayerTheBaseLacks,
    NotAMatrix,
    TokenEmbedding,
    OutputOfTiedModel,
    UnknownTensor,
    NotFinite,
    NoTensors,
    NotGguf,
};

} // namespace
Q_DECLARE_METATYPE(BadAdapter)

class TestLoraAdapter : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_llama, m_qwen;   // tiny F32 models (dim 32)

    std::string path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }

    /** A file for the BadAdapter case @p c, against the llama (or, for tied cases, qwen2) base. */
    std::string writeBadAdapter(BadAdapter c, std::string& base)
    {
        using triad::engine::testing::encode;
        base = c == BadAdapter::OutputOfTiedModel ? m_qwen : m_llama;
        const std::string out = path("bad.gguf");
        std::filesystem::remove(out);
        if (c == BadAdapter::ModelFileGiven)
            return base;
        if (c == BadAdapter::NotGguf) {
            std::ofstream(out) << "these are notes about an adapter, not an adapter";
            return out;
        }
        GgufWriter w;
        w.setString("general.architecture", c == BadAdapter::WrongArchitecture ? "qwen2" : "llama");
        w.setString("general.type", "adapter");
        w.setString("adapter.type", c == BadAdapter::NotLoraType ? "control_vector" : "lora");
        w.setF32("adapter.lora.alpha", 8.0f);
        auto add = [&](const std::string& name, std::vector<int64_t> ne, float value = 0.01f) {
            int64_t n = 1;
            for (int64_t d : ne)
                n *= d;
            std::vector<float> v(size_t(n), value);
            w.addTensor(name, GgmlType::F32, ne, encode(v, ne[0], GgmlType::F32));
        };
        const std::string q = "blk.0.attn_q.weight";
        switch (c) {
        case BadAdapter::ShapeOfA: add(q + ".lora_a", {33, 4}); add(q + ".lora_b", {4, 32}); break;
        case BadAdapter::ShapeOfB: add(q + ".lora_a", {32, 4}); add(q + ".lora_b", {4, 31}); break;
        case BadAdapter::RanksDisagree: add(q + ".lora_a", {32, 4}); add(q + ".lora_b", {2, 32}); break;
        case BadAdapter::MissingPartner: add(q + ".lora_a", {32, 4}); break;
        case BadAdapter::LayerTheBaseLacks: add("blk.7.attn_q.weight.lora_a", {32, 4}); add("blk.7.attn_q.weight.lora_b", {4, 32}); break;
        case BadAdapter::NotAMatrix: add("blk.0.attn_norm.weight.lora_a", {32, 4}); add("blk.0.attn_norm.weight.lora_b", {4, 1}); break;
        case BadAdapter::TokenEmbedding: add("token_embd.weight.lora_a", {32, 4}); add("token_embd.weight.lora_b", {4, 259}); break;
        case BadAdapter::OutputOfTiedModel:
            w.setString("general.architecture", "qwen2");
            add("output.weight.lora_a", {32, 4});
            add("output.weight.lora_b", {4, 259});
            break;
        case BadAdapter::UnknownTensor: add(q + ".lora_a", {32, 4}); add(q + ".lora_b", {4, 32}); add("scale.weight", {4}); break;
        case BadAdapter::NotFinite: add(q + ".lora_a", {32, 4}); add(q + ".lora_b", {4, 32}, std::nanf("")); break;
        case BadAdapter::NoTensors: break;
        default: add(q + ".lora_a", {32, 4}); add(q + ".lora_b", {4, 32}); break;
        }
        w.write(out);
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        triad::train::testing::TinyModelSpec spec;
        spec.dim = 32;
        spec.ffn = 64;
        spec.sigma = 0.2f;
        m_llama = path("tiny-llama.gguf");
        triad::train::testing::writeTinyModel(m_llama, spec);
        spec.arch = "qwen2";
        m_qwen = path("tiny-qwen2.gguf");
        triad::train::testing::writeTinyModel(m_qwen, spec);
    }

    void mergedEqualsBasePlusAdapterOnTinyModels_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<bool>("adaptOutput");
        QTest::addColumn<float>("alpha");
        QTest::addColumn<float>("userScale");
        QTest::newRow("llama, every role, alpha 8") << "llama" << true << 8.0f << 1.0f;
        QTest::newRow("llama, alpha 0 (s = 1), user scale 0.5") << "llama" << true << 0.0f << 0.5f;
        QTest::newRow("qwen2 (tied), layers only") << "qwen2" << false << 16.0f << 1.0f;
        QTest::newRow("qwen2, user scale 2") << "qwen2" << false << 4.0f << 2.0f;
    }

    void mergedEqualsBasePlusAdapterOnTinyModels()
    {
        QFETCH(QString, arch);
        QFETCH(bool, adaptOutput);
        QFETCH(float, alpha);
        QFETCH(float, userScale);
        const std::string basePath = arch == "llama" ? m_llama : m_qwen;
        auto base = Model::load(basePath);
        std::vector<std::string> weights =
            layerWeights(2, {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"});
        if (adaptOutput)
            weights.push_back("output.weight");
        const RandomLora lora = randomLora(base->file(), weights, 4, alpha, 11);
        writeLoraFile(path("tiny.lora.gguf"), arch.toStdString(), lora);
        writeMergedFile(path("tiny.merged.gguf"), base->file(), lora, userScale);

        auto adapter = base->loadAdapter(path("tiny.lora.gguf"));
        QCOMPARE(adapter->matrices().size(), weights.size());
        QCOMPARE(adapter->maxRank(), int64_t(4));
        auto merged = Model::load(path("tiny.merged.gguf"));
        const std::vector<float> plain = logitsOf(*base, nullptr);
        const std::vector<float> adapted = logitsOf(*base, adapter, userScale);
        const std::vector<float> reference = logitsOf(*merged, nullptr);
        const double changed = relativeError(adapted, plain);
        const double error = relativeError(adapted, reference);
        QVERIFY2(changed > 0.1, qPrintable(QStringLiteral("the adapter moved the logits by only %1 of their std").arg(changed)));
        QVERIFY2(error < 1e-4, qPrintable(QStringLiteral("base + adapter differs from the merged model by %1 of the "
                                                         "logits' std (expected < 1e-4)").arg(error)));
    }

    void zeroScaleIsTheBaseModel()
    {
        auto base = Model::load(m_llama);
        const RandomLora lora = randomLora(base->file(), layerWeights(2, {"attn_q", "ffn_down"}), 4, 8.0f, 5);
        writeLoraFile(path("zero.lora.gguf"), "llama", lora);
        auto adapter = base->loadAdapter(path("zero.lora.gguf"));
        const std::vector<float> plain = logitsOf(*base, nullptr);
        const std::vector<float> zero = logitsOf(*base, adapter, 0.0f);
        QCOMPARE(relativeError(zero, plain), 0.0);
    }

    void readsF16AndQ8_0Factors_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("F16") << int(GgmlType::F16) << 2e-3;
        QTest::newRow("BF16") << int(GgmlType::BF16) << 2e-2;
        QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 2e-2;
    }

    void readsF16AndQ8_0Factors()
    {
        QFETCH(int, type);
        QFETCH(double, tolerance);
        auto base = Model::load(m_llama);
        // Rank 32: Q8_0 rows hold blocks of 32, and lora_b's rows are r long.
        const RandomLora lora =
            randomLora(base->file(), layerWeights(2, {"attn_q", "attn_v", "ffn_up"}), 32, 32.0f, 9, 0.2f, 0.05f);
        writeLoraFile(path("f32.lora.gguf"), "llama", lora);
        writeLoraFile(path("typed.lora.gguf"), "llama", lora, GgmlType(type));
        const std::vector<float> plain = logitsOf(*base, nullptr);
        const std::vector<float> exact = logitsOf(*base, base->loadAdapter(path("f32.lora.gguf")));
        const std::vector<float> typed = logitsOf(*base, base->loadAdapter(path("typed.lora.gguf")));
        QVERIFY2(relativeError(exact, plain) > 0.1, "the adapter hardly changes the logits");
        const double error = relativeError(typed, exact);
        QVERIFY2(error < tolerance, qPrintable(QStringLiteral("%1 factors move the logits by %2 of their std vs F32 "
                                                              "(expected < %3)").arg(ggmlTypeName(GgmlType(type)).data())
                                                  .arg(error).arg(tolerance)));
    }

    void switchingAdaptersDropsTheCachedPrefix()
    {
        auto base = Model::load(m_qwen);
        const RandomLora lora = randomLora(base->file(), layerWeights(2, {"attn_k", "attn_v", "ffn_gate"}), 4, 8.0f, 3);
        writeLoraFile(path("switch.lora.gguf"), "qwen2", lora);
        auto adapter = base->loadAdapter(path("switch.lora.gguf"));
        TransformerParams params;
        params.contextLength = 64;
        params.kvCacheType = KvCacheType::F32;
        params.threadCount = 2;
        auto fresh = [&](std::shared_ptr<const LoraAdapter> a) {
            auto ctx = base->createContext(params);
            ctx->setAdapter(a);
            std::vector<float> logits;
            ctx->evaluateWithReuse(kTokens, logits);
            return logits;
        };
        const std::vector<float> expectBase = fresh(nullptr), expectAdapted = fresh(adapter);

        auto ctx = base->createContext(params);
        std::vector<float> logits;
        ctx->setAdapter(adapter);
        QCOMPARE(ctx->evaluateWithReuse(kTokens, logits), int64_t(0));
        QCOMPARE(relativeError(logits, expectAdapted), 0.0);
        // Same adapter and scale again: the cache stays and the prefix is reused.
        ctx->setAdapter(adapter, 1.0f);
        QCOMPARE(ctx->evaluateWithReuse(kTokens, logits), int64_t(kTokens.size() - 1));
        // (the last token alone takes the one-token kernels: rounding differs, nothing else)
        const double reused = relativeError(logits, expectAdapted);
        QVERIFY2(reused < 1e-5, qPrintable(QStringLiteral("reusing the prefix under the same adapter moved the logits "
                                                          "by %1 of their std").arg(reused)));
        // Without the adapter: nothing cached under the adapter may be reused.
        ctx->setAdapter(nullptr);
        QCOMPARE(ctx->cache().size(), int64_t(0));
        QCOMPARE(ctx->evaluateWithReuse(kTokens, logits), int64_t(0));
        QCOMPARE(relativeError(logits, expectBase), 0.0);
        // Another scale is other weights too.
        ctx->setAdapter(adapter, 0.5f);
        QCOMPARE(ctx->evaluateWithReuse(kTokens, logits), int64_t(0));
        ctx->setAdapter(adapter, 1.0f);
        QCOMPARE(ctx->evaluateWithReuse(kTokens, logits), int64_t(0));
        QCOMPARE(relativeError(logits, expectAdapted), 0.0);
    }

    void adapterOfAnotherShapeIsRefusedByTheContext()
    {
        // Read against a base of another width, then set on this one: refused, old adapter kept.
        triad::train::testing::TinyModelSpec wide;
        wide.dim = 64;
        wide.ffn = 64;
        const std::string widePath = path("wide.gguf");
        triad::train::testing::writeTinyModel(widePath, wide);
        auto wideModel = Model::load(widePath);
        writeLoraFile(path("wide.lora.gguf"), "llama", randomLora(wideModel->file(), layerWeights(1, {"attn_q"}), 4, 8.0f, 1));
        auto wideAdapter = wideModel->loadAdapter(path("wide.lora.gguf"));

        auto base = Model::load(m_llama);
        QVERIFY_THROWS_EXCEPTION(ModelError, base->loadAdapter(path("wide.lora.gguf")));
        auto ctx = base->createContext();
        try {
            ctx->setAdapter(wideAdapter);
            QFAIL("a 64-wide adapter was accepted by a 32-wide model");
        } catch (const ModelError& e) {
            QVERIFY2(std::string(e.what()).find("blk.0.attn_q.weight") != std::string::npos, e.what());
        }
        QCOMPARE(ctx->adapter(), nullptr);
    }

    void errorsNameTheFileAndTheMismatch_data()
    {
        QTest::addColumn<BadAdapter>("bad");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong architecture") << BadAdapter::WrongArchitecture << "for architecture 'qwen2'";
        QTest::newRow("a model, not an adapter") << BadAdapter::ModelFileGiven << "not a LoRA adapter";
        QTest::newRow("not LoRA") << BadAdapter::NotLoraType << "'control_vector'";
        QTest::newRow("lora_a shape") << BadAdapter::ShapeOfA << "lora_a must be [32, r]";
        QTest::newRow("lora_b shape") << BadAdapter::ShapeOfB << "lora_b must be [r, 32]";
        QTest::newRow("ranks disagree") << BadAdapter::RanksDisagree << "ranks of blk.0.attn_q.weight disagree";
        QTest::newRow("missing lora_b") << BadAdapter::MissingPartner << "no partner blk.0.attn_q.weight.lora_b";
        QTest::newRow("layer beyond the base") << BadAdapter::LayerTheBaseLacks << "blk.7.attn_q.weight, which the base model";
        QTest::newRow("a norm vector") << BadAdapter::NotAMatrix << "not a matrix LoRA can adapt";
        QTest::newRow("token embeddings") << BadAdapter::TokenEmbedding << "not to the token embeddings";
        QTest::newRow("output of a tied model") << BadAdapter::OutputOfTiedModel << "shares token_embd.weight";
        QTest::newRow("unknown tensor") << BadAdapter::UnknownTensor << "scale.weight is not a LoRA factor";
        QTest::newRow("NaN") << BadAdapter::NotFinite << "not a finite number";
        QTest::newRow("no tensors") << BadAdapter::NoTensors << "no LoRA tensors";
        QTest::newRow("not a GGUF file") << BadAdapter::NotGguf << "";
    }

    void errorsNameTheFileAndTheMismatch()
    {
        QFETCH(BadAdapter, bad);
        QFETCH(QString, expected);
        std::string basePath;
        const std::string file = writeBadAdapter(bad, basePath);
        auto base = Model::load(basePath);
        try {
            base->loadAdapter(file);
            QFAIL("the adapter was accepted");
        } catch (const ModelError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(file) != std::string::npos, qPrintable("the message does not name the file: " + QString::fromStdString(what)));
            QVERIFY2(what.find(expected.toStdString()) != std::string::npos,
                     qPrintable("expected '" + expected + "' in: " + QString::fromStdString(what)));
        }
    }

    void referenceModelMergedByTheTrainerEqualsBasePlusAdapter_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("qwen2-bpe-F16 (tied)") << "qwen2-bpe-F16.gguf";
        QTest::newRow("llama-spm-Q8_0") << "llama-spm-Q8_0.gguf";
    }

    void referenceModelMergedByTheTrainerEqualsBasePlusAdapter()
    {
        QFETCH(QString, model);
        if (triad::testsupport::sharedDir().empty())
            QSKIP("../shared/engine-vectors is absent: the reference models are not available here");
        const std::string basePath = triad::testsupport::sharedDir() + "/engine-vectors/models/" + model.toStdString();
        auto base = Model::load(basePath);
        triad::train::TrainableModelParams p;
        p.method = triad::train::TrainMethod::Lora;
        p.lora.rank = 8;
        p.lora.alpha = 16.0f;
        p.lora.ffn = true;
        p.seed = 21;
        triad::train::TrainableModel trainable(base->config(), base->weights(), p);
        // Training starts with B = 0 (the base exactly); give B random values as training would.
        std::mt19937 rng(4);
        std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
        for (triad::train::Parameter& param : trainable.parameters())
            if (param.name.ends_with(".lora_b"))
                for (float& v : param.value)
                    v = 0.05f * unit(rng);
        const std::string adapterPath = path("ref.lora.gguf"), mergedPath = path("ref.merged.gguf");
        triad::train::writeLoraAdapter(trainable, base->file(), adapterPath);
        triad::train::writeMergedModel(trainable, base->file(), mergedPath);

        auto adapter = base->loadAdapter(adapterPath);
        QCOMPARE(int64_t(adapter->matrices().size()), base->config().layerCount * 7);
        auto merged = Model::load(mergedPath);
        const std::vector<int32_t> prompt = base->tokenizer().tokenize("Once upon a time, in a quiet town by the sea");
        const std::vector<float> plain = logitsOf(*base, nullptr, 1.0f, prompt);
        const std::vector<float> adapted = logitsOf(*base, adapter, 1.0f, prompt);
        const std::vector<float> reference = logitsOf(*merged, nullptr, 1.0f, prompt);
        // The merged matrices are F32, so they multiply F32 activations where the base's Q8_0
        // matrices multiply activations quantized to Q8_0: that alone moves the logits. Measure
        // it on the base dequantized to F32 (B = 0), and allow base + adapter that much.
        std::vector<std::string> adaptedNames;
        for (const LoraMatrices& m : adapter->matrices())
            adaptedNames.push_back(m.weightName);
        writeMergedFile(path("ref.f32.gguf"), base->file(), randomLora(base->file(), adaptedNames, 8, 16.0f, 1, 0.2f, 0.0f));
        const double activationError = relativeError(plain, logitsOf(*Model::load(path("ref.f32.gguf")), nullptr, 1.0f, prompt));
        const double tolerance = 2e-3 + 1.5 * activationError;
        const double changed = relativeError(adapted, plain);
        const double error = relativeError(adapted, reference);
        qInfo("%s: adapter moves the logits by %.3f std; base + adapter vs merged: %.2e std (base vs base in F32: %.2e)",
              qPrintable(model), changed, error, activationError);
        QVERIFY2(changed > 0.2, qPrintable(QStringLiteral("the adapter moved the logits by only %1 of their std").arg(changed)));
        QVERIFY2(error < tolerance, qPrintable(QStringLiteral("base + adapter differs from the merged model by %1 of the "
                                                              "logits' std (expected < %2)").arg(error).arg(tolerance)));
    }
};

QTEST_GUILESS_MAIN(TestLoraAdapter)
#include "tst_lora_adapter.moc"
