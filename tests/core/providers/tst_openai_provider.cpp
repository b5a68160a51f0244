// OpenAiCompatibleProvider against the scripted server: streamed text, usage, reasoning
// (reasoning_content and inline <think>), tool calls, error events and bodies, the request
// body it sends, model listing.
#include <QtTest>

#include "core/providers/OpenAiCompatibleProvider.h"
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

const char* kChatPath = "/v1/chat/completions";

ProviderConfig configFor(const ScriptedServer& server)
{
    ProviderConfig c;
    c.id = "scripted";
    c.displayName = "Scripted";
    c.baseUrl = server.baseUrl();
    c.connectTimeoutMs = 2000;
    c.idleReadTimeoutMs = 5000;
    c.maxRetries = 0;
    return c;
}

ChatRequest helloRequest()
{
    ChatRequest r;
    r.model = "scripted-model";
    r.messages.push_back({"user", "Hi there", {}, nullptr, {}, {}});
    return r;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestOpenAiProvider : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void streamsTextAndUsage();
    void requestBodyCarriesEverySetParameter();
    void unsetParametersAreNotSent();
    void noAuthorizationHeaderWithoutKey();
    void reasoningContentIsKeptApart();
    void inlineThinkTagsSplitAcrossChunks_data();
    void inlineThinkTagsSplitAcrossChunks();
    void toolCallsArePassedThrough();
    void errorEventMidStreamKeepsText();
    void httpErrorBodyIsShown();
    void invalidJsonChunkIsSkipped();
    void ollamaStreamWithoutUsageIsEstimated();
    void wholeJsonAnswerIsAccepted();
    void streamLabelledAsJsonIsStillRead();
    void missingDoneAfterFinishReasonStillFinishes();
    void listsModels();
    void listModelsReportsRejectedKey();

private:
    std::unique_ptr<ScriptedServer> m_server;
};

void TestOpenAiProvider::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY2(m_server->start(), "the scripted server could not bind 127.0.0.1");
}

void TestOpenAiProvider::cleanup()
{
    m_server.reset();
}

void TestOpenAiProvider::streamsTextAndUsage()
{
    StreamScript s;
    s.pieces = {"Hello", ", ", "world", "!"};
    s.promptTokens = 9;
    s.completionTokens = 4;
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "sk-test-key-0000000000001234");

    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed, "no final event within the timeout");
    QCOMPARE(q(r.kinds), QStringLiteral("Started,FirstByte,TextDelta,Usage,Finished"));
    QCOMPARE(q(r.run.text), QStringLiteral("Hello, world!"));
    QCOMPARE(q(r.run.finishReason), QStringLiteral("stop"));
    QVERIFY2(!r.run.error, r.run.error ? r.run.error->message.c_str() : "");
    QCOMPARE(r.metrics.promptTokens.value_or(-1), int64_t(9));
    QCOMPARE(r.metrics.completionTokens.value_or(-1), int64_t(4));
    QVERIFY2(!r.metrics.tokensEstimated, "usage came from the server; nothing is estimated");
    QVERIFY2(r.onProviderThread, "sink events must arrive on the network thread, not the caller's");
    QCOMPARE(r.metrics.itlMs.size(), size_t(3));
}

void TestOpenAiProvider::requestBodyCarriesEverySetParameter()
{
    StreamScript s;
    s.pieces = {"ok"};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "sk-test-key-0000000000001234");

    ChatRequest req = helloRequest();
    req.system = "Be brief.";
    req.params.temperature = 0.25;
    req.params.topP = 0.9;
    req.params.topK = 40;
    req.params.minP = 0.05;
    req.params.maxTokens = 77;
    req.params.stop = {"END", "\n\n"};
    req.params.seed = 1234;
    req.params.presencePenalty = 0.5;
    req.params.frequencyPenalty = 0.25;
    req.params.repetitionPenalty = 1.1;
    req.extraBody = {{"user", "tester"}};
    CollectedRun r = StreamCollector::runToEnd(provider, req);
    QVERIFY(r.completed);

    auto recorded = m_server->requests();
    QCOMPARE(recorded.size(), size_t(1));
    const auto& sent = recorded[0];
    QCOMPARE(q(sent.method), QStringLiteral("POST"));
    QCOMPARE(q(sent.path), QStringLiteral("/v1/chat/completions"));
    QCOMPARE(q(sent.header("Authorization").value_or("<none>")),
             QStringLiteral("Bearer sk-test-key-0000000000001234"));
    json body = sent.json();
    QVERIFY2(body.is_object(), sent.body.c_str());
    const json expected = {
        {"model", "scripted-model"},
        {"messages", json::array({{{"role", "system"}, {"content", "Be brief."}},
                                  {{"role", "user"}, {"content", "Hi there"}}})},
        {"stream", true},
        {"stream_options", {{"include_usage", true}}},
        {"temperature", 0.25},
        {"top_p", 0.9},
        {"top_k", 40},
        {"min_p", 0.05},
        {"max_tokens", 77},
        {"stop", {"END", "\n\n"}},
        {"seed", 1234},
        {"presence_penalty", 0.5},
        {"frequency_penalty", 0.25},
        {"repetition_penalty", 1.1},
        {"user", "tester"},
    };
    QVERIFY2(body == expected,
             qPrintable(QStringLiteral("expected %1\ngot      %2").arg(q(expected.dump()), q(body.dump()))));
}

void TestOpenAiProvider::unsetParametersAreNotSent()
{
    json body = OpenAiCompatibleProvider::buildRequestBody(helloRequest());
    for (const char* key : {"temperature", "top_p", "top_k", "min_p", "max_tokens", "stop", "seed",
                            "presence_penalty", "frequency_penalty", "repetition_penalty", "tools"}) {
        QVERIFY2(!body.contains(key), qPrintable(QStringLiteral("unset %1 was sent: %2").arg(key, q(body.dump()))));
    }
}

void TestOpenAiProvider::noAuthorizationHeaderWithoutKey()
{
    StreamScript s;
    s.pieces = {"ok"};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(r.completed);
    auto sent = m_server->requests().at(0);
    QVERIFY2(!sent.header("Authorization"),
             qPrintable("a local server needs no key, but got Authorization: " + q(sent.header("Authorization").value_or(""))));
}

void TestOpenAiProvider::reasoningContentIsKeptApart()
{
    StreamScript s;
    s.reasoningPieces = {"Let me ", "think."};
    s.pieces = {"Four."};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(r.completed);
    QCOMPARE(q(r.run.reasoning), QStringLiteral("Let me think."));
    QCOMPARE(q(r.run.text), QStringLiteral("Four."));
    QCOMPARE(q(r.kinds), QStringLiteral("Started,FirstByte,ReasoningDelta,TextDelta,Usage,Finished"));
}

void TestOpenAiProvider::inlineThinkTagsSplitAcrossChunks_data()
{
    QTest::addColumn<QStringList>("pieces");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole tags") << QStringList{"<think>plan</think>", "Answer"} << "plan" << "Answer";
    QTest::newRow("tags split") << QStringList{"<thi", "nk>pl", "an</th", "ink>\n\nAns", "wer"}
                                << "plan" << "Answer";
    QTest::newRow("one char at a time") << QStringList{"<", "t", "h", "i", "n", "k", ">", "x", "<", "/", "think", ">", "y"}
                                        << "x" << "y";
    QTest::newRow("lookalike is text") << QStringList{"a <b> and <thin", "g>"} << "" << "a <b> and <thing>";
    QTest::newRow("unfinished tag at end") << QStringList{"done <thi"} << "" << "done <thi";
}

void TestOpenAiProvider::inlineThinkTagsSplitAcrossChunks()
{
    QFETCH(QStringList, pieces);
    QFETCH(QString, reasoning);
    QFETCH(QString, text);
    StreamScript s;
    for (const auto& p : pieces)
        s.pieces.push_back(p.toStdString());
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(r.completed);
    QCOMPARE(q(r.run.reasoning), reasoning);
    QCOMPARE(q(r.run.text), text);
}

void TestOpenAiProvider::toolCallsArePassedThrough()
{
    StreamScript s;
    auto chunkWith = [](const json& delta, const json& finish = nullptr) {
        return ScriptedServer::sse({{"object", "chat.completion.chunk"},
                                    {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}})}});
    };
    ScriptedResponse r;
    r.steps.push_back({0, chunkWith({{"role", "assistant"}, {"content", nullptr}}), false, false});
    r.steps.push_back({0, chunkWith({{"tool_calls", json::array({{{"index", 0}, {"id", "call_1"}, {"type", "function"},
                                                                   {"function", {{"name", "get_weather"}, {"arguments", ""}}}}})}}),
                       false, true});
    r.steps.push_back({0, chunkWith({{"tool_calls", json::array({{{"index", 0}, {"function", {{"arguments", "{\"city\":"}}}}})}}), false, true});
    r.steps.push_back({0, chunkWith({{"tool_calls", json::array({{{"index", 0}, {"function", {{"arguments", "\"Oslo\"}"}}}}})}}), false, true});
    r.steps.push_back({0, chunkWith(json::object(), "tool_calls"), false, false});
    r.steps.push_back({0, "data: [DONE]\n\n", false, false});
    m_server->enqueue(kChatPath, r);

    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    ChatRequest req = helloRequest();
    req.tools = json::array({{{"type", "function"}, {"function", {{"name", "get_weather"}, {"parameters", {{"type", "object"}}}}}}});
    CollectedRun run = StreamCollector::runToEnd(provider, req);
    QVERIFY(run.completed);
    QCOMPARE(q(run.run.finishReason), QStringLiteral("tool_calls"));
    const json expected = json::array({{{"id", "call_1"}, {"type", "function"},
                                        {"function", {{"name", "get_weather"}, {"arguments", "{\"city\":\"Oslo\"}"}}}}});
    QVERIFY2(run.run.toolCalls == expected,
             qPrintable(QStringLiteral("expected %1, got %2").arg(q(expected.dump()), q(run.run.toolCalls.dump()))));
    QVERIFY2(m_server->requests().at(0).json().contains("tools"), "tools were not sent");
}

void TestOpenAiProvider::errorEventMidStreamKeepsText()
{
    StreamScript s;
    s.pieces = {"Partial ", "answer"};
    s.finishReason.clear();
    s.includeUsage = false;
    s.done = false;
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.steps.push_back({0, ScriptedServer::sse({{"error", {{"message", "The model is overloaded"}, {"type", "server_error"}}}}),
                       false, false});
    m_server->enqueue(kChatPath, r);
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QCOMPARE(q(run.run.text), QStringLiteral("Partial answer"));
    QVERIFY(run.run.error);
    QCOMPARE(run.run.error->kind, ErrorKind::StreamError);
    QVERIFY2(q(run.run.error->message).contains("Scripted") && q(run.run.error->message).contains("The model is overloaded"),
             run.run.error->message.c_str());
}

void TestOpenAiProvider::httpErrorBodyIsShown()
{
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(400, "max_tokens is too large: 999999"));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QVERIFY(run.run.error);
    QCOMPARE(run.run.error->kind, ErrorKind::BadRequest);
    QCOMPARE(run.run.error->httpStatus, 400);
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("Scripted refused the request (HTTP 400): max_tokens is too large: 999999"));
}

void TestOpenAiProvider::invalidJsonChunkIsSkipped()
{
    StreamScript s;
    s.pieces = {"one ", "two"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.steps.insert(r.steps.begin() + 2, {0, "data: {\"choices\": [ not json\n\n", false, false});
    m_server->enqueue(kChatPath, r);
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QVERIFY2(!run.run.error, run.run.error ? run.run.error->message.c_str() : "");
    QCOMPARE(q(run.run.text), QStringLiteral("one two"));
}

void TestOpenAiProvider::ollamaStreamWithoutUsageIsEstimated()
{
    StreamScript s;
    s.pieces = {"The quick brown fox ", "jumps over the lazy dog."};
    m_server->enqueue(kChatPath, ScriptedServer::ollamaStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QCOMPARE(q(run.run.text), QStringLiteral("The quick brown fox jumps over the lazy dog."));
    QVERIFY2(run.metrics.tokensEstimated, "no usage was sent, so counts must be marked estimated");
    // 44 characters at ~4 per token.
    QCOMPARE(run.metrics.completionTokens.value_or(-1), int64_t(11));
    QVERIFY(run.metrics.promptTokens.value_or(0) > 0);
}

void TestOpenAiProvider::wholeJsonAnswerIsAccepted()
{
    m_server->enqueue(kChatPath, ScriptedServer::jsonResponse(
                                     200, {{"object", "chat.completion"},
                                           {"choices", json::array({{{"index", 0},
                                                                     {"message", {{"role", "assistant"}, {"content", "Whole answer"}}},
                                                                     {"finish_reason", "stop"}}})},
                                           {"usage", {{"prompt_tokens", 3}, {"completion_tokens", 2}}}}));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QCOMPARE(q(run.run.text), QStringLiteral("Whole answer"));
    QCOMPARE(run.metrics.completionTokens.value_or(-1), int64_t(2));
    QCOMPARE(q(run.run.finishReason), QStringLiteral("stop"));
}

void TestOpenAiProvider::streamLabelledAsJsonIsStillRead()
{
    StreamScript s;
    s.pieces = {"mis", "labelled"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.contentType = "application/json";
    m_server->enqueue(kChatPath, r);
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QVERIFY2(!run.run.error, run.run.error ? run.run.error->message.c_str() : "");
    QCOMPARE(q(run.run.text), QStringLiteral("mislabelled"));
    QCOMPARE(run.metrics.completionTokens.value_or(-1), int64_t(2));
}

void TestOpenAiProvider::missingDoneAfterFinishReasonStillFinishes()
{
    StreamScript s;
    s.pieces = {"fine"};
    s.done = false;
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(*m_server), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY(run.completed);
    QVERIFY2(!run.run.error, run.run.error ? run.run.error->message.c_str() : "");
    QCOMPARE(q(run.run.text), QStringLiteral("fine"));
}

void TestOpenAiProvider::listsModels()
{
    m_server->setModels({"alpha", "beta", "gamma"});
    OpenAiCompatibleProvider provider(configFor(*m_server), "sk-test-key-0000000000001234");
    ModelListResult list = provider.listModels();
    QVERIFY2(!list.error, list.error ? list.error->message.c_str() : "");
    QStringList ids;
    for (const auto& m : list.models)
        ids << q(m.id);
    QCOMPARE(ids, (QStringList{"alpha", "beta", "gamma"}));
    auto sent = m_server->requests().at(0);
    QCOMPARE(q(sent.path), QStringLiteral("/v1/models"));
    QCOMPARE(q(sent.header("Authorization").value_or("")), QStringLiteral("Bearer sk-test-key-0000000000001234"));
}

void TestOpenAiProvider::listModelsReportsRejectedKey()
{
    m_server->enqueue("/v1/models", ScriptedServer::errorResponse(401, "Invalid API key"));
    OpenAiCompatibleProvider provider(configFor(*m_server), "sk-wrong-key-000000000000abcd");
    ModelListResult list = provider.listModels();
    QVERIFY(list.models.empty());
    QVERIFY(list.error);
    QCOMPARE(list.error->kind, ErrorKind::Auth);
    QCOMPARE(q(list.error->message),
             QStringLiteral("The API key was rejected by Scripted (HTTP 401): Invalid API key"));
}

QTEST_GUILESS_MAIN(TestOpenAiProvider)
#include "tst_openai_provider.moc"
