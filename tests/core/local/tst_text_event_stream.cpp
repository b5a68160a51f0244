// TextEventStream: generated text becomes FirstByte + TextDelta, inline <think> blocks become
// ReasoningDelta even when a tag is split across pieces, and nothing is lost at the end.

#include "core/local/TextEventStream.h"

#include <QtTest>

using namespace triad;
using providers::ChatEvent;
using providers::ChatEventKind;

namespace {

struct Collected {
    std::string kinds;      // "F" FirstByte, "T" TextDelta, "R" ReasoningDelta
    std::string text;
    std::string reasoning;
    std::vector<int64_t> stamps;
};

Collected run(const QStringList& pieces)
{
    Collected c;
    local::TextEventStream stream([&c](const ChatEvent& e) {
        c.stamps.push_back(e.atNs);
        if (e.kind == ChatEventKind::FirstByte)
            c.kinds += "F";
        else if (e.kind == ChatEventKind::TextDelta) {
            c.kinds += "T";
            c.text += e.text;
        } else if (e.kind == ChatEventKind::ReasoningDelta) {
            c.kinds += "R";
            c.reasoning += e.text;
        }
    });
    int64_t t = 100;
    for (const QString& p : pieces)
        stream.push(p.toStdString(), t++);
    stream.finish(t);
    return c;
}

} // namespace

class TestTextEventStream : public QObject {
    Q_OBJECT
private slots:
    void splitsReasoning_data()
    {
        QTest::addColumn<QStringList>("pieces");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::newRow("plain") << QStringList{"Hel", "lo"} << "FTT" << "Hello" << "";
        QTest::newRow("empty pieces are no first byte") << QStringList{"", "", "Hi"} << "FT" << "Hi" << "";
        QTest::newRow("think block") << QStringList{"<think>", "plan", "</think>", "\n\nAnswer"} << "FRT"
                                     << "Answer" << "plan";
        QTest::newRow("tags split across pieces") << QStringList{"<th", "ink>a", "b</thi", "nk>c"} << "FRRT" << "c"
                                                  << "ab";
        QTest::newRow("unfinished tag is text at the end") << QStringList{"x <thi"} << "FTT" << "x <thi" << "";
        QTest::newRow("nothing generated") << QStringList{} << "" << "" << "";
    }
    void splitsReasoning()
    {
        QFETCH(QStringList, pieces);
        QFETCH(QString, kinds);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        const Collected c = run(pieces);
        QCOMPARE(QString::fromStdString(c.kinds), kinds);
        QCOMPARE(QString::fromStdString(c.text), text);
        QCOMPARE(QString::fromStdString(c.reasoning), reasoning);
        for (size_t i = 1; i < c.stamps.size(); ++i)
            QVERIFY(c.stamps[i] >= c.stamps[i - 1]);
    }
};

QTEST_GUILESS_MAIN(TestTextEventStream)
#include "tst_text_event_stream.moc"
