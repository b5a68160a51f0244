// RequestExport: curl / Python / JSON exports of a pane's request. The shell and Python
// outputs are executed (against a curl shell function and fake SDK modules), so quoting
// and argument mapping are checked by the real interpreters, not by string matching.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/playground/RequestExport.h"
#include "core/playground/Session.h"
#include "core/providers/AnthropicProvider.h"
#include "core/providers/OpenAiCompatibleProvider.h"

using namespace triad;
using namespace triad::playground;
using providers::ApiKind;
using providers::ChatRequest;
using providers::ProviderConfig;

namespace {

const char* kKey = "sk-export-test-9f8e7d6c5b4a";

ProviderConfig fireworks()
{
    ProviderConfig c;
    c.id = "fireworks";
    c.displayName = "Fireworks";
    c.presetId = "fireworks";
    c.kind = ApiKind::OpenAiCompatible;
    c.baseUrl = "https://api.fireworks.ai/inference/v1";
    c.apiKeyEnv = "TRIAD_EXPORT_KEY";
    c.extraHeaders["HTTP-Referer"] = "https://example.org/it's-mine";
    return c;
}

ProviderConfig anthropicConfig()
{
    ProviderConfig c;
    c.id = "anthropic";
    c.displayName = "Anthropic";
    c.kind = ApiKind::Anthropic;
    c.baseUrl = "https://api.anthropic.com/v1";
    c.apiKeyEnv = "TRIAD_EXPORT_KEY";
    return c;
}

/** A request whose text needs every kind of quoting. */
ChatRequest trickyRequest(const std::string& prompt)
{
    ChatRequest r;
    r.model = "accounts/fireworks/models/llama-v3p1-8b-instruct";
    r.system = "You answer in JSON. Don't use \"smart\" quotes.";
    providers::ChatMessage earlier{"user", "First question", {}, nullptr, {}, {}};
    providers::ChatMessage answer{"assistant", "First answer with 'quotes'", {}, nullptr, {}, {}};
    providers::ChatMessage now{"user", prompt, {}, nullptr, {}, {}};
    r.messages = {earlier, answer, now};
    r.params.temperature = 0.7;
    r.params.maxTokens = 256;
    r.params.topK = 40;
    r.params.stop = {"</end>", "\n\n"};
    r.params.seed = 42;
    return r;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const std::string& text)
{
    const QString path = dir.filePath(name);
    std::ofstream(path.toStdString(), std::ios::binary) << text;
    return path;
}

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessResult runProcess(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

nlohmann::json plain(const nlohmann::ordered_json& j)
{
    return nlohmann::json::parse(j.dump());
}

const char* kFakeOpenAi =
    "import json, os\n"
    "_client = {}\n"
    "class _Completions:\n"
    "    def create(self, **kwargs):\n"
    "        with open(os.environ[\"TRIAD_CAPTURE\"], \"w\") as f:\n"
    "            json.dump({\"client\": _client, \"kwargs\": kwargs}, f)\n"
    "        if kwargs.get(\"stream\"):\n"
    "            return iter([])\n"
    "        from types import SimpleNamespace as N\n"
    "        return N(choices=[N(message=N(content=\"ok\"))], content=[])\n"
    "class _Chat:\n"
    "    completions = _Completions()\n"
    "class OpenAI:\n"
    "    def __init__(self, **kwargs):\n"
    "        _client.update(kwargs)\n"
    "        self.chat = _Chat()\n";

const char* kFakeAnthropic =
    "import json, os\n"
    "_client = {}\n"
    "class _Messages:\n"
    "    def create(self, **kwargs):\n"
    "        with open(os.environ[\"TRIAD_CAPTURE\"], \"w\") as f:\n"
    "            json.dump({\"client\": _client, \"kwargs\": kwargs}, f)\n"
    "        if kwargs.get(\"stream\"):\n"
    "            return iter([])\n"
    "        from types import SimpleNamespace as N\n"
    "        return N(choices=[N(message=N(content=\"ok\"))], content=[])\n"
    "class Anthropic:\n"
    "    def __init__(self, **kwargs):\n"
    "        _client.update(kwargs)\n"
    "        self.messages = _Messages()\n";

} // namespace

class TestRequestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The key is in this process's environment, as it is when Triad runs; exports must
        // still only name the variable.
        qputenv("TRIAD_EXPORT_KEY", kKey);
    }

    void openAiBodyShape()
    {
        ChatRequest r = trickyRequest("Now?");
        r.params.minP = 0.05;
        r.extraBody = {{"response_format", {{"type", "json_object"}}}};
        const nlohmann::ordered_json body = requestBody(r, ApiKind::OpenAiCompatible);
        using J = nlohmann::json;
        const J expected = {
            {"model", "accounts/fireworks/models/llama-v3p1-8b-instruct"},
            {"messages", J::array({
                J{{"role", "system"}, {"content", "You answer in JSON. Don't use \"smart\" quotes."}},
                J{{"role", "user"}, {"content", "First question"}},
                J{{"role", "assistant"}, {"content", "First answer with 'quotes'"}},
                J{{"role", "user"}, {"content", "Now?"}},
            })},
            {"stream", true},
            {"stream_options", {{"include_usage", true}}},
            {"temperature", 0.7}, {"top_k", 40}, {"min_p", 0.05}, {"max_tokens", 256},
            {"stop", {"</end>", "\n\n"}}, {"seed", 42},
            {"response_format", {{"type", "json_object"}}},
        };
        QCOMPARE(QString::fromStdString(plain(body).dump(1)), QString::fromStdString(expected.dump(1)));
        QCOMPARE(QString::fromStdString(body.begin().key()), QStringLiteral("model"));
        // What is exported is exactly what the provider sends.
        QCOMPARE(QString::fromStdString(plain(body).dump()),
                 QString::fromStdString(providers::OpenAiCompatibleProvider::buildRequestBody(r).dump()));
    }

    void anthropicBodyShape()
    {
        ChatRequest r = trickyRequest("Now?");
        r.params.maxTokens.reset();
        r.params.presencePenalty = 0.5;   // Anthropic has no such field: must not be sent
        const nlohmann::json body = plain(requestBody(r, ApiKind::Anthropic));
        QCOMPARE(body.value("max_tokens", 0), providers::AnthropicProvider::kDefaultMaxTokens);
        QCOMPARE(QString::fromStdString(body.value("system", "")), QString::fromStdString(r.system));
        QCOMPARE(body["messages"].size(), size_t(3));
        QCOMPARE(QString::fromStdString(body["messages"][0]["role"].get<std::string>()), QStringLiteral("user"));
        QCOMPARE(QString::fromStdString(body["stop_sequences"].dump()), QStringLiteral("[\"</end>\",\"\\n\\n\"]"));
        QVERIFY2(!body.contains("presence_penalty") && !body.contains("seed") && !body.contains("stream_options"),
                 qPrintable("unsupported fields sent to Anthropic: " + QString::fromStdString(body.dump())));
        QCOMPARE(body.value("top_k", 0), 40);
        QCOMPARE(QString::fromStdString(body.dump()),
                 QString::fromStdString(providers::AnthropicProvider::buildRequestBody(r).dump()));
    }

    void anthropicToolTurns()
    {
        ChatRequest r;
        r.model = "claude";
        providers::ChatMessage ask{"user", "weather?", {}, nullptr, {}, {}};
        providers::ChatMessage call{"assistant", "", {}, nlohmann::json::parse("[{\"id\":\"call_1\",\"type\":\"function\",\n"
            "            \"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]"), {}, {}};
        providers::ChatMessage result{"tool", "rain", {}, nullptr, "call_1", {}};
        r.messages = {ask, call, result};
        const nlohmann::json body = plain(requestBody(r, ApiKind::Anthropic));
        const nlohmann::json& use = body["messages"][1]["content"][0];
        QCOMPARE(QString::fromStdString(use.value("type", "")), QStringLiteral("tool_use"));
        QCOMPARE(QString::fromStdString(use["input"].dump()), QStringLiteral("{\"city\":\"Oslo\"}"));
        const nlohmann::json& res = body["messages"][2];
        QCOMPARE(QString::fromStdString(res.value("role", "")), QStringLiteral("user"));
        QCOMPARE(QString::fromStdString(res["content"][0].value("tool_use_id", "")), QStringLiteral("call_1"));
    }

    void endpointUrls_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("expected");
        QTest::newRow("openai") << int(ApiKind::OpenAiCompatible) << "https://api.fireworks.ai/inference/v1"
                                << "https://api.fireworks.ai/inference/v1/chat/completions";
        QTest::newRow("trailing slash") << int(ApiKind::OpenAiCompatible) << "http://127.0.0.1:8080/v1/"
                                        << "http://127.0.0.1:8080/v1/chat/completions";
        QTest::newRow("anthropic /v1") << int(ApiKind::Anthropic) << "https://api.anthropic.com/v1"
                                       << "https://api.anthropic.com/v1/messages";
        QTest::newRow("anthropic bare") << int(ApiKind::Anthropic) << "https://api.anthropic.com"
                                        << "https://api.anthropic.com/v1/messages";
    }

    void endpointUrls()
    {
        QFETCH(int, kind);
        QFETCH(QString, baseUrl);
        QFETCH(QString, expected);
        ProviderConfig c;
        c.kind = static_cast<ApiKind>(kind);
        c.baseUrl = baseUrl.toStdString();
        QCOMPARE(QString::fromStdString(chatEndpointUrl(c, ChatRequest{})), expected);
    }

    void apiKeyEnvNames_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("apiKeyEnv");
        QTest::addColumn<QString>("expected");
        QTest::newRow("configured") << "x" << "" << "MY_KEY" << "MY_KEY";
        QTest::newRow("from preset") << "custom-1" << "together" << "" << "TOGETHER_API_KEY";
        QTest::newRow("from id") << "lm-studio" << "" << "" << "LM_STUDIO_API_KEY";
        QTest::newRow("pasted key ignored") << "groq" << "" << "sk-abcdef0123456789" << "GROQ_API_KEY";
        QTest::newRow("nothing usable") << "" << "" << "" << "OPENAI_API_KEY";
        QTest::newRow("digit first") << "1x" << "" << "" << "OPENAI_API_KEY";
    }

    void apiKeyEnvNames()
    {
        QFETCH(QString, id);
        QFETCH(QString, preset);
        QFETCH(QString, apiKeyEnv);
        QFETCH(QString, expected);
        ProviderConfig c;
        c.id = id.toStdString();
        c.presetId = preset.toStdString();
        c.apiKeyEnv = apiKeyEnv.toStdString();
        QCOMPARE(QString::fromStdString(apiKeyEnvName(c)), expected);
    }

    void shellQuoteSurvivesBash_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << "hello";
        QTest::newRow("single quotes") << "it's 'quoted' ''";
        QTest::newRow("double quotes") << "say \"hi\"";
        QTest::newRow("newlines") << "line 1\nline 2\n\n";
        QTest::newRow("shell syntax") << "$HOME `id` $(id) \\ ; & | > < * ? ! #";
        QTest::newRow("unicode") << QStringLiteral("Grüße — 日本語 🚀");
        QTest::newRow("empty") << "";
    }

    void shellQuoteSurvivesBash()
    {
        QFETCH(QString, text);
        const std::string script = "printf %s " + shellQuote(text.toStdString());
        ProcessResult r = runProcess("bash", {"-c", QString::fromStdString(script)},
                                     QProcessEnvironment::systemEnvironment());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out), text);
    }

    void curlParsesAndSendsTheBody_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("prompt");
        QTest::newRow("openai, quotes and newlines")
            << int(ApiKind::OpenAiCompatible) << "Isn't it \"odd\"?\nSecond line: 'x' $PATH `ls`";
        QTest::newRow("anthropic, quotes and newlines")
            << int(ApiKind::Anthropic) << "Don't stop.\n\n\"Quoted\" and \\backslash\\";
        QTest::newRow("openai, unicode") << int(ApiKind::OpenAiCompatible) << QStringLiteral("Ünïcödé '✓'");
    }

    void curlParsesAndSendsTheBody()
    {
        QFETCH(int, kind);
        QFETCH(QString, prompt);
        const ProviderConfig config = kind == int(ApiKind::Anthropic) ? anthropicConfig() : fireworks();
        const ChatRequest request = trickyRequest(prompt.toStdString());
        const std::string command = exportAsCurl(request, config);
        QVERIFY2(command.find(kKey) == std::string::npos, "the key value is in the curl command");

        QTemporaryDir dir;
        const QString file = writeFile(dir, "export.sh", command);
        ProcessResult syntax = runProcess("bash", {"-n", file}, QProcessEnvironment::systemEnvironment());
        QVERIFY2(syntax.exitCode == 0, qPrintable("bash -n rejected the command: " + QString::fromUtf8(syntax.err)
                                                  + "\n" + QString::fromStdString(command)));

        // Run it with `curl` replaced by a function that prints its arguments, NUL-separated.
        const QString harness = writeFile(dir, "harness.sh",
                                          "curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n"
                                          "source " + shellQuote(file.toStdString()) + "\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TRIAD_EXPORT_KEY", kKey);
        ProcessResult run = runProcess("bash", {harness}, env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QList<QByteArray> args = run.out.split('\0');
        const int d = args.indexOf("-d");
        QVERIFY2(d >= 0 && d + 1 < args.size(), "no -d argument reached curl");
        nlohmann::json sent = nlohmann::json::parse(args[d + 1].toStdString(), nullptr, false);
        QVERIFY2(!sent.is_discarded(), qPrintable("curl got a body that is not JSON: " + args[d + 1]));
        const nlohmann::json expected = plain(requestBody(request, config.kind));
        QCOMPARE(QString::fromStdString(sent.dump(1)), QString::fromStdString(expected.dump(1)));
        QVERIFY2(args.contains(QByteArray::fromStdString(chatEndpointUrl(config, request))), "URL missing");
        const QByteArray auth = kind == int(ApiKind::Anthropic) ? QByteArray("x-api-key: ") + kKey
                                                                 : QByteArray("Authorization: Bearer ") + kKey;
        QVERIFY2(args.contains(auth), "the shell did not expand the key variable into the auth header");
        if (kind != int(ApiKind::Anthropic))
            QVERIFY2(args.contains("HTTP-Referer: https://example.org/it's-mine"), "extra header mangled");
    }

    void pythonCallsTheSdkWithTheBody_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("stream");
        QTest::newRow("openai stream") << int(ApiKind::OpenAiCompatible) << true;
        QTest::newRow("openai no stream") << int(ApiKind::OpenAiCompatible) << false;
        QTest::newRow("anthropic stream") << int(ApiKind::Anthropic) << true;
    }

    void pythonCallsTheSdkWithTheBody()
    {
        QFETCH(int, kind);
        QFETCH(bool, stream);
        if (QStandardPaths::findExecutable("python3").isEmpty())
            QSKIP("python3 is not installed; the Python export cannot be executed");
        const ProviderConfig config = kind == int(ApiKind::Anthropic) ? anthropicConfig() : fireworks();
        ChatRequest request = trickyRequest("Python's \"\"\"triple\"\"\" quotes\n\\n and None/True");
        request.stream = stream;
        request.params.repetitionPenalty = 1.1;   // not an SDK argument: goes via extra_body
        const std::string script = exportAsPython(request, config);
        QVERIFY2(script.find(kKey) == std::string::npos, "the key value is in the Python export");

        QTemporaryDir dir;
        writeFile(dir, "openai.py", kFakeOpenAi);
        writeFile(dir, "anthropic.py", kFakeAnthropic);
        const QString file = writeFile(dir, "export.py", script);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PYTHONPATH", dir.path());
        env.insert("TRIAD_EXPORT_KEY", kKey);
        env.insert("TRIAD_CAPTURE", dir.filePath("capture.json"));
        ProcessResult run = runProcess("python3", {file}, env);
        QVERIFY2(run.exitCode == 0, qPrintable("python3 failed: " + QString::fromUtf8(run.err) + "\n"
                                               + QString::fromStdString(script)));

        std::ifstream in(dir.filePath("capture.json").toStdString());
        nlohmann::json capture = nlohmann::json::parse(in, nullptr, false);
        QVERIFY2(!capture.is_discarded(), "the SDK create() was not called");
        QCOMPARE(QString::fromStdString(capture["client"].value("api_key", "")), QString::fromUtf8(kKey));
        nlohmann::json kwargs = capture["kwargs"];
        if (kwargs.contains("extra_body")) {
            for (const auto& [k, v] : kwargs["extra_body"].items())
                kwargs[k] = v;
            kwargs.erase("extra_body");
        }
        const nlohmann::json expected = plain(requestBody(request, config.kind));
        QCOMPARE(QString::fromStdString(kwargs.dump(1)), QString::fromStdString(expected.dump(1)));
    }

    void keyNeverInAnyExport_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("format");
        for (int k : {int(ApiKind::OpenAiCompatible), int(ApiKind::Anthropic)}) {
            for (int f : {int(ExportFormat::Curl), int(ExportFormat::Python), int(ExportFormat::Json)})
                QTest::addRow("kind %d format %d", k, f) << k << f;
        }
    }

    void keyNeverInAnyExport()
    {
        QFETCH(int, kind);
        QFETCH(int, format);
        ProviderConfig config = kind == int(ApiKind::Anthropic) ? anthropicConfig() : fireworks();
        // A buggy config that smuggles the key in headers: exports must still leave it out.
        config.extraHeaders["Authorization"] = std::string("Bearer ") + kKey;
        config.extraHeaders["X-Custom"] = kKey;
        const std::string text = exportRequest(trickyRequest("hi"), config, static_cast<ExportFormat>(format));
        QVERIFY2(text.find(kKey) == std::string::npos,
                 qPrintable("key found in export:\n" + QString::fromStdString(text)));
        QVERIFY2(text.find("sk-export") == std::string::npos, "part of the key found in export");
        if (format == int(ExportFormat::Curl))
            QVERIFY2(text.find("${TRIAD_EXPORT_KEY}") != std::string::npos, "curl does not reference the variable");
        if (format == int(ExportFormat::Python))
            QVERIFY2(text.find("os.environ[\"TRIAD_EXPORT_KEY\"]") != std::string::npos,
                     "python does not read the variable");
    }

    void pythonLiterals()
    {
        const auto v = nlohmann::ordered_json::parse("{\"a\": null, \"b\": [true, false], \"c\": \"x\\\"y\", \"d\": {}, \"e\": 1.5}");
        const std::string lit = pythonLiteral(v);
        QVERIFY2(lit.find("\"a\": None") != std::string::npos, lit.c_str());
        QVERIFY2(lit.find("True,") != std::string::npos && lit.find("False,") != std::string::npos, lit.c_str());
        QVERIFY2(lit.find("\"c\": \"x\\\"y\"") != std::string::npos, lit.c_str());
        QVERIFY2(lit.find("\"d\": {}") != std::string::npos, lit.c_str());
        QVERIFY2(lit.find("\"e\": 1.5") != std::string::npos, lit.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRequestExport)
#include "tst_request_export.moc"
