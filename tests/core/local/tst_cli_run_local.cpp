// `triad-cli run --model-file` (the command-line contract of issue 3): the same JSON as the
// remote form, exact token counts, --raw without the template, --seed reproducible across
// processes, and a clear error for a file that is not a model.

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

struct CliResult {
    int exitCode = -1;
    json parsed;
    QString stderrText;
};

CliResult runCli(const QStringList& args, const QString& builtInModel = {})
{
    QProcess p;
    if (!builtInModel.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TRIAD_BUNDLED_MODEL", builtInModel);
        p.setProcessEnvironment(env);
    }
    p.start(QString::fromStdString(triad::testsupport::cliPath()), args);
    CliResult r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        return r;
    }
    r.exitCode = p.exitCode();
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    r.parsed = json::parse(p.readAllStandardOutput().toStdString(), nullptr, false);
    return r;
}

} // namespace

class TestCliRunLocal : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;
    std::unique_ptr<triad::engine::Model> m_reference;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath("tiny.gguf");
        QProcess synth;
        synth.start(QString::fromStdString(triad::testsupport::cliPath()),
                    {"model", "synth", "--arch", "qwen2", "--dim", "64", "--layers", "2", "--heads", "4",
                     "--kv-heads", "2", "--ffn", "128", "--vocab", "512", "--type", "Q8_0", "--out", m_model});
        QVERIFY(synth.waitForFinished(60000));
        QVERIFY2(synth.exitCode() == 0, synth.readAllStandardError().constData());
        m_reference = triad::engine::Model::load(m_model.toStdString());
    }

    void printsTheRunJson()
    {
        const CliResult r = runCli({"run", "--model-file", m_model, "--max-tokens", "8", "--temperature", "0",
                                    "--threads", "2", "--json", "Hello there"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY2(r.parsed.is_object(), "stdout is not one JSON object");
        for (const char* key : {"text", "ttft_ms", "e2e_ms", "prompt_tokens", "completion_tokens", "tokens_estimated", "error"})
            QVERIFY2(r.parsed.contains(key), key);
        QVERIFY(r.parsed["error"].is_null());
        QCOMPARE(r.parsed["tokens_estimated"].get<bool>(), false);
        const int64_t completion = r.parsed["completion_tokens"].get<int64_t>();
        QVERIFY2(completion >= 1 && completion <= 8, qPrintable(QString("completion_tokens %1").arg(completion)));
        triad::engine::TokenizeOptions o;
        o.addSpecial = true;
        o.parseSpecial = true;
        const auto expected = m_reference->tokenizer().tokenize(
            m_reference->chatTemplate().render({{"user", "Hello there"}}, true), o);
        QCOMPARE(r.parsed["prompt_tokens"].get<int64_t>(), int64_t(expected.size()));
        QVERIFY(r.parsed["ttft_ms"].is_number());
        QVERIFY(r.parsed["e2e_ms"].get<double>() >= r.parsed["ttft_ms"].get<double>());
    }

    /** No --model-file and no endpoint: the built-in model answers, exactly as with the file. */
    void withoutModelFileTheBuiltInModelAnswers()
    {
        const QStringList common{"--max-tokens", "6", "--temperature", "0", "--json", "Hello there"};
        const CliResult builtIn = runCli(QStringList{"run"} + common, m_model);
        QVERIFY2(builtIn.exitCode == 0, qPrintable(builtIn.stderrText));
        QVERIFY2(builtIn.parsed.is_object() && builtIn.parsed["error"].is_null(), qPrintable(builtIn.stderrText));
        const CliResult explicitFile = runCli(QStringList{"run", "--model-file", m_model} + common);
        QCOMPARE(builtIn.parsed["text"], explicitFile.parsed["text"]);
        QCOMPARE(builtIn.parsed["prompt_tokens"], explicitFile.parsed["prompt_tokens"]);

        const QString missing = m_dir.filePath("no-such-model.gguf");
        const CliResult none = runCli(QStringList{"run"} + common, missing);
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.parsed.is_object() && none.parsed["error"].is_string(), qPrintable(none.stderrText));
        const QString error = QString::fromStdString(none.parsed["error"].get<std::string>());
        QVERIFY2(error.startsWith("no model: give --model-file PATH") && error.contains(missing), qPrintable(error));
    }

    void rawSendsThePromptAsIs()
    {
        const CliResult r = runCli({"run", "--model-file", m_model, "--max-tokens", "4", "--raw", "--json", "Once upon a time"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QCOMPARE(r.parsed["prompt_tokens"].get<int64_t>(),
                 int64_t(m_reference->tokenizer().tokenize("Once upon a time").size()));
    }

    void seedIsReproducibleAcrossProcesses()
    {
        const QStringList args{"run", "--model-file", m_model, "--max-tokens", "16", "--temperature", "1",
                               "--seed", "1234", "--raw", "--json", "The"};
        const CliResult a = runCli(args);
        const CliResult b = runCli(args);
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, qPrintable(a.stderrText + b.stderrText));
        QCOMPARE(QString::fromStdString(b.parsed["text"].get<std::string>()),
                 QString::fromStdString(a.parsed["text"].get<std::string>()));
    }

    void badFileIsAnErrorNamingIt()
    {
        const QString path = m_dir.filePath("notes.gguf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some notes, not a model at all, long enough to be read as a header");
        f.close();
        const CliResult r = runCli({"run", "--model-file", path, "--json", "Hi"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.parsed.is_object());
        const std::string error = r.parsed["error"].get<std::string>();
        QVERIFY2(error.find(path.toStdString()) != std::string::npos, error.c_str());
    }

    void localOptionsNeedAModelFile()
    {
        const CliResult r = runCli({"run", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--raw", "--json", "Hi"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.parsed["error"].get<std::string>().find("--model-file") != std::string::npos,
                 r.parsed["error"].get<std::string>().c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliRunLocal)
#include "tst_cli_run_local.moc"
