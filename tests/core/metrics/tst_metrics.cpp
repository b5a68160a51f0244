// Metrics: TTFT/TTFB/ITL/TPOT/e2e/tokens-per-second math on known timelines, estimated
// tokens, the price table, percentiles, and measured TTFT against the scripted server's
// real timings (within 5 ms).
#include <QtTest>

#include <cmath>

#include "core/metrics/MetricsCalculator.h"
#include "core/metrics/Percentiles.h"
#include "core/metrics/PriceTable.h"
#include "core/metrics/TokenEstimator.h"
#include "core/providers/OpenAiCompatibleProvider.h"
#include "tests/support/ScriptedServer.h"
#include "tests/support/StreamCollector.h"

using namespace triad;
using namespace triad::metrics;
using triad::testsupport::ScriptedServer;
using triad::testsupport::StreamCollector;
using triad::testsupport::StreamScript;

namespace {

constexpr int64_t kMs = 1'000'000;

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::fabs(a - b) <= tolerance;
}

QByteArray expectedGot(const char* what, double expected, double got)
{
    return QStringLiteral("%1: expected %2, got %3").arg(what).arg(expected, 0, 'g', 10).arg(got, 0, 'g', 10).toUtf8();
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void latenciesFromKnownTimeline();
    void singleChunkHasNoTpot();
    void missingUsageIsEstimatedAndFlagged();
    void reportedUsageIsNotEstimated();
    void timelineKeepsFirstMarks();
    void tokenEstimates_data();
    void tokenEstimates();
    void percentiles_data();
    void percentiles();
    void percentilesIgnoreNaN();
    void priceLookupAndCost();
    void priceOverridesWinAndRoundTrip();
    void priceJsonErrorsNameTheEntry();
    void costIsFlaggedWhenTokensAreEstimated();
    void ttftMatchesServerTimingWithin5ms();
};

void TestMetrics::latenciesFromKnownTimeline()
{
    Timeline t;
    const int64_t base = 1'000'000'000;
    t.markSent(base);
    t.markFirstByte(base + 50 * kMs);
    t.addChunk(base + 100 * kMs, 5);
    t.addChunk(base + 120 * kMs, 3);
    t.addChunk(base + 150 * kMs, 4);
    t.addChunk(base + 200 * kMs, 2);
    t.markDone(base + 210 * kMs);
    TokenInputs tokens;
    tokens.promptTokens = 12;
    tokens.completionTokens = 5;
    RequestMetrics m = MetricsCalculator::compute(t, tokens);

    QVERIFY2(near(*m.ttftMs, 100), expectedGot("ttft", 100, *m.ttftMs));
    QVERIFY2(near(*m.ttfbMs, 50), expectedGot("ttfb", 50, *m.ttfbMs));
    QVERIFY2(near(*m.e2eMs, 200), expectedGot("e2e", 200, *m.e2eMs));
    QVERIFY2(near(*m.totalMs, 210), expectedGot("total", 210, *m.totalMs));
    QCOMPARE(m.itlMs.size(), size_t(3));
    QVERIFY2(near(m.itlMs[0], 20) && near(m.itlMs[1], 30) && near(m.itlMs[2], 50), "ITL should be 20, 30, 50 ms");
    // (e2e − ttft) / (tokens − 1) = 100 / 4
    QVERIFY2(near(*m.tpotMs, 25), expectedGot("tpot", 25, *m.tpotMs));
    // 5 tokens over the 100 ms after the first token
    QVERIFY2(near(*m.outputTokensPerSec, 50), expectedGot("tokens/s", 50, *m.outputTokensPerSec));
    QCOMPARE(m.promptTokens.value_or(-1), int64_t(12));
    QVERIFY(!m.tokensEstimated);
}

void TestMetrics::singleChunkHasNoTpot()
{
    Timeline t;
    t.markSent(0);
    t.addChunk(40 * kMs, 10);
    TokenInputs tokens;
    tokens.completionTokens = 1;
    RequestMetrics m = MetricsCalculator::compute(t, tokens);
    QVERIFY(m.ttftMs && near(*m.ttftMs, 40));
    QVERIFY2(m.ttfbMs && near(*m.ttfbMs, 40), "a content chunk implies the first byte arrived");
    QVERIFY2(!m.tpotMs, "TPOT needs at least two tokens");
    QVERIFY2(!m.outputTokensPerSec, "no decode time, no rate");
    QVERIFY(m.itlMs.empty());
}

void TestMetrics::missingUsageIsEstimatedAndFlagged()
{
    Timeline t;
    t.markSent(0);
    t.addChunk(10 * kMs, 20);
    t.addChunk(20 * kMs, 20);
    TokenInputs tokens;
    tokens.promptText = "What is the capital of France?";   // 30 chars
    tokens.completionText = "The capital of France is Paris, a city.";   // 39 chars
    RequestMetrics m = MetricsCalculator::compute(t, tokens);
    QVERIFY(m.tokensEstimated);
    QCOMPARE(m.promptTokens.value_or(-1), int64_t(8));
    QCOMPARE(m.completionTokens.value_or(-1), int64_t(10));
}

void TestMetrics::reportedUsageIsNotEstimated()
{
    Timeline t;
    t.markSent(0);
    TokenInputs tokens;
    tokens.promptTokens = 3;
    tokens.completionTokens = 0;
    tokens.completionText = "";
    RequestMetrics m = MetricsCalculator::compute(t, tokens);
    QVERIFY(!m.tokensEstimated);
    QVERIFY2(!m.ttftMs && !m.e2eMs, "no content, no TTFT or e2e");
}

void TestMetrics::timelineKeepsFirstMarks()
{
    Timeline t;
    t.markSent(10);
    t.markSent(99);   // a retry re-sends; TTFT still counts from the first send
    t.markFirstByte(20);
    t.markFirstByte(30);
    t.addChunk(40, 0);   // empty pieces are not content
    t.addChunk(50, 2, true);
    t.markDone(60);
    t.markDone(70);
    QCOMPARE(*t.sentNs(), int64_t(10));
    QCOMPARE(*t.firstByteNs(), int64_t(20));
    QCOMPARE(*t.firstContentNs(), int64_t(50));
    QCOMPARE(*t.doneNs(), int64_t(60));
    QCOMPARE(t.chunks().size(), size_t(1));
    QVERIFY(t.chunks()[0].reasoning);
}

void TestMetrics::tokenEstimates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("codePoints");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("empty") << "" << 0LL << 0LL;
    QTest::newRow("one char") << "a" << 1LL << 1LL;
    QTest::newRow("four chars") << "abcd" << 4LL << 1LL;
    QTest::newRow("five chars") << "abcde" << 5LL << 2LL;
    QTest::newRow("umlauts are narrow") << QString::fromUtf8("Grüße") << 5LL << 2LL;
    QTest::newRow("cjk one per char") << QString::fromUtf8("你好世界") << 4LL << 4LL;
    QTest::newRow("emoji") << QString::fromUtf8("ok 🙂") << 4LL << 2LL;
}

void TestMetrics::tokenEstimates()
{
    QFETCH(QString, text);
    QFETCH(qint64, codePoints);
    QFETCH(qint64, tokens);
    const std::string utf8 = text.toStdString();
    QCOMPARE(qint64(TokenEstimator::countCodePoints(utf8)), codePoints);
    QCOMPARE(qint64(TokenEstimator::estimateTokens(utf8)), tokens);
}

void TestMetrics::percentiles_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QList<double>>("expected");   // mean, median, p90, p95, p99, min, max, std
    // References computed with numpy (np.percentile linear, np.std population).
    QTest::newRow("1..10") << QList<double>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
                           << QList<double>{5.5, 5.5, 9.1, 9.55, 9.91, 1, 10, 2.8722813232690143};
    QTest::newRow("single") << QList<double>{42} << QList<double>{42, 42, 42, 42, 42, 42, 42, 0};
    QTest::newRow("two") << QList<double>{0, 100} << QList<double>{50, 50, 90, 95, 99, 0, 100, 50};
    QTest::newRow("skewed") << QList<double>{1, 1, 1, 1, 100}
                            << QList<double>{20.8, 1, 60.4, 80.2, 96.04, 1, 100, 39.6};
}

void TestMetrics::percentiles()
{
    QFETCH(QList<double>, values);
    QFETCH(QList<double>, expected);
    Summary s = Percentiles::summarize(std::vector<double>(values.begin(), values.end()));
    QCOMPARE(s.count, size_t(values.size()));
    const double got[] = {s.mean, s.median, s.p90, s.p95, s.p99, s.min, s.max, s.std};
    const char* names[] = {"mean", "median", "p90", "p95", "p99", "min", "max", "std"};
    for (int i = 0; i < 8; ++i)
        QVERIFY2(near(got[i], expected[i], 1e-9), expectedGot(names[i], expected[i], got[i]));
}

void TestMetrics::percentilesIgnoreNaN()
{
    Summary s = Percentiles::summarize({1.0, std::nan(""), 3.0});
    QCOMPARE(s.count, size_t(2));
    QVERIFY(near(s.mean, 2.0));
    Summary empty = Percentiles::summarize({});
    QCOMPARE(empty.count, size_t(0));
}

void TestMetrics::priceLookupAndCost()
{
    PriceTable prices = PriceTable::withDefaults();
    auto mini = prices.lookup("openai", "gpt-4o-mini");
    QVERIFY2(mini, "gpt-4o-mini should have a default price");
    QCOMPARE(QString::fromStdString(mini->asOf), QString::fromLatin1(PriceTable::defaultsDate()));
    // 1,000 in × $0.15/M + 2,000 out × $0.60/M = $0.00015 + $0.0012
    QVERIFY2(near(PriceTable::cost(*mini, 1000, 2000), 0.00135, 1e-12),
             expectedGot("cost", 0.00135, PriceTable::cost(*mini, 1000, 2000)));

    QVERIFY2(!prices.lookup("openai", "no-such-model"), "an unknown model must have no price");
    QVERIFY2(!prices.lookup("fireworks", "gpt-4o-mini"), "prices are per provider");
    auto local = prices.lookup("ollama", "anything:7b");
    QVERIFY2(local && local->inputUsdPerMTok == 0 && local->outputUsdPerMTok == 0, "local servers cost nothing");

    RequestMetrics m;
    m.promptTokens = 1'000'000;
    m.completionTokens = 1'000'000;
    prices.applyCost(m, "anthropic", "claude-sonnet-4-20250514");
    QVERIFY(m.costUsd);
    QVERIFY2(near(*m.costUsd, 18.0, 1e-9), expectedGot("claude cost", 18.0, *m.costUsd));
    prices.applyCost(m, "anthropic", "unknown");
    QVERIFY2(!m.costUsd, "unknown model -> no cost, not a stale one");
}

void TestMetrics::priceOverridesWinAndRoundTrip()
{
    PriceTable prices = PriceTable::withDefaults();
    prices.setOverride({"openai", "gpt-4o-mini", 1.0, 2.0, "2026-01-01"});
    prices.setOverride({"custom-1", "my-finetune", 0.5, 0.5, "2026-01-02"});
    QCOMPARE(prices.lookup("openai", "gpt-4o-mini")->inputUsdPerMTok, 1.0);

    nlohmann::json saved = prices.overridesToJson();
    PriceTable reloaded = PriceTable::withDefaults();
    std::string error;
    QVERIFY2(reloaded.loadOverridesFromJson(saved, &error), error.c_str());
    QCOMPARE(reloaded.overrides().size(), size_t(2));
    QCOMPARE(reloaded.lookup("custom-1", "my-finetune")->outputUsdPerMTok, 0.5);
    QCOMPARE(QString::fromStdString(reloaded.lookup("openai", "gpt-4o-mini")->asOf), QStringLiteral("2026-01-01"));

    QVERIFY(reloaded.removeOverride("openai", "gpt-4o-mini"));
    QCOMPARE(reloaded.lookup("openai", "gpt-4o-mini")->inputUsdPerMTok, 0.15);
    QVERIFY(!reloaded.removeOverride("openai", "gpt-4o-mini"));

    const auto rows = reloaded.effectivePrices();
    QCOMPARE(rows.size(), PriceTable::defaultPrices().size() + 1);
}

void TestMetrics::priceJsonErrorsNameTheEntry()
{
    PriceTable prices = PriceTable::withDefaults();
    prices.setOverride({"openai", "kept", 1, 1, ""});
    std::string error;
    nlohmann::json bad = {{"version", 1},
                          {"prices", {{{"provider", "a"}, {"model", "m"}, {"input_usd_per_mtok", 1}, {"output_usd_per_mtok", 1}},
                                      {{"provider", "b"}, {"model", "m2"}, {"input_usd_per_mtok", -3}, {"output_usd_per_mtok", 1}}}}};
    QVERIFY(!prices.loadOverridesFromJson(bad, &error));
    QCOMPARE(QString::fromStdString(error),
             QStringLiteral("price table: entry 1 (m2) has a negative or invalid \"input_usd_per_mtok\""));
    QCOMPARE(prices.overrides().size(), size_t(1));   // a bad file changes nothing
    QVERIFY(!prices.loadOverridesFromJson(nlohmann::json::array(), &error));
    QVERIFY(!prices.loadOverridesFromJson({{"version", 2}, {"prices", nlohmann::json::array()}}, &error));
    QVERIFY2(QString::fromStdString(error).contains("version 2"), error.c_str());
}

void TestMetrics::costIsFlaggedWhenTokensAreEstimated()
{
    PriceTable prices = PriceTable::withDefaults();
    RequestMetrics m;
    m.promptTokens = 100;
    m.completionTokens = 100;
    m.tokensEstimated = true;
    prices.applyCost(m, "openai", "gpt-4o");
    QVERIFY(m.costUsd);
    QVERIFY(m.costEstimated);
}

void TestMetrics::ttftMatchesServerTimingWithin5ms()
{
    ScriptedServer server;
    QVERIFY(server.start());
    providers::ProviderConfig config;
    config.id = "scripted";
    config.displayName = "Scripted";
    config.baseUrl = server.baseUrl();
    config.maxRetries = 0;
    providers::OpenAiCompatibleProvider provider(config, "");

    constexpr int kFirstDelayMs = 150;
    constexpr int kInterDelayMs = 30;
    constexpr int kRuns = 5;
    for (int run = 0; run < kRuns; ++run) {
        StreamScript s;
        s.pieces = {"alpha ", "beta ", "gamma ", "delta"};
        s.firstDelayMs = kFirstDelayMs;
        s.interDelayMs = kInterDelayMs;
        s.completionTokens = 4;
        server.enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));

        providers::ChatRequest req;
        req.model = "scripted-model";
        req.messages.push_back({"user", "time me", {}, nullptr, {}, {}});
        auto result = StreamCollector::runToEnd(provider, req);
        QVERIFY2(result.completed && !result.run.error, result.kinds.c_str());
        const auto recorded = server.requests().back();
        const auto sent = result.run.timeline.sentNs();
        const auto serverFirst = recorded.firstContentWrittenNs();
        QVERIFY(sent && serverFirst && result.metrics.ttftMs && result.metrics.ttfbMs);

        // What the server really did (its sleeps overshoot on a busy machine, so the
        // reference is the moment it wrote the first content, not the scripted delay)...
        const double serverTtftMs = (*serverFirst - *sent) / 1e6;
        QVERIFY2(serverTtftMs >= kFirstDelayMs && serverTtftMs < kFirstDelayMs + 1000,
                 expectedGot("server's first-content delay (ms)", kFirstDelayMs, serverTtftMs));
        // ...and what the client measured must agree within 5 ms.
        const double measured = *result.metrics.ttftMs;
        QVERIFY2(measured >= serverTtftMs && measured - serverTtftMs < 5.0,
                 expectedGot("TTFT within 5 ms of the server's timing", serverTtftMs, measured));
        // TTFB (vLLM's definition) ends at the role-only chunk, the server's first write.
        const double serverTtfbMs = (recorded.stepWrittenNs.at(0) - *sent) / 1e6;
        const double measuredTtfb = *result.metrics.ttfbMs;
        QVERIFY2(measuredTtfb >= serverTtfbMs && measuredTtfb - serverTtfbMs < 5.0,
                 expectedGot("TTFB within 5 ms of the server's first write", serverTtfbMs, measuredTtfb));
        QVERIFY2(measuredTtfb < measured, "the role chunk comes before the first content");
        // ITL follows the server's gaps between content writes.
        std::vector<int64_t> contentWrites;
        for (size_t i = 0; i < recorded.stepWrittenNs.size(); ++i) {
            if (recorded.stepIsContent[i])
                contentWrites.push_back(recorded.stepWrittenNs[i]);
        }
        QCOMPARE(result.metrics.itlMs.size(), contentWrites.size() - 1);
        for (size_t i = 1; i < contentWrites.size(); ++i) {
            const double serverGap = (contentWrites[i] - contentWrites[i - 1]) / 1e6;
            QVERIFY2(std::fabs(result.metrics.itlMs[i - 1] - serverGap) < 5.0,
                     expectedGot("ITL within 5 ms of the server's gap", serverGap, result.metrics.itlMs[i - 1]));
        }
        QVERIFY2(!result.metrics.tokensEstimated && result.metrics.tpotMs, "usage was sent; TPOT must be computed");
    }
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
