// `triad-cli run` against the scripted server: the JSON contract other tools rely on, the
// exit codes, the key from an environment variable, --anthropic, and the plain mode.
#include <QtTest>

#include <QProcess>

#include <nlohmann/json.hpp>

#include "tests/support/ScriptedServer.h"
#include "tests/support/TestPaths.h"

using namespace triad::testsupport;
using nlohmann::json;

namespace {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    json parsed;   ///< stdout as JSON (discarded when it is not)
};

CliResult runCli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                 const QByteArray& stdinData = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QString::fromStdString(cliPath()), QStringList{"run"} + args);
    CliResult r;
    if (!p.waitForStarted(10000))
        return r;
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.parsed = json::parse(r.out.toStdString(), nullptr, false);
    return r;
}

QByteArray describe(const CliResult& r)
{
    return "exit " + QByteArray::number(r.exitCode) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void jsonContractOnSuccess();
    void estimatedTokensAreFlagged();
    void parametersAndKeyAreSent();
    void anthropicFlagSpeaksMessagesApi();
    void rejectedKeyFailsWithMessage();
    void missingKeyVariableFails();
    void badArgumentsFailWithJson_data();
    void badArgumentsFailWithJson();
    void plainModeStreamsTextAndMetrics();
    void promptFromStdin();

private:
    std::unique_ptr<ScriptedServer> m_server;
};

void TestCliRun::initTestCase()
{
    QVERIFY2(QFileInfo::exists(QString::fromStdString(cliPath())),
             qPrintable("triad-cli not found at " + q(cliPath()) + " (build it, or set TRIAD_CLI)"));
}

void TestCliRun::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->start());
}

void TestCliRun::cleanup()
{
    m_server.reset();
}

void TestCliRun::jsonContractOnSuccess()
{
    StreamScript s;
    s.pieces = {"Paris", " is", " the capital."};
    s.firstDelayMs = 80;
    s.promptTokens = 14;
    s.completionTokens = 5;
    m_server->enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "scripted-model", "--json",
                          "What is the capital of France?"});
    QVERIFY2(r.exitCode == 0, describe(r));
    QVERIFY2(r.parsed.is_object(), describe(r));
    // Exactly the contract's keys.
    QStringList keys;
    for (auto it = r.parsed.begin(); it != r.parsed.end(); ++it)
        keys << q(it.key());
    keys.sort();
    QCOMPARE(keys, (QStringList{"completion_tokens", "e2e_ms", "error", "prompt_tokens", "text", "tokens_estimated", "ttft_ms"}));
    QCOMPARE(q(r.parsed["text"].get<std::string>()), QStringLiteral("Paris is the capital."));
    QVERIFY2(r.parsed["error"].is_null(), describe(r));
    QCOMPARE(r.parsed["prompt_tokens"].get<int>(), 14);
    QCOMPARE(r.parsed["completion_tokens"].get<int>(), 5);
    QCOMPARE(r.parsed["tokens_estimated"].get<bool>(), false);
    const double ttft = r.parsed["ttft_ms"].get<double>();
    const double e2e = r.parsed["e2e_ms"].get<double>();
    QVERIFY2(ttft >= 80 && ttft < 1000, qPrintable(QStringLiteral("ttft_ms %1, server waited 80 ms").arg(ttft)));
    QVERIFY2(e2e >= ttft, qPrintable(QStringLiteral("e2e_ms %1 < ttft_ms %2").arg(e2e).arg(ttft)));
    QCOMPARE(r.out.count('\n'), 1);   // one JSON object, one line
}

void TestCliRun::estimatedTokensAreFlagged()
{
    StreamScript s;
    s.pieces = {"no usage here"};
    m_server->enqueue("/v1/chat/completions", ScriptedServer::ollamaStream(s));
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "llama3.2", "--json", "hi"});
    QVERIFY2(r.exitCode == 0, describe(r));
    QCOMPARE(r.parsed["tokens_estimated"].get<bool>(), true);
    QVERIFY2(r.parsed["completion_tokens"].get<int>() > 0, describe(r));
}

void TestCliRun::parametersAndKeyAreSent()
{
    StreamScript s;
    s.pieces = {"ok"};
    m_server->enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("TRIAD_TEST_KEY", "sk-cli-test-key-00000000abcd");
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "m1", "--api-key-env", "TRIAD_TEST_KEY",
                          "--max-tokens", "64", "--temperature", "0.3", "--system", "Be short.", "--json", "hello"},
                         env);
    QVERIFY2(r.exitCode == 0, describe(r));
    auto sent = m_server->requests().at(0);
    QCOMPARE(q(sent.header("Authorization").value_or("")), QStringLiteral("Bearer sk-cli-test-key-00000000abcd"));
    json body = sent.json();
    QCOMPARE(body.value("max_tokens", 0), 64);
    QCOMPARE(body.value("temperature", 0.0), 0.3);
    QCOMPARE(q(body.value("model", "")), QStringLiteral("m1"));
    QCOMPARE(q(body["messages"][0].value("content", "")), QStringLiteral("Be short."));
    QCOMPARE(q(body["messages"][1].value("content", "")), QStringLiteral("hello"));
    QVERIFY2(!r.out.contains("sk-cli-test-key") && !r.err.contains("sk-cli-test-key"), "the key must never be printed");
}

void TestCliRun::anthropicFlagSpeaksMessagesApi()
{
    StreamScript s;
    s.pieces = {"Bonjour"};
    s.promptTokens = 7;
    s.completionTokens = 2;
    m_server->enqueue("/v1/messages", ScriptedServer::anthropicStream(s));
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("TRIAD_ANT_KEY", "sk-ant-test-0000000000wxyz");
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "claude-x", "--anthropic",
                          "--api-key-env", "TRIAD_ANT_KEY", "--json", "salut"},
                         env);
    QVERIFY2(r.exitCode == 0, describe(r));
    QCOMPARE(q(r.parsed["text"].get<std::string>()), QStringLiteral("Bonjour"));
    QCOMPARE(r.parsed["prompt_tokens"].get<int>(), 7);
    auto sent = m_server->requests().at(0);
    QCOMPARE(q(sent.path), QStringLiteral("/v1/messages"));
    QCOMPARE(q(sent.header("x-api-key").value_or("")), QStringLiteral("sk-ant-test-0000000000wxyz"));
    QCOMPARE(sent.json().value("max_tokens", 0), 1024);
}

void TestCliRun::rejectedKeyFailsWithMessage()
{
    m_server->enqueue("/v1/chat/completions", ScriptedServer::errorResponse(401, "Invalid API key"));
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("TRIAD_TEST_KEY", "sk-wrong-0000000000001111");
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "m", "--api-key-env", "TRIAD_TEST_KEY",
                          "--json", "hi"},
                         env);
    QVERIFY2(r.exitCode == 1, describe(r));
    QVERIFY2(r.parsed.is_object() && r.parsed["error"].is_string(), describe(r));
    QCOMPARE(q(r.parsed["error"].get<std::string>()),
             QStringLiteral("The API key was rejected by 127.0.0.1 (HTTP 401): Invalid API key"));
    QCOMPARE(q(r.parsed["text"].get<std::string>()), QString());
    QVERIFY(r.parsed["ttft_ms"].is_null());
}

void TestCliRun::missingKeyVariableFails()
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove("TRIAD_UNSET_KEY_VAR");
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "m", "--api-key-env", "TRIAD_UNSET_KEY_VAR",
                          "--json", "hi"},
                         env);
    QVERIFY2(r.exitCode != 0, describe(r));
    QVERIFY2(r.parsed.is_object(), describe(r));
    QCOMPARE(q(r.parsed["error"].get<std::string>()),
             QStringLiteral("environment variable TRIAD_UNSET_KEY_VAR is not set (it should hold the API key)"));
    QCOMPARE(m_server->requestCount(), size_t(0));
}

void TestCliRun::badArgumentsFailWithJson_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("no model") << QStringList{"--base-url", "http://127.0.0.1:1/v1", "--json", "hi"} << "missing --model";
    QTest::newRow("no prompt") << QStringList{"--base-url", "http://127.0.0.1:1/v1", "--model", "m", "--json"}
                               << "missing PROMPT (give it as the last argument, or '-' to read stdin)";
    QTest::newRow("bad number") << QStringList{"--base-url", "x", "--model", "m", "--max-tokens", "many", "--json", "hi"}
                                << "option --max-tokens expects a whole number, got 'many'";
    QTest::newRow("unknown option") << QStringList{"--frobnicate", "--json", "hi"} << "unknown option --frobnicate";
    QTest::newRow("no base url") << QStringList{"--model", "m", "--json", "hi"}
                                 << "missing --base-url (e.g. http://127.0.0.1:8080/v1)";
}

void TestCliRun::badArgumentsFailWithJson()
{
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    CliResult r = runCli(args);
    QVERIFY2(r.exitCode != 0, describe(r));
    QVERIFY2(r.parsed.is_object() && r.parsed["error"].is_string(), describe(r));
    QCOMPARE(q(r.parsed["error"].get<std::string>()), error);
}

void TestCliRun::plainModeStreamsTextAndMetrics()
{
    StreamScript s;
    s.pieces = {"plain ", "text"};
    m_server->enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "m", "hi"});
    QVERIFY2(r.exitCode == 0, describe(r));
    QCOMPARE(r.out, QByteArray("plain text"));
    QVERIFY2(r.err.contains("ttft") && r.err.contains("tokens"), describe(r));
}

void TestCliRun::promptFromStdin()
{
    StreamScript s;
    s.pieces = {"read it"};
    m_server->enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));
    CliResult r = runCli({"--base-url", q(m_server->baseUrl()), "--model", "m", "--json", "-"},
                         QProcessEnvironment::systemEnvironment(), "a prompt\nover two lines");
    QVERIFY2(r.exitCode == 0, describe(r));
    QCOMPARE(q(m_server->requests().at(0).json()["messages"][0].value("content", "")),
             QStringLiteral("a prompt\nover two lines"));
}

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_cli_run.moc"
