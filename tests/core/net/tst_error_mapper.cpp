// ErrorMapper and SecretScrubber: plain-word messages that name the service and the
// reason, server messages pulled out of error bodies, and keys that never show.
#include <QtTest>

#include <curl/curl.h>

#include "core/net/ErrorMapper.h"
#include "core/net/SecretScrubber.h"

using triad::net::ErrorMapper;
using triad::net::FailureContext;
using triad::net::SecretScrubber;
using triad::providers::ErrorKind;

Q_DECLARE_METATYPE(ErrorKind)

namespace {

FailureContext fireworks()
{
    FailureContext c;
    c.serviceName = "Fireworks";
    c.url = "https://api.fireworks.ai/inference/v1/chat/completions";
    c.connectTimeoutMs = 10000;
    c.idleReadTimeoutMs = 60000;
    return c;
}

} // namespace

class TestErrorMapper : public QObject {
    Q_OBJECT
private slots:
    void httpStatuses_data();
    void httpStatuses();
    void serverMessageFromBodies_data();
    void serverMessageFromBodies();
    void curlCodes_data();
    void curlCodes();
    void hostAndPort();
    void masksKeys_data();
    void masksKeys();
    void scrubsKeysFromText();
};

void TestErrorMapper::httpStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("body");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("401") << 401 << R"({"error":{"message":"Invalid API key","type":"invalid_request_error"}})"
                         << ErrorKind::Auth << "The API key was rejected by Fireworks (HTTP 401): Invalid API key";
    QTest::newRow("403") << 403 << R"({"error":"forbidden"})" << ErrorKind::Auth
                         << "The API key was rejected by Fireworks (HTTP 403): forbidden";
    QTest::newRow("429") << 429 << "" << ErrorKind::RateLimited << "Fireworks is rate limiting requests (HTTP 429)";
    QTest::newRow("500 html") << 500 << "<html>\n<body>Internal</body></html>" << ErrorKind::Server
                              << "Fireworks had a server error (HTTP 500): <html> <body>Internal</body></html>";
    QTest::newRow("400") << 400 << R"({"detail":"context too long"})" << ErrorKind::BadRequest
                         << "Fireworks refused the request (HTTP 400): context too long";
    QTest::newRow("404") << 404 << R"({"error":{"message":"Model not found"}})" << ErrorKind::BadRequest
                         << "Fireworks has no such endpoint or model (HTTP 404) at "
                            "https://api.fireworks.ai/inference/v1/chat/completions: Model not found";
    QTest::newRow("301") << 301 << "" << ErrorKind::BadResponse
                         << "Fireworks answered with an unexpected status (HTTP 301) at "
                            "https://api.fireworks.ai/inference/v1/chat/completions (a redirect? check the base URL)";
}

void TestErrorMapper::httpStatuses()
{
    QFETCH(int, status);
    QFETCH(QString, body);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, message);
    auto e = ErrorMapper::fromHttpStatus(status, body.toStdString(), fireworks());
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(QString::fromStdString(e.message), message);
}

void TestErrorMapper::serverMessageFromBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("openai") << QByteArray(R"({"error":{"message":"m1","type":"t","param":null,"code":"c"}})") << "m1";
    QTest::newRow("anthropic") << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
                               << "Overloaded";
    QTest::newRow("string error") << QByteArray(R"({"error":"plain"})") << "plain";
    QTest::newRow("fastapi detail") << QByteArray(R"({"detail":"Not authenticated"})") << "Not authenticated";
    QTest::newRow("plain text") << QByteArray("Bad Gateway\r\n") << "Bad Gateway";
    QTest::newRow("invalid utf-8") << QByteArray("bad \xff\xfe bytes") << "bad ?? bytes";
    QTest::newRow("empty") << QByteArray() << "";
}

void TestErrorMapper::serverMessageFromBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QCOMPARE(QString::fromStdString(ErrorMapper::serverMessage(body.toStdString())), message);
}

void TestErrorMapper::curlCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("bodyDelivered");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("startsWith");
    QTest::newRow("dns") << int(CURLE_COULDNT_RESOLVE_HOST) << false << ErrorKind::Dns
                         << "Could not resolve host api.fireworks.ai";
    QTest::newRow("connect timeout") << int(CURLE_OPERATION_TIMEDOUT) << false << ErrorKind::ConnectTimeout
                                     << "Connection to api.fireworks.ai:443 timed out after 10000 ms (connect timeout)";
    QTest::newRow("tls") << int(CURLE_PEER_FAILED_VERIFICATION) << false << ErrorKind::Tls
                         << "TLS (secure connection) with api.fireworks.ai:443 failed";
    QTest::newRow("bad url") << int(CURLE_URL_MALFORMAT) << false << ErrorKind::BadRequest << "'https://api.fireworks.ai";
    QTest::newRow("closed early") << int(CURLE_GOT_NOTHING) << false << ErrorKind::Connection
                                  << "The connection to Fireworks (api.fireworks.ai:443) closed before a response arrived";
    QTest::newRow("broken stream") << int(CURLE_PARTIAL_FILE) << true << ErrorKind::Connection
                                   << "The connection to Fireworks broke mid-stream";
}

void TestErrorMapper::curlCodes()
{
    QFETCH(int, code);
    QFETCH(bool, bodyDelivered);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, startsWith);
    auto context = fireworks();
    context.bodyDelivered = bodyDelivered;
    auto e = ErrorMapper::fromCurl(code, "", context);
    QCOMPARE(e.kind, kind);
    QVERIFY2(QString::fromStdString(e.message).startsWith(startsWith),
             qPrintable("expected it to start with '" + startsWith + "', got '" + QString::fromStdString(e.message) + "'"));
}

void TestErrorMapper::hostAndPort()
{
    QCOMPARE(QString::fromStdString(ErrorMapper::hostOf("http://127.0.0.1:8080/v1")), QStringLiteral("127.0.0.1"));
    QCOMPARE(QString::fromStdString(ErrorMapper::hostPortOf("http://127.0.0.1:8080/v1")), QStringLiteral("127.0.0.1:8080"));
    QCOMPARE(QString::fromStdString(ErrorMapper::hostPortOf("http://localhost/v1")), QStringLiteral("localhost:80"));
    QCOMPARE(QString::fromStdString(ErrorMapper::hostOf("not a url")), QStringLiteral("not a url"));
}

void TestErrorMapper::masksKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("masked");
    QTest::newRow("long") << "fw_3ZkLmNoPqRsTuVwXyZabcd" << QString::fromUtf8("••••abcd");
    QTest::newRow("short shows nothing") << "short123" << QString::fromUtf8("••••");
    QTest::newRow("empty") << "" << QString::fromUtf8("••••");
}

void TestErrorMapper::masksKeys()
{
    QFETCH(QString, key);
    QFETCH(QString, masked);
    QCOMPARE(QString::fromStdString(SecretScrubber::mask(key.toStdString())), masked);
}

void TestErrorMapper::scrubsKeysFromText()
{
    const std::string key = "tgp_v1_AbCdEfGhIjKlMnOpQrStUvWx9876";
    std::string text = "key " + key + " and header Authorization: Bearer abcdefghijklmnop1234 and sk-proj-0123456789abcdefXYZW";
    std::string scrubbed = SecretScrubber::scrub(text, {key});
    QVERIFY2(scrubbed.find(key) == std::string::npos, scrubbed.c_str());
    QVERIFY2(scrubbed.find("abcdefghijklmnop") == std::string::npos, scrubbed.c_str());
    QVERIFY2(scrubbed.find("0123456789abcdef") == std::string::npos, scrubbed.c_str());
    QCOMPARE(QString::fromStdString(scrubbed),
             QString::fromUtf8("key ••••9876 and header Authorization: Bearer ••••1234 and ••••XYZW"));
    QCOMPARE(QString::fromStdString(SecretScrubber::scrub("nothing secret here", {key})),
             QStringLiteral("nothing secret here"));
}

QTEST_GUILESS_MAIN(TestErrorMapper)
#include "tst_error_mapper.moc"
