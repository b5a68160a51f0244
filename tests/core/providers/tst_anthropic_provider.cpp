// AnthropicProvider against the scripted server: named events, usage from message_start
// and message_delta, thinking, tool use, error events, headers and the request body.
#include <QtTest>

#include "core/providers/AnthropicProvider.h"
#include "tests/support/ScriptedServer.h"
#include "tests/support/StreamCollector.h"

using namespace triad;
using namespace triad::providers;
using triad::testsupport::CollectedRun;
using triad::testsupport::ScriptedResponse;
using triad::testsupport::ScriptedServer;
using triad::testsupport::StreamCollector;
using triad::testsupport::StreamScript;
using nlohmann::json;

namespace {

const char* kMessagesPath = "/v1/messages";
const std::string kKey = "sk-ant-api03-TESTTESTTESTTEST-9876";

ProviderConfig configFor(const ScriptedServer& server)
{
    ProviderConfig c;
    c.id = "anthropic-test";
    c.displayName = "Scripted Anthropic";
    c.kind = ApiKind::Anthropic;
    c.baseUrl = server.baseUrl();
    c.idleReadTimeoutMs = 5000;
    c.maxRetries = 0;
    return c;
}

ChatRequest helloRequest()
{
    ChatRequest r;
    r.model = "claude-test";
    r.messages.push_back({"user", "Hello", {}, nullptr, {}, {}});
    return r;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QByteArray describe(const CollectedRun& r)
{
    return QByteArray::fromStdString("events [" + r.kinds + "], text '" + r.run.text + "', error '"
                                     + (r.run.error ? r.run.error->message : std::string("none")) + "'");
}

std::string sseEvent(const std::string& name, const json& data)
{
    return ScriptedServer::sse(data, name);
}

} // namespace

class TestAnthropicProvider : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void streamsTextAndUsage();
    void sendsHeadersAndBody();
    void defaultMaxTokensIsSent();
    void conversationIsShapedForTheMessagesApi();
    void thinkingIsKeptApart();
    void toolUseBecomesToolCalls();
    void stopReasonIsMapped_data();
    void stopReasonIsMapped();
    void errorEventKeepsText();
    void rejectedKeyNamesTheProvider();
    void streamCutBeforeMessageStop();
    void listsModels();

private:
    std::unique_ptr<ScriptedServer> m_server;
};

void TestAnthropicProvider::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY2(m_server->start(), "the scripted server could not bind 127.0.0.1");
}

void TestAnthropicProvider::cleanup()
{
    m_server.reset();
}

void TestAnthropicProvider::streamsTextAndUsage()
{
    StreamScript s;
    s.pieces = {"Bonjour", " le", " monde"};
    s.promptTokens = 21;
    s.completionTokens = 3;
    m_server->enqueue(kMessagesPath, ScriptedServer::anthropicStream(s));
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && !r.run.error, describe(r));
    QCOMPARE(q(r.kinds), QStringLiteral("Started,FirstByte,TextDelta,Usage,Finished"));
    QCOMPARE(q(r.run.text), QStringLiteral("Bonjour le monde"));
    QCOMPARE(q(r.run.finishReason), QStringLiteral("stop"));
    QCOMPARE(r.metrics.promptTokens.value_or(-1), int64_t(21));
    QCOMPARE(r.metrics.completionTokens.value_or(-1), int64_t(3));
    QVERIFY(!r.metrics.tokensEstimated);
    QVERIFY(r.onProviderThread);
}

void TestAnthropicProvider::sendsHeadersAndBody()
{
    StreamScript s;
    s.pieces = {"ok"};
    m_server->enqueue(kMessagesPath, ScriptedServer::anthropicStream(s));
    AnthropicProvider provider(configFor(*m_server), kKey);
    ChatRequest req = helloRequest();
    req.system = "You are terse.";
    req.params.temperature = 0.5;
    req.params.topP = 0.8;
    req.params.topK = 20;
    req.params.maxTokens = 300;
    req.params.stop = {"###"};
    req.params.minP = 0.1;               // not in the Messages API: must not be sent
    req.params.seed = 7;
    req.params.presencePenalty = 0.3;
    CollectedRun r = StreamCollector::runToEnd(provider, req);
    QVERIFY2(r.completed && !r.run.error, describe(r));

    auto sent = m_server->requests().at(0);
    QCOMPARE(q(sent.path), QStringLiteral("/v1/messages"));
    QCOMPARE(q(sent.header("x-api-key").value_or("<none>")), q(kKey));
    QCOMPARE(q(sent.header("anthropic-version").value_or("<none>")), QStringLiteral("2023-06-01"));
    QVERIFY2(!sent.header("Authorization"), "Anthropic takes x-api-key, not a bearer token");
    const json expected = {
        {"model", "claude-test"},
        {"max_tokens", 300},
        {"system", "You are terse."},
        {"messages", json::array({{{"role", "user"}, {"content", json::array({{{"type", "text"}, {"text", "Hello"}}})}}})},
        {"stream", true},
        {"temperature", 0.5},
        {"top_p", 0.8},
        {"top_k", 20},
        {"stop_sequences", {"###"}},
    };
    QVERIFY2(sent.json() == expected,
             qPrintable(QStringLiteral("expected %1\ngot      %2").arg(q(expected.dump()), q(sent.body))));
}

void TestAnthropicProvider::defaultMaxTokensIsSent()
{
    json body = AnthropicProvider::buildRequestBody(helloRequest());
    QCOMPARE(body.value("max_tokens", -1), AnthropicProvider::kDefaultMaxTokens);
}

void TestAnthropicProvider::conversationIsShapedForTheMessagesApi()
{
    ChatRequest req;
    req.model = "m";
    req.messages = {
        {"user", "first", {}, nullptr, {}, {}},
        {"user", "second", {}, nullptr, {}, {}},
        {"assistant", "", {}, json::array({{{"id", "toolu_1"}, {"type", "function"},
                                            {"function", {{"name", "lookup"}, {"arguments", "{\"q\":\"x\"}"}}}}}),
         {}, {}},
        {"tool", "result text", {}, nullptr, "toolu_1", {}},
    };
    json body = AnthropicProvider::buildRequestBody(req);
    const json expected = json::array({
        {{"role", "user"}, {"content", json::array({{{"type", "text"}, {"text", "first"}}, {{"type", "text"}, {"text", "second"}}})}},
        {{"role", "assistant"}, {"content", json::array({{{"type", "tool_use"}, {"id", "toolu_1"}, {"name", "lookup"}, {"input", {{"q", "x"}}}}})}},
        {{"role", "user"}, {"content", json::array({{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "result text"}}})}},
    });
    QVERIFY2(body["messages"] == expected,
             qPrintable(QStringLiteral("expected %1\ngot      %2").arg(q(expected.dump()), q(body["messages"].dump()))));
}

void TestAnthropicProvider::thinkingIsKeptApart()
{
    StreamScript s;
    s.reasoningPieces = {"Considering ", "options."};
    s.pieces = {"Answer."};
    m_server->enqueue(kMessagesPath, ScriptedServer::anthropicStream(s));
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && !r.run.error, describe(r));
    QCOMPARE(q(r.run.reasoning), QStringLiteral("Considering options."));
    QCOMPARE(q(r.run.text), QStringLiteral("Answer."));
}

void TestAnthropicProvider::toolUseBecomesToolCalls()
{
    ScriptedResponse r;
    r.steps.push_back({0, sseEvent("message_start", {{"type", "message_start"},
                                                     {"message", {{"usage", {{"input_tokens", 5}, {"output_tokens", 1}}}}}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_start", {{"type", "content_block_start"}, {"index", 0},
                                                           {"content_block", {{"type", "text"}, {"text", ""}}}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_delta", {{"type", "content_block_delta"}, {"index", 0},
                                                           {"delta", {{"type", "text_delta"}, {"text", "Checking."}}}}), false, true});
    r.steps.push_back({0, sseEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_start", {{"type", "content_block_start"}, {"index", 1},
                                                           {"content_block", {{"type", "tool_use"}, {"id", "toolu_9"}, {"name", "get_weather"}, {"input", json::object()}}}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_delta", {{"type", "content_block_delta"}, {"index", 1},
                                                           {"delta", {{"type", "input_json_delta"}, {"partial_json", "{\"city\": "}}}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_delta", {{"type", "content_block_delta"}, {"index", 1},
                                                           {"delta", {{"type", "input_json_delta"}, {"partial_json", "\"Paris\"}"}}}}), false, false});
    r.steps.push_back({0, sseEvent("content_block_stop", {{"type", "content_block_stop"}, {"index", 1}}), false, false});
    r.steps.push_back({0, sseEvent("message_delta", {{"type", "message_delta"}, {"delta", {{"stop_reason", "tool_use"}}},
                                                     {"usage", {{"output_tokens", 30}}}}), false, false});
    r.steps.push_back({0, sseEvent("message_stop", {{"type", "message_stop"}}), false, false});
    m_server->enqueue(kMessagesPath, r);
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && !run.run.error, describe(run));
    QCOMPARE(q(run.run.text), QStringLiteral("Checking."));
    QCOMPARE(q(run.run.finishReason), QStringLiteral("tool_calls"));
    const json expected = json::array({{{"id", "toolu_9"}, {"type", "function"},
                                        {"function", {{"name", "get_weather"}, {"arguments", "{\"city\": \"Paris\"}"}}}}});
    QVERIFY2(run.run.toolCalls == expected,
             qPrintable(QStringLiteral("expected %1, got %2").arg(q(expected.dump()), q(run.run.toolCalls.dump()))));
    QCOMPARE(run.metrics.completionTokens.value_or(-1), int64_t(30));
}

void TestAnthropicProvider::stopReasonIsMapped_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("openai");
    QTest::newRow("end_turn") << "end_turn" << "stop";
    QTest::newRow("stop_sequence") << "stop_sequence" << "stop";
    QTest::newRow("max_tokens") << "max_tokens" << "length";
    QTest::newRow("tool_use") << "tool_use" << "tool_calls";
    QTest::newRow("unknown passes") << "pause_turn" << "pause_turn";
}

void TestAnthropicProvider::stopReasonIsMapped()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, openai);
    StreamScript s;
    s.pieces = {"x"};
    ScriptedResponse r = ScriptedServer::anthropicStream(s);
    for (auto& step : r.steps) {
        if (step.bytes.find("message_delta") != std::string::npos)
            step.bytes = sseEvent("message_delta", {{"type", "message_delta"}, {"delta", {{"stop_reason", anthropic.toStdString()}}},
                                                    {"usage", {{"output_tokens", 1}}}});
    }
    m_server->enqueue(kMessagesPath, r);
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && !run.run.error, describe(run));
    QCOMPARE(q(run.run.finishReason), openai);
}

void TestAnthropicProvider::errorEventKeepsText()
{
    StreamScript s;
    s.pieces = {"Some ", "text"};
    s.done = false;
    ScriptedResponse r = ScriptedServer::anthropicStream(s);
    r.steps.pop_back();   // no message_delta either
    r.steps.push_back({0, sseEvent("error", {{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}}),
                       false, false});
    m_server->enqueue(kMessagesPath, r);
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run));
    QCOMPARE(run.run.error->kind, ErrorKind::StreamError);
    QCOMPARE(q(run.run.text), QStringLiteral("Some text"));
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("Scripted Anthropic reported an error mid-stream (overloaded_error): Overloaded"));
}

void TestAnthropicProvider::rejectedKeyNamesTheProvider()
{
    m_server->enqueue(kMessagesPath, ScriptedServer::jsonResponse(
                                         401, {{"type", "error"}, {"error", {{"type", "authentication_error"}, {"message", "invalid x-api-key"}}}}));
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run));
    QCOMPARE(run.run.error->kind, ErrorKind::Auth);
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("The API key was rejected by Scripted Anthropic (HTTP 401): invalid x-api-key"));
}

void TestAnthropicProvider::streamCutBeforeMessageStop()
{
    StreamScript s;
    s.pieces = {"cut ", "short"};
    ScriptedResponse r = ScriptedServer::anthropicStream(s);
    r.steps.resize(r.steps.size() - 3);   // drop content_block_stop, message_delta, message_stop
    m_server->enqueue(kMessagesPath, r);
    AnthropicProvider provider(configFor(*m_server), kKey);
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run));
    QCOMPARE(run.run.error->kind, ErrorKind::Connection);
    QCOMPARE(q(run.run.text), QStringLiteral("cut short"));
    QVERIFY2(q(run.run.error->message).contains("ended before the answer was complete"), run.run.error->message.c_str());
}

void TestAnthropicProvider::listsModels()
{
    m_server->setModels({"claude-a", "claude-b"});
    AnthropicProvider provider(configFor(*m_server), kKey);
    ModelListResult list = provider.listModels();
    QVERIFY2(!list.error, list.error ? list.error->message.c_str() : "");
    QCOMPARE(list.models.size(), size_t(2));
    QCOMPARE(q(list.models[1].id), QStringLiteral("claude-b"));
    auto sent = m_server->requests().at(0);
    QCOMPARE(q(sent.path), QStringLiteral("/v1/models"));
    QCOMPARE(q(sent.header("x-api-key").value_or("")), q(kKey));
}

QTEST_GUILESS_MAIN(TestAnthropicProvider)
#include "tst_anthropic_provider.moc"
