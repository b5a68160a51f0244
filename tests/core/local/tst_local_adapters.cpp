// LoRA adapters as local targets: LocalModelManager::addAdapter() checks the file against the
// base and exposes "<base>+<name>"; the base's worker answers it with the adapter, switching
// per request (with, without, with gives what fresh workers give: no KV prefix computed
// under other weights is reused); bad files are refused with the file and the reason.

// TinyModel.h first: it includes GgufWriter.h, whose emit() Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "tests/core/engine/LoraTestFiles.h"

#include "core/engine/GgufFile.h"
#include "core/local/LocalModelManager.h"
#include "core/providers/Provider.h"
#include "tests/support/StreamCollector.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace triad;
using providers::ChatRequest;
using testsupport::CollectedRun;
using testsupport::StreamCollector;

namespace {

ChatRequest rawRequest(const std::string& model)
{
    ChatRequest r;
    r.model = model;
    r.rawPrompt = "Once upon a time there was a";
    r.params.maxTokens = 12;
    r.params.temperature = 0.0;
    return r;
}

std::vector<std::string> allLayerWeights()
{
    std::vector<std::string> out;
    for (int l = 0; l < 2; ++l)
        for (const char* s : {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"})
            out.push_back("blk." + std::to_string(l) + "." + s + ".weight");
    return out;
}

bool contains(const std::vector<std::string>& ids, const std::string& id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

QString describe(const CollectedRun& run)
{
    return QStringLiteral("completed %1, text '%2', error '%3'")
        .arg(run.completed)
        .arg(QString::fromStdString(run.run.text))
        .arg(run.run.error ? QString::fromStdString(run.run.error->message) : QString());
}

} // namespace

class TestLocalAdapters : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_base, m_adapter, m_otherAdapter, m_wideAdapter;

    std::string path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }

    /** Runs @p request on a fresh manager (base, plus the adapter when @p withAdapter). */
    std::string freshAnswer(bool withAdapter)
    {
        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        std::string id = manager.add(m_base, &error);
        if (id.empty() || !manager.load(id, &error))
            qFatal("fresh base did not load: %s", error.c_str());
        if (withAdapter)
            id = manager.addAdapter(id, m_adapter, &error);
        const CollectedRun run = StreamCollector::runToEnd(*manager.provider(), rawRequest(id));
        if (!run.completed || run.run.error)
            qWarning("fresh run failed: %s", qPrintable(describe(run)));
        return run.run.text;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        triad::train::testing::TinyModelSpec spec;
        spec.arch = "qwen2";
        spec.dim = 32;
        spec.ffn = 64;
        spec.sigma = 0.4f;
        m_base = path("tiny.gguf");
        triad::train::testing::writeTinyModel(m_base, spec);
        const auto base = engine::GgufFile::open(m_base);
        using engine::testing::randomLora;
        m_adapter = path("style.gguf");
        engine::testing::writeLoraFile(m_adapter, "qwen2", randomLora(*base, allLayerWeights(), 4, 8.0f, 17, 0.4f, 0.4f));
        m_otherAdapter = path("other/style.gguf");
        QVERIFY(QDir().mkpath(m_dir.filePath("other")));
        engine::testing::writeLoraFile(m_otherAdapter, "qwen2", randomLora(*base, allLayerWeights(), 2, 4.0f, 18));

        spec.dim = 64;
        const std::string wide = path("wide.gguf");
        triad::train::testing::writeTinyModel(wide, spec);
        m_wideAdapter = path("wide-adapter.gguf");
        engine::testing::writeLoraFile(m_wideAdapter, "qwen2",
                                       randomLora(*engine::GgufFile::open(wide), allLayerWeights(), 4, 8.0f, 19));
    }

    void anAdapterIsItsOwnTarget()
    {
        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        const std::string id = manager.add(m_base, &error);
        QVERIFY2(manager.load(id, &error), error.c_str());
        const std::string target = manager.addAdapter(id, m_adapter, &error);
        QCOMPARE(target, id + "+style");
        QVERIFY2(contains(manager.loadedIds(), target), "the adapter target is not among the loaded ids");
        const auto listed = manager.provider()->listModels();
        const auto it = std::find_if(listed.models.begin(), listed.models.end(), [&](const auto& m) { return m.id == target; });
        QVERIFY2(it != listed.models.end(), "listModels() does not offer the adapter target");
        QCOMPARE(it->contextLength, std::optional<int64_t>(128));
        const auto status = manager.model(id);
        QCOMPARE(status->adapters.size(), size_t(1));
        QVERIFY(status->adapters[0].loaded);
        // 2 layers x rank 4 x Σ(n_in + n_out) over q 32+32, k 32+16, v 32+16, o 32+32,
        // gate 32+64, up 32+64, down 64+32 = 512, in F32.
        QCOMPARE(status->adapters[0].memoryBytes, uint64_t(2 * 4 * 512 * 4));
        QCOMPARE(status->adapters[0].path, m_adapter);
        QVERIFY2(status->memoryBytes > 0, "no memory reported");

        // The same file again: the same target. Another file with the same stem: a new name.
        QCOMPARE(manager.addAdapter(id, m_adapter, &error), target);
        QCOMPARE(manager.addAdapter(id, m_otherAdapter, &error), id + "+style-2");
        // An explicit name that is taken is an error, not a silent rename.
        QCOMPARE(manager.addAdapter(id, m_otherAdapter, &error, {.name = "style", .scale = 1.0f}), std::string());
        QVERIFY2(error.find("already has an adapter named 'style'") != std::string::npos, error.c_str());
    }

    void anAdapterAddedBeforeLoadingComesWithTheModel()
    {
        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        const std::string id = manager.add(m_base, &error);
        const std::string target = manager.addAdapter(id, m_adapter, &error, {.name = "roman", .scale = 1.0f});
        QCOMPARE(target, id + "+roman");
        QVERIFY2(!contains(manager.loadedIds(), target), "a target of an unloaded model is listed");
        QVERIFY(!manager.model(id)->adapters.at(0).loaded);
        QVERIFY2(manager.load(id, &error), error.c_str());
        QVERIFY2(contains(manager.loadedIds(), target), "loading the base did not bring its adapter");
        const CollectedRun run = StreamCollector::runToEnd(*manager.provider(), rawRequest(target));
        QVERIFY2(run.completed && !run.run.error, qPrintable(describe(run)));
        manager.unload(id);
        QVERIFY(!contains(manager.loadedIds(), target));
        QCOMPARE(manager.model(id)->adapters.size(), size_t(1)); // still catalogued
    }

    void switchingPerRequestEqualsFreshRuns()
    {
        const std::string expectAdapted = freshAnswer(true);
        const std::string expectBase = freshAnswer(false);
        QVERIFY2(!expectAdapted.empty() && !expectBase.empty(), "a fresh run produced no text");
        QVERIFY2(expectAdapted != expectBase,
                 qPrintable(QStringLiteral("the adapter does not change the answer ('%1')").arg(QString::fromStdString(expectBase))));

        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        const std::string id = manager.add(m_base, &error);
        QVERIFY2(manager.load(id, &error), error.c_str());
        const std::string target = manager.addAdapter(id, m_adapter, &error);
        QVERIFY2(!target.empty(), error.c_str());
        // The same prompt each time: the worker would reuse its whole cached prefix.
        const std::vector<std::pair<std::string, std::string>> sequence{
            {target, expectAdapted}, {id, expectBase}, {target, expectAdapted}, {target, expectAdapted}, {id, expectBase}};
        int step = 0;
        for (const auto& [model, expected] : sequence) {
            const CollectedRun run = StreamCollector::runToEnd(*manager.provider(), rawRequest(model));
            QVERIFY2(run.completed && !run.run.error, qPrintable(describe(run)));
            QVERIFY2(run.run.text == expected,
                     qPrintable(QStringLiteral("request %1 (%2): expected '%3' (a fresh worker's answer), got '%4'")
                                    .arg(step)
                                    .arg(QString::fromStdString(model), QString::fromStdString(expected),
                                         QString::fromStdString(run.run.text))));
            ++step;
        }
    }

    void aMismatchedAdapterIsRefused()
    {
        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        const std::string id = manager.add(m_base, &error);
        // Not loaded: checked against the file's header.
        QCOMPARE(manager.addAdapter(id, m_wideAdapter, &error), std::string());
        QVERIFY2(error.find(m_wideAdapter) != std::string::npos, error.c_str());
        QVERIFY2(error.find("lora_a must be [32, r]") != std::string::npos, error.c_str());
        // Loaded: checked against the model.
        QVERIFY2(manager.load(id, &error), error.c_str());
        error.clear();
        QCOMPARE(manager.addAdapter(id, m_wideAdapter, &error), std::string());
        QVERIFY2(error.find("lora_a must be [32, r]") != std::string::npos, error.c_str());
        // The base model itself is not an adapter.
        QCOMPARE(manager.addAdapter(id, m_base, &error), std::string());
        QVERIFY2(error.find("not a LoRA adapter") != std::string::npos, error.c_str());
        QCOMPARE(manager.addAdapter("nope", m_adapter, &error), std::string());
        QVERIFY2(error.find("no local model 'nope'") != std::string::npos, error.c_str());
        QVERIFY(manager.model(id)->adapters.empty());
        QCOMPARE(manager.loadedIds(), std::vector<std::string>{id});
    }

    void aRemovedAdapterIsNoTargetAnyMore()
    {
        local::LocalModelManager manager({.threads = 2, .contextLength = 128});
        std::string error;
        const std::string id = manager.add(m_base, &error);
        QVERIFY2(manager.load(id, &error), error.c_str());
        const std::string target = manager.addAdapter(id, m_adapter, &error);
        manager.removeAdapter(target);
        QVERIFY(!contains(manager.loadedIds(), target));
        QVERIFY(manager.model(id)->adapters.empty());
        const CollectedRun run = StreamCollector::runToEnd(*manager.provider(), rawRequest(target));
        QVERIFY2(run.completed && run.run.error, qPrintable(describe(run)));
        QVERIFY2(run.run.error->message.find(target) != std::string::npos, run.run.error->message.c_str());
        // The base still answers.
        const CollectedRun base = StreamCollector::runToEnd(*manager.provider(), rawRequest(id));
        QVERIFY2(base.completed && !base.run.error, qPrintable(describe(base)));
    }
};

QTEST_GUILESS_MAIN(TestLocalAdapters)
#include "tst_local_adapters.moc"
