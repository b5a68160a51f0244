// How figures are written (units, ~ for estimates, — for missing, never 0) and which pane
// gets the ★ for each figure.

#include <QTest>

#include "widgets/playground/MetricsFormat.h"
#include "widgets/playground/PaneComparison.h"

using namespace triad;
using namespace triad::widgets;

class TestMetricsFormat : public QObject {
    Q_OBJECT
private slots:
    void duration_data();
    void duration();
    void cost_data();
    void cost();
    void wholeLine();
    void missingFiguresAreDashes();
    void bestMarks();
};

void TestMetricsFormat::duration_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sub-10 ms keeps a decimal") << 9.44 << QStringLiteral("9.4 ms");
    QTest::newRow("ms rounded") << 182.4 << QStringLiteral("182 ms");
    QTest::newRow("long in seconds") << 12345.0 << QStringLiteral("12.35 s");
}

void TestMetricsFormat::duration()
{
    QFETCH(double, ms);
    QFETCH(QString, expected);
    QCOMPARE(MetricsFormat::duration(ms), expected);
}

void TestMetricsFormat::cost_data()
{
    QTest::addColumn<double>("usd");
    QTest::addColumn<bool>("estimated");
    QTest::addColumn<QString>("expected");
    QTest::newRow("free") << 0.0 << false << QStringLiteral("$0");
    QTest::newRow("fraction of a cent") << 0.0021 << false << QStringLiteral("$0.0021");
    QTest::newRow("no trailing zero") << 0.0009 << false << QStringLiteral("$0.0009");
    QTest::newRow("tiny never rounds to zero") << 0.0000046 << false << QStringLiteral("$0.0000046");
    QTest::newRow("dollars") << 1.2449 << false << QStringLiteral("$1.24");
    QTest::newRow("estimated") << 0.0021 << true << QStringLiteral("~$0.0021");
}

void TestMetricsFormat::cost()
{
    QFETCH(double, usd);
    QFETCH(bool, estimated);
    QFETCH(QString, expected);
    QCOMPARE(MetricsFormat::cost(usd, estimated), expected);
}

void TestMetricsFormat::wholeLine()
{
    metrics::RequestMetrics m;
    m.ttftMs = 182.0;
    m.outputTokensPerSec = 87.3;
    m.promptTokens = 41;
    m.completionTokens = 38;
    m.costUsd = 0.0021;
    m.totalMs = 2410.0;
    QCOMPARE(MetricsFormat::line(m), QStringLiteral("TTFT 182 ms · 87.3 tok/s · 41→38 tok · $0.0021 · 2.41 s"));
    m.tokensEstimated = true;
    QCOMPARE(MetricsFormat::line(m), QStringLiteral("TTFT 182 ms · ~87.3 tok/s · ~41→~38 tok · $0.0021 · 2.41 s"));
}

void TestMetricsFormat::missingFiguresAreDashes()
{
    const QString line = MetricsFormat::line(metrics::RequestMetrics{});
    QCOMPARE(line, QStringLiteral("TTFT — · — · — · — · —"));
    QVERIFY2(!line.contains(QLatin1Char('0')), qPrintable(QStringLiteral("a missing figure shown as 0: ") + line));
}

void TestMetricsFormat::bestMarks()
{
    auto figures = [](double ttft, double tps, std::optional<double> cost, int64_t tokens) {
        PaneFigures f;
        f.hasRun = true;
        f.metrics.ttftMs = ttft;
        f.metrics.outputTokensPerSec = tps;
        f.metrics.costUsd = cost;
        f.metrics.completionTokens = tokens;
        return f;
    };
    std::vector<PaneFigures> panes = {figures(182, 74, 0.0009, 38), figures(9, 410, std::nullopt, 37),
                                      figures(11, 402, 0.0, 41), PaneFigures{}};
    const auto marks = comparePanes(panes);
    QCOMPARE(marks.size(), size_t(4));
    QVERIFY(marks[1].fastestTtft && !marks[0].fastestTtft && !marks[2].fastestTtft);
    QVERIFY(marks[1].highestTokensPerSec);
    QVERIFY2(marks[2].cheapest && !marks[0].cheapest && !marks[1].cheapest,
             "the pane with a known $0 cost is the cheapest; an unknown cost is never best");
    QVERIFY(marks[2].longest && !marks[0].longest);
    QVERIFY(!marks[3].fastestTtft && !marks[3].longest);   // no run, no mark

    // One pane alone is not a comparison.
    const auto single = comparePanes({figures(10, 10, 0.1, 5)});
    QVERIFY(!single[0].fastestTtft && !single[0].cheapest && !single[0].longest);
}

QTEST_MAIN(TestMetricsFormat)
#include "tst_metrics_format.moc"
