// Faults on the wire, end to end through OpenAiCompatibleProvider and the NetworkThread:
// rejected keys, rate limits with Retry-After, server errors, stalls, disconnects, garbage,
// DNS/TLS/refused/connect-timeout, cancel latency and many concurrent streams.
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core/metrics/Clock.h"
#include "core/providers/OpenAiCompatibleProvider.h"
#include "tests/support/ScriptedServer.h"
#include "tests/support/StreamCollector.h"

using namespace triad;
using namespace triad::providers;
using triad::metrics::nowNs;
using triad::testsupport::CollectedRun;
using triad::testsupport::ScriptedResponse;
using triad::testsupport::ScriptedServer;
using triad::testsupport::StreamCollector;
using triad::testsupport::StreamScript;

namespace {

const char* kChatPath = "/v1/chat/completions";
const std::string kSecretKey = "sk-proj-SECRETSECRETSECRET0000wxyz";

ProviderConfig configFor(const std::string& baseUrl)
{
    ProviderConfig c;
    c.id = "scripted";
    c.displayName = "Scripted";
    c.baseUrl = baseUrl;
    c.connectTimeoutMs = 2000;
    c.idleReadTimeoutMs = 5000;
    c.maxRetries = 0;
    return c;
}

ChatRequest helloRequest()
{
    ChatRequest r;
    r.model = "scripted-model";
    r.messages.push_back({"user", "Hi", {}, nullptr, {}, {}});
    return r;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string describe(const CollectedRun& r)
{
    return "events [" + r.kinds + "], text '" + r.run.text + "', error '"
        + (r.run.error ? r.run.error->message : std::string("none")) + "'";
}

double msBetween(int64_t a, int64_t b)
{
    return (b - a) / 1e6;
}

/** A listening socket whose accept queue is full, so new connections hang in SYN. */
class FullBacklogSocket {
public:
    FullBacklogSocket()
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_listen, 0);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        for (int i = 0; i < 3; ++i) {
            int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            ::fcntl(fd, F_SETFL, O_NONBLOCK);
            ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
            m_fillers.push_back(fd);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~FullBacklogSocket()
    {
        for (int fd : m_fillers)
            ::close(fd);
        ::close(m_listen);
    }
    int port() const { return m_port; }

private:
    int m_listen = -1;
    int m_port = 0;
    std::vector<int> m_fillers;
};

/** A port nobody listens on (bound, then closed). */
int closedPort()
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

class TestNetworkFaults : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void rejectedKeyIsNamedAndNeverShown();
    void rateLimitIsRetriedAfterRetryAfter();
    void serverErrorIsRetriedThenSucceeds();
    void serverErrorGivesUpAfterRetries();
    void connectionDropBeforeContentIsRetried();
    void stallBeforeFirstByteIsAReadTimeout();
    void stallMidStreamKeepsPartialText();
    void disconnectMidStreamKeepsTextAndIsNotRetried();
    void garbageBytesAreABadResponse();
    void connectionRefused();
    void unknownHostIsADnsError();
    void tlsToPlainHttpIsATlsError();
    void connectTimeoutIsNamed();
    void cancelMidStreamEndsWithin100ms();
    void cancelBeforeFirstByteEndsWithin100ms();
    void cancelDuringRetryWait();
    void manyConcurrentStreams();

private:
    std::unique_ptr<ScriptedServer> m_server;
};

void TestNetworkFaults::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY2(m_server->start(), "the scripted server could not bind 127.0.0.1");
}

void TestNetworkFaults::cleanup()
{
    m_server.reset();
}

void TestNetworkFaults::rejectedKeyIsNamedAndNeverShown()
{
    // Servers often echo (part of) the key; it must not reach the message.
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(401, "Incorrect API key provided: " + kSecretKey));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 3;
    OpenAiCompatibleProvider provider(config, kSecretKey);
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && r.run.error, describe(r).c_str());
    QCOMPARE(r.run.error->kind, ErrorKind::Auth);
    QCOMPARE(r.run.error->httpStatus, 401);
    QCOMPARE(q(r.run.error->message),
             QStringLiteral("The API key was rejected by Scripted (HTTP 401): Incorrect API key provided: ••••wxyz"));
    QVERIFY2(r.run.error->message.find("SECRET") == std::string::npos, r.run.error->message.c_str());
    QCOMPARE(m_server->requestCount(), size_t(1));   // a rejected key is never retried
}

void TestNetworkFaults::rateLimitIsRetriedAfterRetryAfter()
{
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(429, "Too many requests", 1));
    StreamScript s;
    s.pieces = {"after ", "the wait"};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 2;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && !r.run.error, describe(r).c_str());
    QCOMPARE(q(r.run.text), QStringLiteral("after the wait"));
    QCOMPARE(q(r.kinds), QStringLiteral("Started,Retrying,FirstByte,TextDelta,Usage,Finished"));
    QCOMPARE(r.run.retries.size(), size_t(1));
    QVERIFY2(q(r.run.retries[0]).contains("HTTP 429") && q(r.run.retries[0]).contains("attempt 2 of 3"),
             r.run.retries[0].c_str());

    auto requests = m_server->requests();
    QCOMPARE(requests.size(), size_t(2));
    const double gapMs = msBetween(requests[0].receivedNs, requests[1].receivedNs);
    QVERIFY2(gapMs >= 1000.0 && gapMs < 1600.0,
             qPrintable(QStringLiteral("Retry-After: 1 should space the attempts by ~1000 ms, got %1 ms").arg(gapMs)));
}

void TestNetworkFaults::serverErrorIsRetriedThenSucceeds()
{
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(500, "internal error"));
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(503, "overloaded"));
    StreamScript s;
    s.pieces = {"third time lucky"};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 3;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && !r.run.error, describe(r).c_str());
    QCOMPARE(q(r.run.text), QStringLiteral("third time lucky"));
    QCOMPARE(r.run.retries.size(), size_t(2));
    auto requests = m_server->requests();
    QCOMPARE(requests.size(), size_t(3));
    // Exponential backoff: ~500 ms, then ~1000 ms (plus up to 20 % jitter).
    const double first = msBetween(requests[0].receivedNs, requests[1].receivedNs);
    const double second = msBetween(requests[1].receivedNs, requests[2].receivedNs);
    QVERIFY2(first >= 500 && first < 800, qPrintable(QStringLiteral("first backoff %1 ms, expected 500-600").arg(first)));
    QVERIFY2(second >= 1000 && second < 1400, qPrintable(QStringLiteral("second backoff %1 ms, expected 1000-1200").arg(second)));
}

void TestNetworkFaults::serverErrorGivesUpAfterRetries()
{
    m_server->setDefault(kChatPath, ScriptedServer::errorResponse(502, "bad gateway"));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 1;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && r.run.error, describe(r).c_str());
    QCOMPARE(r.run.error->kind, ErrorKind::Server);
    QCOMPARE(q(r.run.error->message), QStringLiteral("Scripted had a server error (HTTP 502): bad gateway (after 2 attempts)"));
    QCOMPARE(m_server->requestCount(), size_t(2));
}

void TestNetworkFaults::connectionDropBeforeContentIsRetried()
{
    ScriptedResponse drop;
    drop.steps.push_back({0, "", true, false});   // headers sent, then the connection dies
    m_server->enqueue(kChatPath, drop);
    StreamScript s;
    s.pieces = {"recovered"};
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 2;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun r = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(r.completed && !r.run.error, describe(r).c_str());
    QCOMPARE(q(r.run.text), QStringLiteral("recovered"));
    QCOMPARE(m_server->requestCount(), size_t(2));
}

void TestNetworkFaults::stallBeforeFirstByteIsAReadTimeout()
{
    StreamScript s;
    s.pieces = {"too late"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.delayBeforeHeadersMs = 4000;
    m_server->enqueue(kChatPath, r);
    auto config = configFor(m_server->baseUrl());
    config.idleReadTimeoutMs = 300;
    config.maxRetries = 2;   // a read timeout is not retried: the server may still be working
    OpenAiCompatibleProvider provider(config, "");
    const int64_t start = nowNs();
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    const double elapsedMs = msBetween(start, nowNs());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::ReadTimeout);
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("Read timeout: Scripted sent no response within 300 ms after the request was sent"));
    QVERIFY2(elapsedMs >= 300 && elapsedMs < 800, qPrintable(QStringLiteral("took %1 ms for a 300 ms timeout").arg(elapsedMs)));
    QCOMPARE(m_server->requestCount(), size_t(1));
}

void TestNetworkFaults::stallMidStreamKeepsPartialText()
{
    StreamScript s;
    s.pieces = {"partial ", "text"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.steps.insert(r.steps.begin() + 3, {4000, "", false, false});   // stall after the text
    m_server->enqueue(kChatPath, r);
    auto config = configFor(m_server->baseUrl());
    config.idleReadTimeoutMs = 300;
    config.maxRetries = 2;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::ReadTimeout);
    QCOMPARE(q(run.run.text), QStringLiteral("partial text"));
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("The stream from Scripted stalled: no data for 300 ms (idle read timeout); "
                            "the text received so far is kept"));
    QCOMPARE(m_server->requestCount(), size_t(1));
}

void TestNetworkFaults::disconnectMidStreamKeepsTextAndIsNotRetried()
{
    StreamScript s;
    s.pieces = {"half ", "an answer"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.steps.resize(3);
    r.steps.push_back({20, "", true, false});
    m_server->enqueue(kChatPath, r);
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 3;
    OpenAiCompatibleProvider provider(config, "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::Connection);
    QCOMPARE(q(run.run.text), QStringLiteral("half an answer"));
    QVERIFY2(q(run.run.error->message).startsWith("The connection to Scripted broke mid-stream")
                 && q(run.run.error->message).endsWith("the text received so far is kept"),
             run.run.error->message.c_str());
    QCOMPARE(m_server->requestCount(), size_t(1));   // never a silent retry after content
}

void TestNetworkFaults::garbageBytesAreABadResponse()
{
    ScriptedResponse r;
    std::string garbage = "\x89PNG\r\n\x1a\n\x00\x01\xfe\xff random noise \xc3\x28 not an event stream\n\n";
    r.steps.push_back({0, garbage, false, false});
    m_server->enqueue(kChatPath, r);
    OpenAiCompatibleProvider provider(configFor(m_server->baseUrl()), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::BadResponse);
    QVERIFY2(q(run.run.error->message).startsWith("Scripted did not answer with an event stream"),
             run.run.error->message.c_str());
    QVERIFY2(QString::fromUtf8(run.run.error->message.c_str()).toUtf8().toStdString() == run.run.error->message,
             "the message must be valid UTF-8 even when the body is not");
}

void TestNetworkFaults::connectionRefused()
{
    const int port = closedPort();
    auto config = configFor("http://127.0.0.1:" + std::to_string(port) + "/v1");
    config.maxRetries = 3;   // nobody listening is reported at once, not retried
    OpenAiCompatibleProvider provider(config, "");
    const int64_t start = nowNs();
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    const double elapsedMs = msBetween(start, nowNs());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QVERIFY2(elapsedMs < 300, qPrintable(QStringLiteral("a refused connection took %1 ms to report").arg(elapsedMs)));
    QVERIFY2(run.run.retries.empty(), "a refused connection must not be retried");
    QCOMPARE(run.run.error->kind, ErrorKind::Connection);
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("Connection to 127.0.0.1:%1 was refused (is the server running?)").arg(port));
}

void TestNetworkFaults::unknownHostIsADnsError()
{
    OpenAiCompatibleProvider provider(configFor("http://triad-test-host.invalid/v1"), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest(), 30000);
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::Dns);
    QVERIFY2(q(run.run.error->message).startsWith("Could not resolve host triad-test-host.invalid"),
             run.run.error->message.c_str());
}

void TestNetworkFaults::tlsToPlainHttpIsATlsError()
{
    // https:// against the plain-HTTP test server: the TLS handshake cannot succeed.
    OpenAiCompatibleProvider provider(configFor("https://127.0.0.1:" + std::to_string(m_server->port()) + "/v1"), "");
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::Tls);
    QVERIFY2(q(run.run.error->message).startsWith(
                 QStringLiteral("TLS (secure connection) with 127.0.0.1:%1 failed").arg(m_server->port())),
             run.run.error->message.c_str());
}

void TestNetworkFaults::connectTimeoutIsNamed()
{
    FullBacklogSocket hanging;
    auto config = configFor("http://127.0.0.1:" + std::to_string(hanging.port()) + "/v1");
    config.connectTimeoutMs = 300;
    OpenAiCompatibleProvider provider(config, "");
    const int64_t start = nowNs();
    CollectedRun run = StreamCollector::runToEnd(provider, helloRequest());
    const double elapsedMs = msBetween(start, nowNs());
    QVERIFY2(run.completed && run.run.error, describe(run).c_str());
    QCOMPARE(run.run.error->kind, ErrorKind::ConnectTimeout);
    QCOMPARE(q(run.run.error->message),
             QStringLiteral("Connection to 127.0.0.1:%1 timed out after 300 ms (connect timeout)").arg(hanging.port()));
    QVERIFY2(elapsedMs < 1000, qPrintable(QStringLiteral("took %1 ms").arg(elapsedMs)));
}

void TestNetworkFaults::cancelMidStreamEndsWithin100ms()
{
    StreamScript s;
    for (int i = 0; i < 50; ++i)
        s.pieces.push_back("piece" + std::to_string(i) + " ");
    s.interDelayMs = 200;
    m_server->enqueue(kChatPath, ScriptedServer::openAiStream(s));
    OpenAiCompatibleProvider provider(configFor(m_server->baseUrl()), "");

    ChatRequest req = helloRequest();
    std::atomic<int64_t> failedAtNs{0};
    std::atomic<bool> gotText{false};
    StreamCollector collector(req);
    auto inner = collector.sink();
    auto handle = provider.chat(req, [&](const ChatEvent& e) {
        if (e.kind == ChatEventKind::TextDelta)
            gotText = true;
        if (e.kind == ChatEventKind::Failed)
            failedAtNs = nowNs();
        inner(e);
    });
    for (int i = 0; i < 300 && !gotText; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    QVERIFY2(gotText, "no text arrived before cancelling");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // mid-gap between pieces
    const int64_t cancelAt = nowNs();
    handle->cancel();
    handle->wait();
    const double waitedMs = msBetween(cancelAt, nowNs());
    QVERIFY(collector.waitDone(1000));
    auto run = collector.run();
    QVERIFY(run.error);
    QCOMPARE(run.error->kind, ErrorKind::Cancelled);
    QVERIFY2(failedAtNs > 0, "no Failed event");
    const double eventMs = msBetween(cancelAt, failedAtNs);
    QVERIFY2(eventMs < 100 && waitedMs < 100,
             qPrintable(QStringLiteral("cancel took %1 ms to the event, %2 ms to wait(); limit 100").arg(eventMs).arg(waitedMs)));
    QVERIFY2(!run.text.empty(), "text received before cancel must be kept");
}

void TestNetworkFaults::cancelBeforeFirstByteEndsWithin100ms()
{
    StreamScript s;
    s.pieces = {"never"};
    ScriptedResponse r = ScriptedServer::openAiStream(s);
    r.delayBeforeHeadersMs = 5000;
    m_server->enqueue(kChatPath, r);
    OpenAiCompatibleProvider provider(configFor(m_server->baseUrl()), "");
    ChatRequest req = helloRequest();
    StreamCollector collector(req);
    auto handle = provider.chat(req, collector.sink());
    QVERIFY(m_server->waitForRequests(1, 3000));
    const int64_t cancelAt = nowNs();
    handle->cancel();
    handle->wait();
    const double waitedMs = msBetween(cancelAt, nowNs());
    QVERIFY2(waitedMs < 100, qPrintable(QStringLiteral("cancel took %1 ms; limit 100").arg(waitedMs)));
    QCOMPARE(q(collector.kindSequence()), QStringLiteral("Started,Failed"));
}

void TestNetworkFaults::cancelDuringRetryWait()
{
    m_server->enqueue(kChatPath, ScriptedServer::errorResponse(429, "slow down", 5));
    auto config = configFor(m_server->baseUrl());
    config.maxRetries = 2;
    OpenAiCompatibleProvider provider(config, "");
    ChatRequest req = helloRequest();
    StreamCollector collector(req);
    auto handle = provider.chat(req, collector.sink());
    for (int i = 0; i < 300 && collector.run().retries.empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    QVERIFY2(!collector.run().retries.empty(), "no Retrying event");
    const int64_t cancelAt = nowNs();
    handle->cancel();
    handle->wait();
    QVERIFY2(msBetween(cancelAt, nowNs()) < 100, "cancel during a retry wait must not wait for the retry");
    QCOMPARE(collector.run().error->kind, ErrorKind::Cancelled);
    QCOMPARE(m_server->requestCount(), size_t(1));
}

void TestNetworkFaults::manyConcurrentStreams()
{
    constexpr int kStreams = 48;
    constexpr int kPieces = 20;
    constexpr int kInterDelayMs = 25;
    StreamScript s;
    for (int i = 0; i < kPieces; ++i)
        s.pieces.push_back("w" + std::to_string(i) + " ");
    s.interDelayMs = kInterDelayMs;
    m_server->setDefault(kChatPath, ScriptedServer::openAiStream(s));
    std::string expected;
    for (const auto& p : s.pieces)
        expected += p;

    OpenAiCompatibleProvider provider(configFor(m_server->baseUrl()), "");
    ChatRequest req = helloRequest();
    std::vector<std::unique_ptr<StreamCollector>> collectors;
    std::vector<std::shared_ptr<RequestHandle>> handles;
    const int64_t start = nowNs();
    // chat() from several threads at once: providers are thread-safe to call.
    std::vector<std::thread> starters;
    std::mutex mutex;
    for (int t = 0; t < 4; ++t) {
        starters.emplace_back([&] {
            for (int i = 0; i < kStreams / 4; ++i) {
                auto c = std::make_unique<StreamCollector>(req);
                auto h = provider.chat(req, c->sink());
                std::lock_guard lock(mutex);
                collectors.push_back(std::move(c));
                handles.push_back(std::move(h));
            }
        });
    }
    for (auto& t : starters)
        t.join();
    for (auto& h : handles)
        h->wait();
    const double elapsedMs = msBetween(start, nowNs());
    int ok = 0;
    for (auto& c : collectors) {
        auto run = c->run();
        if (!run.error && run.text == expected)
            ++ok;
        else
            qWarning("stream failed: %s", run.error ? run.error->message.c_str() : run.text.c_str());
    }
    QCOMPARE(ok, kStreams);
    // One stream takes ~500 ms; run one after another they would take ~24 s.
    QVERIFY2(elapsedMs < 4000, qPrintable(QStringLiteral("%1 streams took %2 ms; they do not run concurrently")
                                               .arg(kStreams).arg(elapsedMs)));
}

QTEST_GUILESS_MAIN(TestNetworkFaults)
#include "tst_network_faults.moc"
