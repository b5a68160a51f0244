// LoRA adapters from the command line, end to end with Triad's own trainer: `triad-cli train`
// writes an adapter and (same seed) a merged model of a small synthetic model; then
//  - `run --model-file BASE --adapter ADAPTER.gguf --json PROMPT` answers like the merged model
//    (the contract of issue 4, and the form the bundled model's README shows);
//  - `--adapter-scale 0` is the base model; a mismatched adapter fails naming the file;
//  - `serve --adapter NAME=PATH` lists "<model>+NAME" in /v1/models and answers with it,
//    switching between base and adapter per request like fresh runs of each.

#include "core/providers/OpenAiCompatibleProvider.h"
#include "tests/support/StreamCollector.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using nlohmann::json;
using namespace triad;

namespace {

struct CliResult {
    int exitCode = -1;
    json parsed;
    QString stdoutText;
    QString stderrText;
};

CliResult runCli(const QStringList& args)
{
    QProcess p;
    p.start(QString::fromStdString(testsupport::cliPath()), args);
    CliResult r;
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.stdoutText = QString::fromUtf8(p.readAllStandardOutput());
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    r.parsed = json::parse(r.stdoutText.toStdString(), nullptr, false);
    return r;
}

QByteArray describe(const CliResult& r)
{
    return ("exit " + QString::number(r.exitCode) + "\nstdout: " + r.stdoutText + "\nstderr: " + r.stderrText).toUtf8();
}

const QString kPrompt = QStringLiteral("letter c");

providers::ChatRequest chat(const std::string& model)
{
    providers::ChatRequest r;
    r.model = model;
    r.messages.push_back({"user", kPrompt.toStdString(), {}, nullptr, {}, {}});
    r.params.maxTokens = 12;
    r.params.temperature = 0.0;
    return r;
}

} // namespace

class TestCliAdapter : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_base, m_adapter, m_merged, m_otherAdapter;
    QString m_baseText, m_mergedText;

    QString file(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QString synth(const char* name, int dim)
    {
        const QString out = file(name);
        const CliResult r = runCli({"model", "synth", "--arch", "llama", "--dim", QString::number(dim), "--layers", "2",
                                    "--heads", "4", "--kv-heads", "2", "--ffn", "128", "--vocab", "512", "--type", "F32",
                                    "--out", out});
        if (r.exitCode != 0)
            qWarning("model synth failed: %s", describe(r).constData());
        return out;
    }

    CliResult train(const QString& base, const QString& out, bool merged)
    {
        QStringList args{"train", "--base", base, "--data", file("data.jsonl"), "--method", "lora", "--rank", "4",
                         "--epochs", "3", "--batch", "4", "--lr", "0.02", "--seed", "1", "--threads", "2", "--out", out};
        if (merged)
            args << "--merged";
        return runCli(args);
    }

    /** The answer of `run --json` with @p extra options (greedy, 12 tokens). */
    CliResult answer(const QStringList& extra)
    {
        return runCli(QStringList{"run"} + extra
                      + QStringList{"--temperature", "0", "--max-tokens", "12", "--threads", "2", "--json", kPrompt});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        {
            std::ofstream out(file("data.jsonl").toStdString());
            for (char c = 'a'; c <= 'l'; ++c)
                out << "{\"messages\":[{\"role\":\"user\",\"content\":\"letter " << c
                    << "\"},{\"role\":\"assistant\",\"content\":\"The answer is " << c << c << c << ".\"}]}\n";
        }
        m_base = synth("base.gguf", 64);
        m_adapter = file("style.gguf");
        m_merged = file("merged.gguf");
        CliResult r = train(m_base, m_adapter, false);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        r = train(m_base, m_merged, true);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        // An adapter trained for a model of another width.
        const QString narrow = synth("narrow.gguf", 32);
        m_otherAdapter = file("narrow-adapter.gguf");
        r = train(narrow, m_otherAdapter, false);
        QVERIFY2(r.exitCode == 0, describe(r).constData());

        r = answer({"--model-file", m_base});
        QVERIFY2(r.exitCode == 0, describe(r));
        m_baseText = QString::fromStdString(r.parsed["text"].get<std::string>());
        r = answer({"--model-file", m_merged});
        QVERIFY2(r.exitCode == 0, describe(r));
        m_mergedText = QString::fromStdString(r.parsed["text"].get<std::string>());
        QVERIFY2(m_baseText != m_mergedText,
                 qPrintable("training did not change the answer: both '" + m_baseText + "'"));
    }

    void runWithAdapterAnswersLikeTheMergedModel()
    {
        const CliResult r = answer({"--model-file", m_base, "--adapter", m_adapter});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.parsed.is_object(), "stdout is not one JSON object");
        for (const char* key : {"text", "ttft_ms", "e2e_ms", "prompt_tokens", "completion_tokens", "tokens_estimated", "error"})
            QVERIFY2(r.parsed.contains(key), key);
        QVERIFY(r.parsed["error"].is_null());
        QCOMPARE(r.parsed["tokens_estimated"].get<bool>(), false);
        QCOMPARE(QString::fromStdString(r.parsed["text"].get<std::string>()), m_mergedText);
    }

    void readmeFormStreamsTheAdapterAnswer()
    {
        // resources/models/README.md: triad-cli run --model-file BASE --adapter A --temperature 0 "PROMPT"
        const CliResult r = runCli({"run", "--model-file", m_base, "--adapter", m_adapter, "--temperature", "0",
                                    "--max-tokens", "12", kPrompt});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.stdoutText, m_mergedText);
    }

    void adapterScaleZeroIsTheBaseModel()
    {
        const CliResult r = answer({"--model-file", m_base, "--adapter", m_adapter, "--adapter-scale", "0"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QString::fromStdString(r.parsed["text"].get<std::string>()), m_baseText);
    }

    void mismatchedAdapterFailsNamingIt()
    {
        const CliResult r = answer({"--model-file", m_base, "--adapter", m_otherAdapter});
        QVERIFY2(r.exitCode == 1, describe(r).constData());
        const std::string error = r.parsed.value("error", "");
        QVERIFY2(error.find(m_otherAdapter.toStdString()) != std::string::npos, error.c_str());
        QVERIFY2(error.find("lora_a must be [64, r]") != std::string::npos, error.c_str());
    }

    void adapterOptionsNeedTheirCompanions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("--adapter on a remote model") << QStringList{"--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                                                                    "--adapter", "a.gguf"}
                                                     << "--model-file";
        QTest::newRow("--adapter-scale without --adapter") << QStringList{"--model-file", "x.gguf", "--adapter-scale", "2"}
                                                           << "give --adapter";
        QTest::newRow("--adapter-scale not a number") << QStringList{"--model-file", "x.gguf", "--adapter", "a.gguf",
                                                                     "--adapter-scale", "lots"}
                                                      << "--adapter-scale expects a number";
    }

    void adapterOptionsNeedTheirCompanions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runCli(QStringList{"run"} + args + QStringList{"--json", "Hi"});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(QString::fromStdString(r.parsed.value("error", "")).contains(message), describe(r).constData());
    }

    void serveListsAndAnswersTheAdapterModel()
    {
        QProcess serve;
        serve.setProcessChannelMode(QProcess::SeparateChannels);
        serve.start(QString::fromStdString(testsupport::cliPath()),
                    {"serve", "--model-file", m_base, "--adapter", "style=" + m_adapter, "--port", "0", "--threads", "2",
                     "--context", "256"});
        QVERIFY2(serve.waitForStarted(10000), "triad-cli serve did not start");
        QByteArray out;
        const QRegularExpression listening("^Listening on (http://127\\.0\\.0\\.1:\\d+)\\n");
        QRegularExpressionMatch match;
        for (int i = 0; i < 300 && !(match = listening.match(QString::fromUtf8(out))).hasMatch(); ++i) {
            if (serve.state() == QProcess::NotRunning)
                break;
            serve.waitForReadyRead(100);
            out += serve.readAllStandardOutput();
        }
        QVERIFY2(match.hasMatch(), qPrintable("expected 'Listening on http://127.0.0.1:PORT', got stdout '" + QString::fromUtf8(out)
                                              + "', stderr '" + QString::fromUtf8(serve.readAllStandardError()) + "'"));
        providers::ProviderConfig config;
        config.id = "serve";
        config.displayName = "triad serve";
        config.baseUrl = (match.captured(1) + "/v1").toStdString();
        config.maxRetries = 0;
        providers::OpenAiCompatibleProvider client(config, "");

        const auto list = client.listModels();
        QVERIFY2(!list.error, list.error ? list.error->message.c_str() : "");
        std::vector<std::string> ids;
        for (const auto& m : list.models)
            ids.push_back(m.id);
        QCOMPARE(ids, (std::vector<std::string>{"base", "base+style"}));

        // Adapter, base, adapter on one worker: each like a fresh run of the same weights.
        const std::vector<std::pair<std::string, QString>> sequence{
            {"base+style", m_mergedText}, {"base", m_baseText}, {"base+style", m_mergedText}};
        for (const auto& [model, expected] : sequence) {
            const testsupport::CollectedRun run = testsupport::StreamCollector::runToEnd(client, chat(model), 60000);
            QVERIFY2(run.completed && !run.run.error, run.run.error ? run.run.error->message.c_str() : "no final event");
            QVERIFY2(QString::fromStdString(run.run.text) == expected,
                     qPrintable(QStringLiteral("%1: expected '%2', got '%3'")
                                    .arg(QString::fromStdString(model), expected, QString::fromStdString(run.run.text))));
        }
        serve.terminate();
        QVERIFY2(serve.waitForFinished(10000), "triad-cli serve did not stop on SIGTERM");
        QCOMPARE(serve.exitCode(), 0);
    }

    void serveRefusesAnAdapterThatFitsNoModel()
    {
        const CliResult r = runCli({"serve", "--model-file", m_base, "--adapter", m_otherAdapter, "--port", "0"});
        QVERIFY2(r.exitCode == 1, describe(r).constData());
        QVERIFY2(r.stderrText.contains(m_otherAdapter) && r.stderrText.contains("fits none of the models"),
                 describe(r).constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAdapter)
#include "tst_cli_adapter.moc"
