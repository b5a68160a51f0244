// LocalModelManager and LocalProvider on a small random-weight model written by
// `triad-cli model synth`: the event contract, exact token counts, determinism, cancel,
// the per-model queue, unload while busy, and the errors a person sees for bad files,
// unknown models and prompts that do not fit the context.

#include "core/engine/ChatTemplate.h"
#include "core/engine/Generator.h"
#include "core/engine/GgufWriter.h"
#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/local/LocalModelManager.h"
#include "core/providers/Provider.h"
#include "core/providers/ProviderFactory.h"
#include "tests/support/StreamCollector.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <chrono>
#include <fstream>
#include <thread>

using namespace triad;
using providers::ChatEvent;
using providers::ChatEventKind;
using providers::ChatRequest;
using providers::ErrorKind;
using testsupport::CollectedRun;
using testsupport::StreamCollector;

namespace {

constexpr int kContext = 256;

ChatRequest chat(const std::string& model, const std::string& user, int maxTokens, double temperature = 0.0)
{
    ChatRequest r;
    r.model = model;
    r.system = "You are terse.";
    r.messages.push_back({"user", user, {}, nullptr, {}, {}});
    r.params.maxTokens = maxTokens;
    r.params.temperature = temperature;
    return r;
}

/** A sink that slows generation down (sleeps after each delta), so tests can act mid-stream. */
providers::ChatSink slowed(StreamCollector& c, int sleepMs)
{
    auto inner = c.sink();
    return [inner, sleepMs](const ChatEvent& e) {
        inner(e);
        if (e.kind == ChatEventKind::TextDelta)
            std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
    };
}

int countKind(const std::vector<ChatEvent>& events, ChatEventKind kind)
{
    return int(std::count_if(events.begin(), events.end(), [&](const ChatEvent& e) { return e.kind == kind; }));
}

const ChatEvent* lastOf(const std::vector<ChatEvent>& events, ChatEventKind kind)
{
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->kind == kind)
            return &*it;
    return nullptr;
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace

class TestLocalProvider : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_modelPath;
    std::unique_ptr<local::LocalModelManager> m_manager;
    std::string m_id;
    std::unique_ptr<engine::Model> m_reference; // the same file, for independent token counts

    std::string synth(const QString& name, int context)
    {
        const QString out = m_dir.filePath(name);
        QProcess p;
        p.start(QString::fromStdString(testsupport::cliPath()),
                {"model", "synth", "--arch", "llama", "--dim", "64", "--layers", "2", "--heads", "4",
                 "--kv-heads", "2", "--ffn", "128", "--vocab", "512", "--type", "Q8_0", "--context",
                 QString::number(context), "--out", out});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            qWarning("model synth failed: %s", p.readAllStandardError().constData());
        return out.toStdString();
    }

    int renderedPromptTokens(const ChatRequest& r) const
    {
        std::vector<engine::ChatTurn> turns;
        if (!r.system.empty())
            turns.push_back({"system", r.system});
        for (const auto& m : r.messages)
            turns.push_back({m.role, m.content});
        engine::TokenizeOptions o;
        o.addSpecial = true;
        o.parseSpecial = true;
        return int(m_reference->tokenizer().tokenize(m_reference->chatTemplate().render(turns, true), o).size());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_modelPath = synth("tiny.gguf", 2048);
        QVERIFY2(QFile::exists(QString::fromStdString(m_modelPath)), "triad-cli model synth wrote no model");
        m_reference = engine::Model::load(m_modelPath);
        m_manager = std::make_unique<local::LocalModelManager>(local::LocalModelOptions{2, kContext});
        std::string error;
        m_id = m_manager->add(m_modelPath, &error);
        QCOMPARE(QString::fromStdString(m_id), QStringLiteral("tiny"));
        QVERIFY2(m_manager->load(m_id, &error), error.c_str());
    }

    void catalogueAndStatus()
    {
        const auto s = m_manager->model(m_id);
        QVERIFY(s.has_value());
        QCOMPARE(s->state, local::ModelState::Loaded);
        QCOMPARE(s->contextLength, int64_t(kContext)); // the option, below the trained 2048
        QCOMPARE(s->summary.architecture, std::string("llama"));
        QVERIFY(s->info.has_value());
        QCOMPARE(s->mappedBytes, uint64_t(QFileInfo(QString::fromStdString(m_modelPath)).size()));
        // 2 layers x 2 KV heads x 16 dims x 256 positions x (K + V) x 2 bytes (F16) = 65536
        QVERIFY2(s->memoryBytes >= 65536, qPrintable(QString("memoryBytes %1 < the KV cache's 65536").arg(s->memoryBytes)));

        // Same file again: nothing new. Same stem from elsewhere: a unique id, not loaded.
        std::string error;
        QCOMPARE(m_manager->add(m_modelPath, &error), m_id);
        QDir(m_dir.path()).mkdir("other");
        const std::string twin = synth("other/tiny.gguf", 2048);
        const std::string twinId = m_manager->add(twin, &error);
        QCOMPARE(QString::fromStdString(twinId), QStringLiteral("tiny-2"));
        QCOMPARE(m_manager->model(twinId)->state, local::ModelState::NotLoaded);

        const auto list = m_manager->provider()->listModels();
        QVERIFY(!list.error);
        QCOMPARE(int(list.models.size()), 1); // only loaded models are offered
        QCOMPARE(list.models[0].id, m_id);
        QCOMPARE(list.models[0].contextLength.value_or(0), int64_t(kContext));
        m_manager->remove(twinId);
        QVERIFY(!m_manager->model(twinId));
    }

    void streamsEventsInOrderWithExactUsage()
    {
        const ChatRequest r = chat(m_id, "Say hello", 12);
        CollectedRun run = StreamCollector::runToEnd(*m_manager->provider(), r);
        QVERIFY(run.completed);
        QCOMPARE(QString::fromStdString(run.kinds), QStringLiteral("Started,FirstByte,TextDelta,Usage,Finished"));
        const ChatEvent* usage = lastOf(run.events, ChatEventKind::Usage);
        QVERIFY(usage);
        QVERIFY(!usage->usage.estimated);
        QCOMPARE(usage->usage.promptTokens.value_or(-1), int64_t(renderedPromptTokens(r)));
        const ChatEvent* finished = lastOf(run.events, ChatEventKind::Finished);
        if (finished->finishReason == "length")
            QCOMPARE(usage->usage.completionTokens.value_or(-1), int64_t(12));
        else
            QVERIFY(usage->usage.completionTokens.value_or(99) < 12);
        QVERIFY(run.metrics.ttftMs.has_value());
        QVERIFY(!run.metrics.tokensEstimated);
        QVERIFY(!run.run.text.empty());
        // Timestamps never go backwards.
        for (size_t i = 1; i < run.events.size(); ++i)
            QVERIFY2(run.events[i].atNs >= run.events[i - 1].atNs, qPrintable(QString("event %1 is earlier than %2").arg(i).arg(i - 1)));
    }

    void greedyIsDeterministic()
    {
        const ChatRequest r = chat(m_id, "Tell me a story", 24);
        const CollectedRun a = StreamCollector::runToEnd(*m_manager->provider(), r);
        const CollectedRun b = StreamCollector::runToEnd(*m_manager->provider(), r); // reuses the cached prompt
        QVERIFY(a.completed && b.completed);
        QVERIFY(!a.run.text.empty());
        QCOMPARE(b.run.text, a.run.text);
    }

    void seedReproducesSampling()
    {
        ChatRequest r = chat(m_id, "Tell me a story", 24, 1.0);
        r.params.seed = 42;
        const CollectedRun a = StreamCollector::runToEnd(*m_manager->provider(), r);
        const CollectedRun b = StreamCollector::runToEnd(*m_manager->provider(), r);
        r.params.seed = 4242;
        const CollectedRun c = StreamCollector::runToEnd(*m_manager->provider(), r);
        QCOMPARE(b.run.text, a.run.text);
        // Near-uniform logits of random weights: 24 draws with another seed do not repeat them.
        QVERIFY2(c.run.text != a.run.text, "seeds 42 and 4242 gave the same 24 sampled tokens");
    }

    void rawPromptSkipsTheTemplate()
    {
        ChatRequest r;
        r.model = m_id;
        r.rawPrompt = "Once upon a time";
        r.params.maxTokens = 10;
        r.params.temperature = 0.0;
        const CollectedRun run = StreamCollector::runToEnd(*m_manager->provider(), r);
        QVERIFY(run.completed);
        const ChatEvent* usage = lastOf(run.events, ChatEventKind::Usage);
        QVERIFY(usage);
        QCOMPARE(usage->usage.promptTokens.value_or(-1), int64_t(m_reference->tokenizer().tokenize("Once upon a time").size()));

        engine::TransformerParams tp;
        tp.contextLength = kContext;
        tp.threadCount = 2;
        auto ctx = m_reference->createContext(tp);
        engine::Generator gen(*m_reference, *ctx);
        engine::GenerationParams gp;
        gp.maxTokens = 10;
        gp.sampler = engine::SamplerParams::greedy();
        const auto expected = gen.generateText("Once upon a time", gp, nullptr);
        QCOMPARE(run.run.text, expected.text);
    }

    void cancelStopsWithinOneToken()
    {
        ChatRequest r = chat(m_id, "Go on forever", 200);
        StreamCollector c(r);
        auto handle = m_manager->provider()->chat(r, slowed(c, 5));
        QVERIFY(waitUntil([&] { return countKind(c.events(), ChatEventKind::TextDelta) >= 3; }, 10000));
        const int atCancel = countKind(c.events(), ChatEventKind::TextDelta);
        handle->cancel();
        handle->wait();
        const auto events = c.events();
        const int after = countKind(events, ChatEventKind::TextDelta) - atCancel;
        QVERIFY2(after <= 1, qPrintable(QString("%1 more deltas arrived after cancel, expected at most 1").arg(after)));
        QCOMPARE(events.back().kind, ChatEventKind::Failed);
        QCOMPARE(events.back().error.kind, ErrorKind::Cancelled);
        const ChatEvent* usage = lastOf(events, ChatEventKind::Usage);
        QVERIFY(usage && usage->usage.completionTokens.value_or(999) < 200);
    }

    void queuedRequestsKeepTheirOwnOutput()
    {
        const ChatRequest a = chat(m_id, "First question", 20);
        const ChatRequest b = chat(m_id, "Second, different question", 20);
        const std::string soloA = StreamCollector::runToEnd(*m_manager->provider(), a).run.text;
        const std::string soloB = StreamCollector::runToEnd(*m_manager->provider(), b).run.text;

        StreamCollector ca(a), cb(b);
        auto ha = m_manager->provider()->chat(a, slowed(ca, 2));
        auto hb = m_manager->provider()->chat(b, cb.sink());
        QVERIFY(waitUntil([&] { return m_manager->model(m_id)->queuedRequests == 1 || hb->finished(); }, 5000));
        ha->wait();
        hb->wait();
        QCOMPARE(ca.run().text, soloA);
        QCOMPARE(cb.run().text, soloB);
        // One at a time: b's first text comes after a finished.
        const ChatEvent* aEnd = lastOf(ca.events(), ChatEventKind::Finished);
        const ChatEvent* bFirst = nullptr;
        for (const auto& e : cb.events())
            if (e.kind == ChatEventKind::FirstByte) {
                bFirst = &e;
                break;
            }
        QVERIFY(aEnd && bFirst);
        QVERIFY2(bFirst->atNs >= aEnd->atNs, "the queued request started generating before the first one ended");
    }

    void cancellingAQueuedRequestRemovesIt()
    {
        const ChatRequest a = chat(m_id, "Keep talking", 60);
        StreamCollector ca(a), cb(a);
        auto ha = m_manager->provider()->chat(a, slowed(ca, 5));
        auto hb = m_manager->provider()->chat(a, cb.sink());
        QVERIFY(waitUntil([&] { return countKind(ca.events(), ChatEventKind::TextDelta) >= 1; }, 10000));
        hb->cancel();
        QVERIFY2(cb.waitDone(1000), "a cancelled queued request did not end at once");
        QVERIFY(!ha->finished());
        const auto events = cb.events();
        QCOMPARE(QString::fromStdString(cb.kindSequence()), QStringLiteral("Started,Failed"));
        QCOMPARE(events.back().error.kind, ErrorKind::Cancelled);
        ha->wait();
        QCOMPARE(ca.events().back().kind, ChatEventKind::Finished);
    }

    void unloadWhileBusyCancelsAndWaits()
    {
        int changes = 0;           // declared before the manager: it outlives its callbacks
        std::mutex changesMutex;
        local::LocalModelManager manager({2, kContext});
        std::string error;
        const std::string id = manager.add(m_modelPath, &error);
        QVERIFY2(manager.load(id, &error), error.c_str());
        manager.setChangedCallback([&] {
            std::lock_guard lock(changesMutex);
            ++changes;
        });
        const ChatRequest r = chat(id, "Talk", 200);
        StreamCollector running(r), queued(r);
        auto h1 = manager.provider()->chat(r, slowed(running, 5));
        auto h2 = manager.provider()->chat(r, queued.sink());
        QVERIFY(waitUntil([&] { return manager.model(id)->busy; }, 5000));
        manager.unload(id);
        QVERIFY2(h1->finished() && h2->finished(), "unload returned before its requests ended");
        QCOMPARE(running.events().back().kind, ChatEventKind::Failed);
        QCOMPARE(running.events().back().error.kind, ErrorKind::Cancelled);
        QCOMPARE(queued.events().back().error.kind, ErrorKind::Cancelled);
        QCOMPARE(manager.model(id)->state, local::ModelState::NotLoaded);
        QCOMPARE(manager.model(id)->memoryBytes, uint64_t(0));
        {
            std::lock_guard lock(changesMutex);
            QVERIFY2(changes >= 2, qPrintable(QString("changed callback ran %1 times").arg(changes)));
        }

        const CollectedRun after = StreamCollector::runToEnd(*manager.provider(), r);
        QCOMPARE(after.events.back().error.kind, ErrorKind::BadRequest);
        QVERIFY2(after.run.error->message.find("no loaded model named 'tiny'") != std::string::npos,
                 after.run.error->message.c_str());
        QVERIFY(manager.provider()->listModels().models.empty());
    }

    void unknownModelFails()
    {
        const CollectedRun run = StreamCollector::runToEnd(*m_manager->provider(), chat("nope", "Hi", 4));
        QCOMPARE(QString::fromStdString(run.kinds), QStringLiteral("Started,Failed"));
        QCOMPARE(run.events.back().error.kind, ErrorKind::BadRequest);
        const std::string& message = run.events.back().error.message;
        QVERIFY2(message.find("'nope'") != std::string::npos && message.find("loaded: tiny") != std::string::npos,
                 message.c_str());
    }

    void contextOverflowIsABadRequest()
    {
        std::string longText;
        for (int i = 0; i < 200; ++i)
            longText += "word" + std::to_string(i) + " ";
        const ChatRequest r = chat(m_id, longText, 4);
        const int promptTokens = renderedPromptTokens(r);
        QVERIFY2(promptTokens > kContext, qPrintable(QString("the test prompt has only %1 tokens").arg(promptTokens)));
        const CollectedRun run = StreamCollector::runToEnd(*m_manager->provider(), r);
        QCOMPARE(QString::fromStdString(run.kinds), QStringLiteral("Started,Failed"));
        const auto& error = run.events.back().error;
        QCOMPARE(error.kind, ErrorKind::BadRequest);
        QVERIFY2(error.message.find(std::to_string(promptTokens) + " tokens") != std::string::npos
                     && error.message.find("context holds " + std::to_string(kContext)) != std::string::npos,
                 error.message.c_str());
        // The worker is still fine afterwards.
        QVERIFY(StreamCollector::runToEnd(*m_manager->provider(), chat(m_id, "Hi", 3)).run.error == std::nullopt);
    }

    void badParametersAreBadRequests_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("max_tokens") << "max_tokens" << "max_tokens must be at least 1";
        QTest::newRow("temperature") << "temperature" << "temperature must not be negative";
        QTest::newRow("top_p") << "top_p" << "top_p must be in (0, 1]";
    }
    void badParametersAreBadRequests()
    {
        QFETCH(QString, field);
        QFETCH(QString, expected);
        ChatRequest r = chat(m_id, "Hi", 4);
        if (field == "max_tokens")
            r.params.maxTokens = 0;
        else if (field == "temperature")
            r.params.temperature = -1.0;
        else
            r.params.topP = 1.5;
        const CollectedRun run = StreamCollector::runToEnd(*m_manager->provider(), r);
        QCOMPARE(run.events.back().error.kind, ErrorKind::BadRequest);
        QVERIFY2(run.events.back().error.message.find(expected.toStdString()) != std::string::npos,
                 run.events.back().error.message.c_str());
    }

    void badFilesAreRefusedWithTheirReason_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not gguf") << "garbage" << "magic";
        QTest::newRow("unsupported architecture") << "gpt2" << "architecture 'gpt2' is not supported";
        QTest::newRow("missing") << "missing" << "";
    }
    void badFilesAreRefusedWithTheirReason()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const std::string path = m_dir.filePath("bad-" + kind + ".gguf").toStdString();
        if (kind == "garbage") {
            std::ofstream(path) << "this is not a model, just some text that is long enough to read a header from";
        } else if (kind == "gpt2") {
            engine::GgufWriter w;
            w.setString("general.architecture", "gpt2");
            const std::vector<uint8_t> bytes(16, 0);
            w.addTensor("token_embd.weight", engine::GgmlType::F32, {4}, bytes);
            w.write(path);
        }
        const size_t before = m_manager->models().size();
        std::string error;
        const std::string id = m_manager->add(path, &error);
        QVERIFY2(id.empty(), id.c_str());
        QCOMPARE(m_manager->models().size(), before);
        QVERIFY2(error.find(path) != std::string::npos, qPrintable("the error does not name the file: " + QString::fromStdString(error)));
        QVERIFY2(error.find(expected.toStdString()) != std::string::npos,
                 qPrintable("expected '" + expected + "' in: " + QString::fromStdString(error)));
    }

    void registersAsTheLocalProviderFactory()
    {
        providers::ProviderConfig config;
        config.id = "local";
        config.kind = providers::ApiKind::Local;
        {
            local::LocalModelManager manager({2, kContext});
            std::string error;
            QVERIFY(manager.load(manager.add(m_modelPath, &error), &error));
            manager.registerAsLocalFactory();
            auto provider = providers::ProviderFactory::create(config, "", &error);
            QVERIFY2(provider, error.c_str());
            const auto list = provider->listModels();
            QCOMPARE(int(list.models.size()), 1);
            QCOMPARE(list.models[0].id, std::string("tiny"));
            const CollectedRun run = StreamCollector::runToEnd(*provider, chat("tiny", "Hi", 3));
            QVERIFY2(!run.run.error, run.run.error ? run.run.error->message.c_str() : "");
        }
        std::string error;
        QVERIFY(!providers::ProviderFactory::create(config, "", &error));
        QVERIFY2(error.find("not available") != std::string::npos, error.c_str());
    }

    void providerOutlivesTheManager()
    {
        std::shared_ptr<providers::Provider> provider;
        {
            local::LocalModelManager manager({2, kContext});
            std::string error;
            QVERIFY(manager.load(manager.add(m_modelPath, &error), &error));
            provider = manager.provider();
            QCOMPARE(provider->id(), std::string("local"));
            QCOMPARE(provider->displayName(), std::string("Local models"));
        }
        QVERIFY(provider->listModels().models.empty());
        const CollectedRun run = StreamCollector::runToEnd(*provider, chat("tiny", "Hi", 2));
        QCOMPARE(run.events.back().kind, ChatEventKind::Failed);
    }
};

QTEST_GUILESS_MAIN(TestLocalProvider)
#include "tst_local_provider.moc"
