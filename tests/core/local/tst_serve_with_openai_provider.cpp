// `triad-cli serve` on a small random-weight model, driven by Triad's own
// OpenAiCompatibleProvider as a client: model list, streamed chat with exact usage and TTFT,
// concurrent requests that must not mix, cancel, and the errors for an unknown model and a
// prompt that does not fit the context. Prints the TTFT and the timings of 4 concurrent
// streams (figures for the engine issue).

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/providers/OpenAiCompatibleProvider.h"
#include "tests/support/StreamCollector.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <chrono>
#include <future>
#include <thread>

using namespace triad;
using providers::ChatEvent;
using providers::ChatEventKind;
using providers::ChatRequest;
using providers::ErrorKind;
using testsupport::CollectedRun;
using testsupport::StreamCollector;

namespace {

constexpr int kContext = 512;

ChatRequest chat(const std::string& user, int maxTokens)
{
    ChatRequest r;
    r.model = "tiny";
    r.messages.push_back({"user", user, {}, nullptr, {}, {}});
    r.params.maxTokens = maxTokens;
    r.params.temperature = 0.0;
    return r;
}

const ChatEvent* lastOf(const std::vector<ChatEvent>& events, ChatEventKind kind)
{
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (it->kind == kind)
            return &*it;
    return nullptr;
}

} // namespace

class TestServeWithOpenAiProvider : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_serve;
    QString m_model;
    QString m_baseUrl;
    std::unique_ptr<providers::OpenAiCompatibleProvider> m_provider;
    std::unique_ptr<engine::Model> m_reference;

    int promptTokens(const ChatRequest& r) const
    {
        std::vector<engine::ChatTurn> turns;
        for (const auto& m : r.messages)
            turns.push_back({m.role, m.content});
        engine::TokenizeOptions o;
        o.addSpecial = true;
        o.parseSpecial = true;
        return int(m_reference->tokenizer().tokenize(m_reference->chatTemplate().render(turns, true), o).size());
    }

    /** Starts `triad-cli serve ARGS` and returns its base URL ("" and a failure when it did not listen). */
    static QString startServe(QProcess& serve, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        serve.setProcessChannelMode(QProcess::SeparateChannels);
        serve.setProcessEnvironment(env);
        serve.start(QString::fromStdString(testsupport::cliPath()), QStringList{"serve"} + args);
        if (!serve.waitForStarted(10000)) {
            qWarning("triad-cli serve did not start");
            return {};
        }
        QByteArray out;
        const QRegularExpression listening("^Listening on (http://127\\.0\\.0\\.1:\\d+)\\n");
        QRegularExpressionMatch match;
        for (int i = 0; i < 300 && !(match = listening.match(QString::fromUtf8(out))).hasMatch(); ++i) {
            if (serve.state() == QProcess::NotRunning)
                break;
            serve.waitForReadyRead(100);
            out += serve.readAllStandardOutput();
        }
        if (!match.hasMatch()) {
            qWarning("expected 'Listening on http://127.0.0.1:PORT', got stdout '%s', stderr '%s'", out.constData(),
                     serve.readAllStandardError().constData());
            return {};
        }
        return match.captured(1);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString model = m_dir.filePath("tiny.gguf");
        QProcess synth;
        synth.start(QString::fromStdString(testsupport::cliPath()),
                    {"model", "synth", "--arch", "llama", "--dim", "64", "--layers", "2", "--heads", "4",
                     "--kv-heads", "2", "--ffn", "128", "--vocab", "512", "--type", "Q8_0", "--out", model});
        QVERIFY(synth.waitForFinished(60000));
        QVERIFY2(synth.exitCode() == 0, synth.readAllStandardError().constData());
        m_reference = engine::Model::load(model.toStdString());

        m_baseUrl = startServe(m_serve, {"--model-file", model, "--port", "0", "--threads", "2", "--context",
                                          QString::number(kContext)});
        QVERIFY(!m_baseUrl.isEmpty());
        m_model = model;

        providers::ProviderConfig config;
        config.id = "serve";
        config.displayName = "triad serve";
        config.baseUrl = (m_baseUrl + "/v1").toStdString();
        config.maxRetries = 0;
        m_provider = std::make_unique<providers::OpenAiCompatibleProvider>(config, "");
    }

    void cleanupTestCase()
    {
        if (m_serve.state() == QProcess::NotRunning)
            return;
        m_serve.terminate(); // SIGTERM: a clean stop
        QVERIFY2(m_serve.waitForFinished(10000), "triad-cli serve did not stop on SIGTERM");
        QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_serve.exitCode(), 0);
        QVERIFY2(m_serve.readAllStandardOutput().isEmpty(), "serve printed more than the Listening line on stdout");
    }

    /** `serve` with no --model-file serves the built-in model. */
    void servesTheBuiltInModelWithoutAFile()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TRIAD_BUNDLED_MODEL", m_model);
        QProcess serve;
        const QString url = startServe(serve, {"--port", "0", "--threads", "1"}, env);
        QVERIFY(!url.isEmpty());
        providers::ProviderConfig config;
        config.id = "builtin";
        config.baseUrl = (url + "/v1").toStdString();
        config.maxRetries = 0;
        providers::OpenAiCompatibleProvider provider(config, "");
        const auto list = provider.listModels();
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
        QVERIFY2(!list.error, list.error ? list.error->message.c_str() : "");
        QCOMPARE(int(list.models.size()), 1);
        QCOMPARE(list.models[0].id, std::string("tiny"));

        env.insert("TRIAD_BUNDLED_MODEL", m_dir.filePath("missing.gguf"));
        QProcess refused;
        refused.setProcessEnvironment(env);
        refused.start(QString::fromStdString(testsupport::cliPath()), {"serve", "--port", "0"});
        QVERIFY(refused.waitForFinished(10000));
        QCOMPARE(refused.exitCode(), 2);
        QVERIFY2(refused.readAllStandardError().contains("missing --model-file PATH"), "no clear error without a model");
    }

    void listsTheModel()
    {
        const auto list = m_provider->listModels();
        QVERIFY2(!list.error, list.error ? list.error->message.c_str() : "");
        QCOMPARE(int(list.models.size()), 1);
        QCOMPARE(list.models[0].id, std::string("tiny"));
    }

    void streamsWithExactUsageAndTtft()
    {
        const ChatRequest r = chat("Say hello to the world", 16);
        const CollectedRun run = StreamCollector::runToEnd(*m_provider, r);
        QVERIFY(run.completed);
        QVERIFY2(!run.run.error, run.run.error ? run.run.error->message.c_str() : "");
        QVERIFY2(run.kinds.rfind("Started,FirstByte,TextDelta", 0) == 0, run.kinds.c_str());
        QVERIFY2(run.kinds.find("Usage,Finished") != std::string::npos, run.kinds.c_str());
        QVERIFY(!run.metrics.tokensEstimated);
        QCOMPARE(run.metrics.promptTokens.value_or(-1), int64_t(promptTokens(r)));
        const ChatEvent* finished = lastOf(run.events, ChatEventKind::Finished);
        if (finished->finishReason == "length")
            QCOMPARE(run.metrics.completionTokens.value_or(-1), int64_t(16));
        QVERIFY(run.metrics.ttftMs.has_value());
        QVERIFY(run.metrics.e2eMs.has_value());
        qInfo("serve, synth model (llama dim 64, 2 layers, vocab 512, Q8_0), 2 threads: TTFT %.2f ms, "
              "e2e %.2f ms for %lld tokens",
              *run.metrics.ttftMs, *run.metrics.e2eMs, static_cast<long long>(run.metrics.completionTokens.value_or(0)));

        // The same greedy request again gives the same text (the cached prefix is reused).
        QCOMPARE(StreamCollector::runToEnd(*m_provider, r).run.text, run.run.text);
    }

    void concurrentRequestsDoNotMix_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("2") << 2;
        QTest::newRow("4") << 4;
    }
    void concurrentRequestsDoNotMix()
    {
        QFETCH(int, count);
        std::vector<ChatRequest> requests;
        std::vector<std::string> solo;
        for (int i = 0; i < count; ++i) {
            requests.push_back(chat("Question number " + std::to_string(i) + ": what now?", 24));
            solo.push_back(StreamCollector::runToEnd(*m_provider, requests.back()).run.text);
        }
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::future<CollectedRun>> futures;
        for (const auto& r : requests)
            futures.push_back(std::async(std::launch::async, [this, r] { return StreamCollector::runToEnd(*m_provider, r); }));
        std::vector<CollectedRun> runs;
        for (auto& f : futures)
            runs.push_back(f.get());
        const double wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        QString figures;
        for (int i = 0; i < count; ++i) {
            QVERIFY2(!runs[size_t(i)].run.error,
                     runs[size_t(i)].run.error ? runs[size_t(i)].run.error->message.c_str() : "");
            QCOMPARE(runs[size_t(i)].run.text, solo[size_t(i)]);
            figures += QString(" #%1 ttft %2 ms e2e %3 ms;")
                           .arg(i)
                           .arg(runs[size_t(i)].metrics.ttftMs.value_or(-1), 0, 'f', 1)
                           .arg(runs[size_t(i)].metrics.e2eMs.value_or(-1), 0, 'f', 1);
        }
        qInfo("%d concurrent streams, wall %.1f ms:%s", count, wallMs, qPrintable(figures));
    }

    void cancelledStreamFreesTheWorker()
    {
        ChatRequest r = chat("Talk for a long time", 400);
        StreamCollector c(r);
        auto handle = m_provider->chat(r, c.sink());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (c.events().size() < 4 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        handle->cancel();
        handle->wait();
        QCOMPARE(c.events().back().kind, ChatEventKind::Failed);
        // The server noticed the closed connection: the next request is served normally.
        const CollectedRun next = StreamCollector::runToEnd(*m_provider, chat("Hi", 4), 10000);
        QVERIFY2(next.completed && !next.run.error, next.kinds.c_str());
    }

    void unknownModelIsAnError()
    {
        ChatRequest r = chat("Hi", 4);
        r.model = "no-such-model";
        const CollectedRun run = StreamCollector::runToEnd(*m_provider, r);
        QVERIFY(run.run.error.has_value());
        QCOMPARE(run.run.error->kind, ErrorKind::BadRequest);
        QCOMPARE(run.run.error->httpStatus, 404);
        QVERIFY2(run.run.error->message.find("no-such-model") != std::string::npos, run.run.error->message.c_str());
    }

    void contextOverflowIsABadRequest()
    {
        std::string longText;
        for (int i = 0; i < 400; ++i)
            longText += "word" + std::to_string(i) + " ";
        const ChatRequest r = chat(longText, 4);
        const int tokens = promptTokens(r);
        QVERIFY2(tokens > kContext, qPrintable(QString("the test prompt has only %1 tokens").arg(tokens)));
        const CollectedRun run = StreamCollector::runToEnd(*m_provider, r);
        QVERIFY(run.run.error.has_value());
        QCOMPARE(run.run.error->kind, ErrorKind::BadRequest);
        QCOMPARE(run.run.error->httpStatus, 400);
        QVERIFY2(run.run.error->message.find(std::to_string(tokens) + " tokens") != std::string::npos,
                 run.run.error->message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestServeWithOpenAiProvider)
#include "tst_serve_with_openai_provider.moc"
