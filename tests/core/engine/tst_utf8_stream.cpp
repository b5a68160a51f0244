// Utf8StreamDecoder: whatever way a text is cut into pieces, the chunks that come out are
// valid UTF-8 and join to the text; invalid bytes come out as U+FFFD.

#include "core/engine/Unicode.h"
#include "core/engine/Utf8StreamDecoder.h"

#include <QTest>

using namespace triad::engine;

namespace {

bool isValidUtf8(const std::string& s)
{
    size_t i = 0;
    while (i < s.size()) {
        const size_t before = i;
        const uint32_t c = utf8DecodeOne(s, i);
        // U+FFFD decoded from a single byte means that byte was invalid.
        if (c == kReplacementCharacter && i - before == 1)
            return false;
    }
    return true;
}

std::string hex(const std::string& s)
{
    std::string out;
    char b[4];
    for (unsigned char c : s) {
        std::snprintf(b, sizeof b, "%02X ", c);
        out += b;
    }
    return out;
}

} // namespace

class TestUtf8Stream : public QObject {
    Q_OBJECT

private slots:
    void everySplitPoint_data();
    void everySplitPoint();
    void byteByByte_data();
    void byteByByte();
    void invalidBytes_data();
    void invalidBytes();
    void flushReplacesUnfinished();
    void tailDetection();
};

void TestUtf8Stream::everySplitPoint_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("ascii") << QByteArray("hello");
    QTest::newRow("two-byte") << QByteArray("Führer ½");
    QTest::newRow("three-byte") << QByteArray("你好 កាន់");
    QTest::newRow("four-byte") << QByteArray("🙂🦙 😶‍🌫️");
    QTest::newRow("mixed") << QByteArray("a€b𝄞c\xC3\xA9");
}

void TestUtf8Stream::everySplitPoint()
{
    QFETCH(QByteArray, text);
    const std::string s = text.toStdString();
    for (size_t a = 0; a <= s.size(); ++a) {
        for (size_t b = a; b <= s.size(); ++b) {
            Utf8StreamDecoder d;
            std::string out;
            for (const std::string& piece : {s.substr(0, a), s.substr(a, b - a), s.substr(b)}) {
                const std::string chunk = d.push(piece);
                QVERIFY2(isValidUtf8(chunk), qPrintable(QString("cut at %1/%2: chunk %3").arg(a).arg(b).arg(hex(chunk).c_str())));
                out += chunk;
            }
            QCOMPARE(d.pendingBytes(), size_t(0));
            out += d.flush();
            QCOMPARE(hex(out), hex(s));
        }
    }
}

void TestUtf8Stream::byteByByte_data()
{
    everySplitPoint_data();
}

void TestUtf8Stream::byteByByte()
{
    QFETCH(QByteArray, text);
    Utf8StreamDecoder d;
    std::string out;
    for (char c : text.toStdString()) {
        const std::string chunk = d.push(std::string(1, c));
        QVERIFY(isValidUtf8(chunk));
        out += chunk;
    }
    QCOMPARE(out, text.toStdString());
}

void TestUtf8Stream::invalidBytes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray fffd("\xEF\xBF\xBD");
    QTest::newRow("stray continuation") << QByteArray("a\x80z") << QByteArray("a") + fffd + "z";
    QTest::newRow("lead then ascii") << QByteArray("\xE4\xBDz") << fffd + fffd + "z";
    QTest::newRow("overlong") << QByteArray("\xC0\xAF") << fffd + fffd;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << fffd + fffd + fffd;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << fffd + fffd + fffd + fffd;
    QTest::newRow("0xFF") << QByteArray("\xFFok") << fffd + "ok";
}

void TestUtf8Stream::invalidBytes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    Utf8StreamDecoder d;
    const std::string out = d.push(input.toStdString()) + d.flush();
    QCOMPARE(hex(out), hex(expected.toStdString()));
}

void TestUtf8Stream::flushReplacesUnfinished()
{
    Utf8StreamDecoder d;
    QCOMPARE(d.push("ok\xF0\x9F"), std::string("ok"));
    QCOMPARE(d.pendingBytes(), size_t(2));
    QCOMPARE(d.flush(), std::string("\xEF\xBF\xBD"));
    QCOMPARE(d.pendingBytes(), size_t(0));
    QCOMPARE(d.flush(), std::string());
}

void TestUtf8Stream::tailDetection()
{
    QCOMPARE(utf8IncompleteTailBytes("abc"), size_t(0));
    QCOMPARE(utf8IncompleteTailBytes("ab\xE4\xBD"), size_t(2));
    QCOMPARE(utf8IncompleteTailBytes("ab\xE4\xBD\xA0"), size_t(0));
    QCOMPARE(utf8IncompleteTailBytes("\xF0\x9F\x99"), size_t(3));
}

QTEST_GUILESS_MAIN(TestUtf8Stream)
#include "tst_utf8_stream.moc"
