// RetryPolicy: which failures are retried, for how long, and Retry-After parsing.
#include <QtTest>

#include "core/net/RetryPolicy.h"

using triad::net::HttpRequest;
using triad::net::RetryPolicy;
using triad::providers::ErrorKind;

Q_DECLARE_METATYPE(ErrorKind)

class TestRetryPolicy : public QObject {
    Q_OBJECT
private slots:
    void decision_data();
    void decision();
    void retryAfterParsing_data();
    void retryAfterParsing();
    void retryAfterHttpDate();
    void jitterStaysWithinTwentyPercent();
};

void TestRetryPolicy::decision_data()
{
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<int>("attemptsMade");
    QTest::addColumn<bool>("bodyDelivered");
    QTest::addColumn<QString>("retryAfter");   // "" = no header
    QTest::addColumn<int>("expectedDelayMs");  // -1 = give up

    QTest::newRow("429 first retry") << ErrorKind::RateLimited << 1 << false << "" << 500;
    QTest::newRow("5xx second retry doubles") << ErrorKind::Server << 2 << false << "" << 1000;
    QTest::newRow("third retry") << ErrorKind::Connection << 3 << false << "" << 2000;
    QTest::newRow("budget used up") << ErrorKind::Server << 4 << false << "" << -1;
    QTest::newRow("connect timeout retried") << ErrorKind::ConnectTimeout << 1 << false << "" << 500;
    QTest::newRow("Retry-After wins") << ErrorKind::RateLimited << 1 << false << "3" << 3000;
    QTest::newRow("Retry-After zero") << ErrorKind::RateLimited << 1 << false << "0" << 0;
    QTest::newRow("Retry-After too long") << ErrorKind::RateLimited << 1 << false << "3600" << -1;
    QTest::newRow("unparseable Retry-After falls back") << ErrorKind::RateLimited << 1 << false << "soon" << 500;
    QTest::newRow("never after content") << ErrorKind::Connection << 1 << true << "" << -1;
    QTest::newRow("auth never") << ErrorKind::Auth << 1 << false << "" << -1;
    QTest::newRow("bad request never") << ErrorKind::BadRequest << 1 << false << "" << -1;
    QTest::newRow("dns never") << ErrorKind::Dns << 1 << false << "" << -1;
    QTest::newRow("tls never") << ErrorKind::Tls << 1 << false << "" << -1;
    QTest::newRow("read timeout never") << ErrorKind::ReadTimeout << 1 << false << "" << -1;
}

void TestRetryPolicy::decision()
{
    QFETCH(ErrorKind, kind);
    QFETCH(int, attemptsMade);
    QFETCH(bool, bodyDelivered);
    QFETCH(QString, retryAfter);
    QFETCH(int, expectedDelayMs);
    HttpRequest r;
    r.maxRetries = 3;
    r.retryBaseDelayMs = 500;
    r.maxRetryDelayMs = 60000;
    std::optional<std::string> header;
    if (!retryAfter.isEmpty())
        header = retryAfter.toStdString();
    auto delay = RetryPolicy::nextDelayMs(r, attemptsMade, kind, bodyDelivered, header, 0.0);
    QCOMPARE(delay.value_or(-1), expectedDelayMs);
}

void TestRetryPolicy::retryAfterParsing_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expectedMs");   // -1 = not parseable
    QTest::newRow("seconds") << "2" << 2000;
    QTest::newRow("spaces") << " 5 " << 5000;
    QTest::newRow("empty") << "" << -1;
    QTest::newRow("negative") << "-1" << -1;
    QTest::newRow("garbage") << "later" << -1;
    QTest::newRow("date in the past") << "Wed, 21 Oct 2015 07:28:00 GMT" << 0;
}

void TestRetryPolicy::retryAfterParsing()
{
    QFETCH(QString, value);
    QFETCH(int, expectedMs);
    QCOMPARE(RetryPolicy::parseRetryAfterMs(value.toStdString(), std::time(nullptr)).value_or(-1), expectedMs);
}

void TestRetryPolicy::retryAfterHttpDate()
{
    // 7 seconds after a fixed "now".
    const std::time_t now = 1'700'000'000;   // Tue, 14 Nov 2023 22:13:20 GMT
    auto ms = RetryPolicy::parseRetryAfterMs("Tue, 14 Nov 2023 22:13:27 GMT", now);
    QVERIFY(ms);
    QCOMPARE(*ms, 7000);
}

void TestRetryPolicy::jitterStaysWithinTwentyPercent()
{
    HttpRequest r;
    r.maxRetries = 3;
    r.retryBaseDelayMs = 1000;
    for (double j : {0.0, 0.5, 0.999}) {
        int d = *RetryPolicy::nextDelayMs(r, 1, ErrorKind::Server, false, std::nullopt, j);
        QVERIFY2(d >= 1000 && d < 1200, qPrintable(QStringLiteral("jitter %1 gave %2 ms").arg(j).arg(d)));
    }
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retry_policy.moc"
