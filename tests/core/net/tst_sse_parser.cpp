// SseParser: events split across reads, several per read, comments, CRLF/CR/LF, named
// events, multi-line data, [DONE], UTF-8 split across reads, odd lines.
#include <QtTest>

#include "core/net/SseParser.h"

using triad::net::SseEvent;
using triad::net::SseParser;

namespace {

/** Feeds `stream` cut into pieces of `pieceBytes` and returns every event. */
std::vector<SseEvent> parseInPieces(const std::string& stream, size_t pieceBytes)
{
    SseParser parser;
    std::vector<SseEvent> events;
    for (size_t i = 0; i < stream.size(); i += pieceBytes) {
        for (auto& e : parser.feed(std::string_view(stream).substr(i, pieceBytes)))
            events.push_back(std::move(e));
    }
    parser.finish([&](const SseEvent& e) { events.push_back(e); });
    return events;
}

QStringList describe(const std::vector<SseEvent>& events)
{
    QStringList out;
    for (const auto& e : events)
        out << QString::fromStdString((e.event.empty() ? "" : e.event + "|") + e.data);
    return out;
}

} // namespace

class TestSseParser : public QObject {
    Q_OBJECT
private slots:
    void parsesAtEverySplit_data();
    void parsesAtEverySplit();
    void severalEventsInOneRead();
    void commentsAreCountedNotDispatched();
    void doneMarker();
    void utf8SplitAcrossReads();
    void crThenLfInNextRead();
    void trailingEventWithoutBlankLineIsFlushedAtEnd();
    void unknownLinesAreReported();
    void eventNameResetsAfterDispatch();
    void overlongLineIsDropped();
};

void TestSseParser::parsesAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("lf") << QByteArray("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n")
                        << QStringList{"{\"a\":1}", "{\"b\":2}"};
    QTest::newRow("crlf") << QByteArray("data: one\r\n\r\ndata: two\r\n\r\n")
                          << QStringList{"one", "two"};
    QTest::newRow("cr only") << QByteArray("data: one\r\rdata: two\r\r") << QStringList{"one", "two"};
    QTest::newRow("named events (anthropic)")
        << QByteArray("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                      "event: ping\ndata: {\"type\": \"ping\"}\n\n")
        << QStringList{"message_start|{\"type\":\"message_start\"}", "ping|{\"type\": \"ping\"}"};
    QTest::newRow("multi-line data") << QByteArray("data: line1\ndata: line2\ndata:\n\n")
                                     << QStringList{"line1\nline2\n"};
    QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << QStringList{"x"};
    QTest::newRow("only first space stripped") << QByteArray("data:  x\n\n") << QStringList{" x"};
    QTest::newRow("comments between") << QByteArray(": keep-alive\n\ndata: a\n: inner\n\n")
                                      << QStringList{"a"};
    QTest::newRow("blank lines without data") << QByteArray("\n\n\ndata: a\n\n\n\n") << QStringList{"a"};
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF" "data: a\n\n") << QStringList{"a"};
    QTest::newRow("id and retry ignored in data") << QByteArray("id: 7\nretry: 100\ndata: a\n\n")
                                                  << QStringList{"a"};
}

void TestSseParser::parsesAtEverySplit()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    const std::string s = stream.toStdString();
    // Every piece size from 1 byte to the whole stream must give the same events.
    for (size_t piece = 1; piece <= s.size(); ++piece) {
        QStringList got = describe(parseInPieces(s, piece));
        if (got != expected) {
            QFAIL(qPrintable(QStringLiteral("pieces of %1 bytes: expected [%2], got [%3]")
                                 .arg(piece)
                                 .arg(expected.join("; "), got.join("; "))));
        }
    }
}

void TestSseParser::severalEventsInOneRead()
{
    SseParser parser;
    auto events = parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4");
    QCOMPARE(events.size(), size_t(3));
    QCOMPARE(QString::fromStdString(events[2].data), QStringLiteral("3"));
    events = parser.feed("\n\n");
    QCOMPARE(events.size(), size_t(1));
    QCOMPARE(QString::fromStdString(events[0].data), QStringLiteral("4"));
    QCOMPARE(parser.eventCount(), size_t(4));
}

void TestSseParser::commentsAreCountedNotDispatched()
{
    SseParser parser;
    auto events = parser.feed(": OPENROUTER PROCESSING\n\n: ping\n\n");
    QVERIFY2(events.empty(), "comments must not produce events");
    QCOMPARE(parser.commentCount(), size_t(2));
    QCOMPARE(parser.unknownLineCount(), size_t(0));
}

void TestSseParser::doneMarker()
{
    SseParser parser;
    auto events = parser.feed("data: {\"x\":1}\n\ndata: [DONE]\n\n");
    QCOMPARE(events.size(), size_t(2));
    QVERIFY(!events[0].isDone());
    QVERIFY(events[1].isDone());
}

void TestSseParser::utf8SplitAcrossReads()
{
    // "Grüße 你好 🙂" split inside every multi-byte character.
    const std::string text = "Gr\xC3\xBC\xC3\x9F" "e \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x99\x82";
    const std::string stream = "data: " + text + "\n\n";
    for (size_t piece = 1; piece <= 4; ++piece) {
        auto events = parseInPieces(stream, piece);
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(QString::fromStdString(events[0].data), QString::fromUtf8(text.c_str()));
    }
}

void TestSseParser::crThenLfInNextRead()
{
    SseParser parser;
    auto first = parser.feed("data: a\r");
    QVERIFY(first.empty());
    auto second = parser.feed("\n\r\n");
    QCOMPARE(second.size(), size_t(1));
    QCOMPARE(QString::fromStdString(second[0].data), QStringLiteral("a"));
    QCOMPARE(parser.unknownLineCount(), size_t(0));
}

void TestSseParser::trailingEventWithoutBlankLineIsFlushedAtEnd()
{
    SseParser parser;
    QVERIFY(parser.feed("data: last").empty());
    std::vector<SseEvent> flushed;
    parser.finish([&](const SseEvent& e) { flushed.push_back(e); });
    QCOMPARE(flushed.size(), size_t(1));
    QCOMPARE(QString::fromStdString(flushed[0].data), QStringLiteral("last"));
}

void TestSseParser::unknownLinesAreReported()
{
    SseParser parser;
    auto events = parser.feed("<html><body>Bad Gateway</body></html>\n");
    QVERIFY(events.empty());
    QCOMPARE(parser.unknownLineCount(), size_t(1));
    QCOMPARE(QString::fromStdString(parser.firstUnknownLine()),
             QStringLiteral("<html><body>Bad Gateway</body></html>"));
}

void TestSseParser::eventNameResetsAfterDispatch()
{
    SseParser parser;
    auto events = parser.feed("event: error\ndata: x\n\ndata: y\n\n");
    QCOMPARE(events.size(), size_t(2));
    QCOMPARE(QString::fromStdString(events[0].event), QStringLiteral("error"));
    QVERIFY2(events[1].event.empty(), "the event name must not leak into the next event");
}

void TestSseParser::overlongLineIsDropped()
{
    SseParser parser;
    std::string huge(SseParser::kMaxLineBytes + 10, 'x');
    auto events = parser.feed("data: " + huge);
    events = parser.feed("\n\ndata: ok\n\n");
    QVERIFY(parser.overflowed());
    QCOMPARE(events.size(), size_t(1));
    QCOMPARE(QString::fromStdString(events[0].data), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sse_parser.moc"
