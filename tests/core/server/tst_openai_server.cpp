// triad-cli serve's HTTP layer over a fake provider: shapes, errors, auth, concurrency.
#include <QtTest>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <future>

#include "core/server/OpenAiServer.h"
#include "tests/support/FakeProvider.h"

using namespace triad;
using nlohmann::json;

namespace {

struct SseResult {
    std::string text;
    json usage;
    std::vector<json> chunks;
    bool sawDone = false;
};

SseResult parseSse(const std::string& body)
{
    SseResult r;
    size_t pos = 0;
    while (pos < body.size()) {
        size_t end = body.find("\n\n", pos);
        if (end == std::string::npos)
            break;
        std::string event = body.substr(pos, end - pos);
        pos = end + 2;
        if (event.rfind("data: ", 0) != 0)
            continue;
        std::string data = event.substr(6);
        if (data == "[DONE]") {
            r.sawDone = true;
            continue;
        }
        json j = json::parse(data);
        r.chunks.push_back(j);
        if (j.contains("usage") && !j["usage"].is_null())
            r.usage = j["usage"];
        for (const auto& c : j["choices"]) {
            if (c.contains("delta") && c["delta"].contains("content") && c["delta"]["content"].is_string())
                r.text += c["delta"]["content"].get<std::string>();
            if (c.contains("text"))
                r.text += c["text"].get<std::string>();
        }
    }
    return r;
}

} // namespace

class TestOpenAiServer : public QObject {
    Q_OBJECT

    std::unique_ptr<server::OpenAiServer> m_server;
    std::shared_ptr<testsupport::FakeProvider> m_fake;

    httplib::Client client() const
    {
        httplib::Client c("127.0.0.1", m_server->port());
        c.set_read_timeout(10, 0);
        return c;
    }

private slots:
    void init()
    {
        testsupport::FakeScript script;
        script.delayPerPieceMs = 1;
        m_fake = std::make_shared<testsupport::FakeProvider>(script);
        server::ServerOptions opts;
        opts.port = 0;
        m_server = std::make_unique<server::OpenAiServer>(opts);
        m_server->addModel({"tiny", m_fake, "fake-small", "triad", 2048});
        testsupport::FakeScript failing;
        failing.failWith = providers::ErrorInfo{providers::ErrorKind::BadRequest, 400,
                                                "the prompt needs 5000 tokens but the context holds 2048"};
        m_server->addModel({"overflow", std::make_shared<testsupport::FakeProvider>(failing), "x"});
        m_server->start();
        QVERIFY(m_server->port() > 0);
    }

    void cleanup() { m_server.reset(); }

    void listsModels()
    {
        auto res = client().Get("/v1/models");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        json j = json::parse(res->body);
        QCOMPARE(j["object"].get<std::string>(), std::string("list"));
        QCOMPARE(j["data"].size(), size_t(2));
        QCOMPARE(j["data"][0]["id"].get<std::string>(), std::string("tiny"));
        QCOMPARE(j["data"][0]["object"].get<std::string>(), std::string("model"));
    }

    void nonStreamedChat()
    {
        json body = {{"model", "tiny"}, {"messages", {{{"role", "user"}, {"content", "hello there"}}}}};
        auto res = client().Post("/v1/chat/completions", body.dump(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        json j = json::parse(res->body);
        QCOMPARE(j["object"].get<std::string>(), std::string("chat.completion"));
        QCOMPARE(j["choices"][0]["message"]["content"].get<std::string>(), std::string("echo: hello there"));
        QCOMPARE(j["choices"][0]["finish_reason"].get<std::string>(), std::string("stop"));
        QCOMPARE(j["usage"]["completion_tokens"].get<int>(), 3);
        QCOMPARE(j["usage"]["total_tokens"].get<int>(), 10);
    }

    void streamedChatWithUsage()
    {
        json body = {{"model", "tiny"},
                     {"stream", true},
                     {"stream_options", {{"include_usage", true}}},
                     {"messages", {{{"role", "system"}, {"content", "be brief"}}, {{"role", "user"}, {"content", "a b c"}}}}};
        auto res = client().Post("/v1/chat/completions", body.dump(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QVERIFY2(res->get_header_value("Content-Type").find("text/event-stream") == 0,
                 res->get_header_value("Content-Type").c_str());
        SseResult r = parseSse(res->body);
        QCOMPARE(r.text, std::string("echo: a b c"));
        QVERIFY(r.sawDone);
        QCOMPARE(r.chunks.front()["choices"][0]["delta"]["role"].get<std::string>(), std::string("assistant"));
        QCOMPARE(r.usage["completion_tokens"].get<int>(), 4);
        // The usage chunk has no choices, as OpenAI sends it.
        QVERIFY(r.chunks.back()["choices"].empty());
    }

    void textCompletion()
    {
        json body = {{"model", "tiny"}, {"prompt", "once upon"}, {"max_tokens", 2}};
        auto res = client().Post("/v1/completions", body.dump(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        json j = json::parse(res->body);
        QCOMPARE(j["object"].get<std::string>(), std::string("text_completion"));
        QCOMPARE(j["choices"][0]["text"].get<std::string>(), std::string("echo: once"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("bad json") << "/v1/chat/completions" << "{\"model\": " << 400 << "not valid JSON";
        QTest::newRow("no messages") << "/v1/chat/completions" << R"({"model":"tiny"})" << 400 << "'messages'";
        QTest::newRow("bad role") << "/v1/chat/completions"
                                  << R"({"model":"tiny","messages":[{"role":"wizard","content":"x"}]})" << 400
                                  << "unknown role";
        QTest::newRow("bad temperature") << "/v1/chat/completions"
                                         << R"({"model":"tiny","temperature":"hot","messages":[{"role":"user","content":"x"}]})"
                                         << 400 << "'temperature' must be a number";
        QTest::newRow("unknown model") << "/v1/chat/completions"
                                       << R"({"model":"gpt-9","messages":[{"role":"user","content":"x"}]})" << 404
                                       << "'gpt-9' does not exist";
        QTest::newRow("context overflow") << "/v1/chat/completions"
                                          << R"({"model":"overflow","stream":true,"messages":[{"role":"user","content":"x"}]})"
                                          << 400 << "context holds 2048";
        QTest::newRow("completion without prompt") << "/v1/completions" << R"({"model":"tiny"})" << 400 << "'prompt'";
    }

    void errors()
    {
        QFETCH(QString, path);
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, messagePart);
        auto res = client().Post(path.toStdString(), body.toStdString(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, status);
        json j = json::parse(res->body, nullptr, false);
        QVERIFY2(!j.is_discarded() && j.contains("error"), res->body.c_str());
        const std::string message = j["error"]["message"].get<std::string>();
        QVERIFY2(message.find(messagePart.toStdString()) != std::string::npos, message.c_str());
        QVERIFY(j["error"].contains("type"));
        if (QTest::currentDataTag() == QByteArray("context overflow"))
            QCOMPARE(j["error"]["code"].get<std::string>(), std::string("context_length_exceeded"));
    }

    void requiresBearerTokenWhenConfigured()
    {
        server::ServerOptions opts;
        opts.port = 0;
        opts.apiKey = "s3cret-token";
        server::OpenAiServer secured(opts);
        secured.addModel({"tiny", m_fake, "fake-small"});
        secured.start();
        httplib::Client c("127.0.0.1", secured.port());
        auto denied = c.Get("/v1/models");
        QVERIFY(denied);
        QCOMPARE(denied->status, 401);
        auto allowed = c.Get("/v1/models", {{"Authorization", "Bearer s3cret-token"}});
        QVERIFY(allowed);
        QCOMPARE(allowed->status, 200);
    }

    void refusesPublicBindWithoutKey()
    {
        server::ServerOptions opts;
        opts.host = "0.0.0.0";
        opts.port = 0;
        server::OpenAiServer open(opts);
        try {
            open.start();
            QFAIL("expected a ServerError for 0.0.0.0 without --api-key");
        } catch (const server::ServerError& e) {
            QVERIFY2(std::string(e.what()).find("--api-key") != std::string::npos, e.what());
        }
    }

    void concurrentRequestsKeepTheirOutputs()
    {
        const int n = 8;
        std::vector<std::future<std::string>> results;
        for (int i = 0; i < n; ++i) {
            results.push_back(std::async(std::launch::async, [this, i] {
                json body = {{"model", "tiny"},
                             {"stream", i % 2 == 0},
                             {"messages", {{{"role", "user"}, {"content", "request number " + std::to_string(i)}}}}};
                auto res = client().Post("/v1/chat/completions", body.dump(), "application/json");
                if (!res || res->status != 200)
                    return std::string("failed");
                if (i % 2 == 0)
                    return parseSse(res->body).text;
                return json::parse(res->body)["choices"][0]["message"]["content"].get<std::string>();
            }));
        }
        for (int i = 0; i < n; ++i)
            QCOMPARE(results[i].get(), "echo: request number " + std::to_string(i));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiServer)
#include "tst_openai_server.moc"
