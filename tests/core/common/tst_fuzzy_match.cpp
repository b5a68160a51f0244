// The command palette's matcher: subsequences match, others do not; word starts and runs
// rank above scattered letters; case does not matter.

#include "core/common/FuzzyMatch.h"

#include <QTest>

using triad::common::fuzzyScore;

class TestFuzzyMatch : public QObject {
    Q_OBJECT

private slots:
    void matchesOnlySubsequences_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("empty") << "" << "Run all panes" << true;
        QTest::newRow("prefix") << "run" << "Run all panes" << true;
        QTest::newRow("scattered") << "rap" << "Run all panes" << true;
        QTest::newRow("case") << "RUN ALL" << "run all panes" << true;
        QTest::newRow("order") << "nur" << "Run all panes" << false;
        QTest::newRow("missing") << "xyz" << "Run all panes" << false;
        QTest::newRow("longer") << "run all panes now" << "Run all panes" << false;
    }
    void matchesOnlySubsequences()
    {
        QFETCH(QString, query);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QCOMPARE(fuzzyScore(query.toStdString(), text.toStdString()).has_value(), matches);
    }

    void ranksWordStartsAndRuns_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("better");
        QTest::addColumn<QString>("worse");
        QTest::newRow("word starts") << "ns" << "Session: New session" << "Session: Rename session";
        QTest::newRow("run beats scatter") << "model" << "View: Models" << "Run: Move the dialog left";
        QTest::newRow("acronym") << "rap" << "Run: Run all panes" << "Help: Keyboard shortcuts (parallel)";
        QTest::newRow("shorter") << "stop" << "Run: Stop all" << "Run: Stop all panes and close every open dialog";
        QTest::newRow("camel") << "lmc" << "LocalModelController" << "allmycats";
    }
    void ranksWordStartsAndRuns()
    {
        QFETCH(QString, query);
        QFETCH(QString, better);
        QFETCH(QString, worse);
        const auto b = fuzzyScore(query.toStdString(), better.toStdString());
        const auto w = fuzzyScore(query.toStdString(), worse.toStdString());
        QVERIFY2(b.has_value(), qPrintable(better + " does not match " + query));
        QVERIFY2(!w || *b > *w, qPrintable(QString("%1 scored %2, %3 scored %4").arg(better).arg(*b).arg(worse).arg(w ? *w : -1)));
    }
};

QTEST_GUILESS_MAIN(TestFuzzyMatch)
#include "tst_fuzzy_match.moc"
