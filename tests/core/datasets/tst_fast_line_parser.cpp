// The import's fast path against the full parser: for every line FastLineParser parses, the
// stored texts, content hash and token estimate equal what parseExampleLine + storedText
// give; what JsonLineScanner accepts nlohmann::json accepts and what it refuses as a syntax
// error nlohmann::json refuses too (also on thousands of mutated lines); deep nesting is
// refused without recursion.

#include <QtTest>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "core/datasets/ExampleCodec.h"
#include "core/datasets/FastLineParser.h"
#include "core/datasets/JsonLineScanner.h"

using namespace triad::datasets;
using nlohmann::json;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

/** What the full path stores for a line (as DatasetImporter does it), or nullopt + reason. */
std::optional<StoredExampleText> fullPath(const std::string& line, LineFormat format, int64_t& tokens,
                                          std::string& reason)
{
    Example ex;
    if (!parseExampleLine(line, format, ex, reason))
        return std::nullopt;
    tokens = ex.tokenEstimate;
    bool chat = ex.preferredOutput.is_null() && !ex.extra.contains("messages");
    return storedText(ex, chat ? rawMessagesSpan(line) : std::string_view());
}

/** Empty when the fast result equals the full path's; otherwise what differs. */
std::string compareWithFullPath(const std::string& line, LineFormat format, const StoredLine& fast)
{
    int64_t tokens = 0;
    std::string reason;
    auto full = fullPath(line, format, tokens, reason);
    if (!full)
        return "the fast path parsed a line the full parser rejects (" + reason + ")";
    auto sameJson = [](const std::string& a, const std::string& b) {
        json ja = json::parse(a, nullptr, false);
        return !ja.is_discarded() && ja == json::parse(b, nullptr, false);
    };
    std::string diff;
    if (fast.contentHash != uint64_t(full->contentHash))
        diff += "content hash differs; ";
    if (fast.tokenEstimate != tokens)
        diff += "token estimate " + std::to_string(fast.tokenEstimate) + " vs " + std::to_string(tokens) + "; ";
    if (!sameJson(fast.messages, full->messages))
        diff += "messages " + fast.messages + " vs " + full->messages + "; ";
    if (fast.hasPreference != full->preferred.has_value()
        || (fast.hasPreference && (!sameJson(fast.preferred, *full->preferred)
                                   || !sameJson(fast.nonPreferred, *full->nonPreferred))))
        diff += "preference outputs differ; ";
    if (!sameJson(fast.extra, full->extra))
        diff += "extra " + fast.extra + " vs " + full->extra + "; ";
    if (!sameJson(fast.metadata, full->metadata))
        diff += "metadata " + fast.metadata + " vs " + full->metadata + "; ";
    return diff;
}

} // namespace

class TestFastLineParser : public QObject {
    Q_OBJECT

private slots:
    void sameAsFullParser_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("fast");   // expected to take the fast path
        auto row = [](const char* tag, const std::string& line, bool fast) {
            QTest::newRow(tag) << q(line) << fast;
        };
        row("chat", R"({"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello","weight":1}]})", true);
        row("chat with metadata and tools", R"({"tools":[{"type":"function","function":{"name":"w","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]}],"metadata":{"id":7,"score":0.5,"tags":["a","b"]},"parallel_tool_calls":false})", true);
        row("escapes", "{\"messages\":[{\"role\":\"user\",\"content\":\"tab\\t quote\\\" back\\\\ nl\\n\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}", true);
        row("unicode escapes", "{\"messages\":[{\"role\":\"user\",\"content\":\"\\u00fc\\u4f60 \\ud83d\\ude00 \\u0001 \\/\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}", true);
        row("raw utf-8", "{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße 你好 😀\"},{\"role\":\"assistant\",\"content\":\"ja\"}]}", true);
        row("spaces", "  { \"messages\" : [ { \"content\" : \"x, ] } \\\" [\" , \"role\" : \"user\" } ] , \"n\" : [ 1 , 2 ] }  ", true);
        row("content parts", R"({"messages":[{"role":"user","content":[{"type":"text","text":"describe"},{"type":"image_url","image_url":{"url":"data:x"}}]},{"role":"assistant","content":"a cat"}]})", true);
        row("metadata not an object", R"({"messages":[{"role":"user","content":"x"}],"metadata":"m"})", true);
        row("prompt completion", R"({"prompt":"2+2?","completion":"4","metadata":{"src":"calc"},"id":3})", true);
        row("prompt with escapes", "{\"prompt\":\"a\\u00e9\\n\",\"completion\":\"b\\/c\"}", true);
        row("preference", R"({"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"good"}],"non_preferred_output":[{"role":"assistant","content":"bad"}]})", true);
        row("preference with input tools", R"({"input":{"tools":[],"messages":[{"role":"system","content":"s"},{"role":"user","content":"q"}],"parallel_tool_calls":true},"preferred_output":[{"role":"assistant","content":"good"}],"non_preferred_output":[{"role":"assistant","content":"bad"}],"metadata":{"k":1}})", true);
        row("empty objects", R"({"messages":[{"role":"user","content":""}],"metadata":{},"extra":{}})", true);
        row("negative and big ints", R"({"messages":[{"role":"user","content":"x"}],"n":-12,"m":123456789012345678})", true);
        // The full parser decides these.
        row("float in extra", R"({"messages":[{"role":"user","content":"x"}],"temperature":0.7})", false);
        row("duplicate key", R"({"messages":[{"role":"user","content":"x","content":"y"}]})", false);
        row("duplicate messages", R"({"messages":[{"role":"user","content":"x"}],"messages":[{"role":"user","content":"y"}]})", false);
        row("escaped key", "{\"messages\":[{\"r\\u006fle\":\"user\",\"content\":\"x\"}]}", false);
        row("weight -0", R"({"messages":[{"role":"user","content":"x","weight":-0}]})", false);
        row("huge int", R"({"messages":[{"role":"user","content":"x"}],"n":123456789012345678901234})", false);
        row("bad role", R"({"messages":[{"role":"robot","content":"x"}]})", false);
        row("no messages", R"({"foo":1})", false);
        row("not an object", R"([1,2])", false);
        row("invalid json", R"({"messages":[)", false);
    }

    void sameAsFullParser()
    {
        QFETCH(QString, line);
        QFETCH(bool, fast);
        const std::string text = line.toStdString();
        FastLineParser parser;
        StoredLine out;
        FastParse result = parser.parse(text, LineFormat::Auto, out);
        QVERIFY2((result == FastParse::Parsed) == fast,
                 qPrintable(QStringLiteral("expected the %1 path, got the other").arg(fast ? "fast" : "full")));
        if (result != FastParse::Parsed)
            return;
        std::string diff = compareWithFullPath(text, LineFormat::Auto, out);
        QVERIFY2(diff.empty(), qPrintable(q("fast path differs from the full parser: " + diff)));
        // Stored strings are written as nlohmann::json writes them: raw UTF-8, no \u or \/.
        QVERIFY2(out.messages.find("\\u00fc") == std::string::npos && out.messages.find("\\/") == std::string::npos,
                 qPrintable(q("expected canonical strings, got " + out.messages)));
    }

    void forcedFormats()
    {
        // A forced format ignores the keys that would pick another one, like the full parser.
        const std::string line = R"({"messages":[{"role":"user","content":"x"}],"prompt":"p","completion":"c"})";
        for (LineFormat f : {LineFormat::Chat, LineFormat::PromptCompletion}) {
            FastLineParser parser;
            StoredLine out;
            QCOMPARE(parser.parse(line, f, out), FastParse::Parsed);
            std::string diff = compareWithFullPath(line, f, out);
            QVERIFY2(diff.empty(), qPrintable(q(std::string(lineFormatName(f)) + ": " + diff)));
        }
    }

    void scannerAgreesWithNlohmann_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        auto row = [](const char* tag, const std::string& text, bool valid) {
            QTest::newRow(tag) << QByteArray(text.data(), qsizetype(text.size())) << valid;
        };
        row("object", R"({"a":[1,-2.5e3,true,false,null,"x"]})", true);
        row("empty string key", R"({"":{}})", true);
        row("leading zero", R"({"a":01})", false);
        row("bare minus", R"({"a":-})", false);
        row("dot without digits", R"({"a":1.})", false);
        row("exponent without digits", R"({"a":1e})", false);
        row("trailing comma", R"({"a":1,})", false);
        row("trailing garbage", R"({"a":1} x)", false);
        row("single quotes", "{'a':1}", false);
        row("control char", std::string("{\"a\":\"x\ty\"}"), false);
        row("nul byte", std::string("{\"a\":\"x\0y\"}", 11), false);
        row("bad escape", "{\"a\":\"\\x\"}", false);
        row("short unicode escape", "{\"a\":\"\\u12\"}", false);
        row("lone high surrogate", "{\"a\":\"\\ud800\"}", false);
        row("lone low surrogate", "{\"a\":\"\\udc00\"}", false);
        row("surrogate pair", "{\"a\":\"\\ud83d\\ude00\"}", true);
        row("overlong utf-8", "{\"a\":\"\xC0\x80\"}", false);
        row("utf-8 surrogate", "{\"a\":\"\xED\xA0\x80\"}", false);
        row("above U+10FFFF", "{\"a\":\"\xF4\x90\x80\x80\"}", false);
        row("truncated utf-8", "{\"a\":\"\xE4\xBD\"}", false);
        row("lone continuation", "{\"a\":\"\x80\"}", false);
        row("0xFF", "{\"a\":\"\xFF\"}", false);
        row("valid 4-byte", "{\"a\":\"\xF0\x9F\x98\x80\"}", true);
        row("unterminated", "{\"a\":\"x", false);
        row("empty", "", false);
        row("whitespace only", "  ", false);
    }

    void scannerAgreesWithNlohmann()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        std::string_view line(text.constData(), size_t(text.size()));
        QCOMPARE(json::accept(line.begin(), line.end()), valid);   // the fixture itself
        JsonLineScanner scanner;
        ScanResult r = scanner.scan(line);
        QVERIFY2((r == ScanResult::Ok) == valid,
                 qPrintable(QStringLiteral("expected %1, got scan result %2").arg(valid ? "Ok" : "SyntaxError").arg(int(r))));
    }

    void numberEdgesLeftToFullParser()
    {
        // A double overflow is nlohmann's "number overflow" error; the scanner leaves it to it.
        JsonLineScanner scanner;
        QCOMPARE(scanner.scan(R"({"a":1e999})"), ScanResult::Unsure);
        QCOMPARE(scanner.scan(R"({"a":1e300})"), ScanResult::Ok);
    }

    void mutatedLinesNeverDisagree()
    {
        // Random byte changes to valid lines: whatever the scanner accepts nlohmann accepts,
        // what it calls a syntax error nlohmann refuses, and a parsed line equals the full path.
        const std::vector<std::string> seeds = {
            "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi \\\"there\\\"\"},"
            "{\"role\":\"assistant\",\"content\":\"hello\",\"weight\":1}],\"metadata\":{\"id\":7,\"x\":[1,2.5,null]}}",
            "{\"prompt\":\"Gr\xC3\xBC\xC3\x9F\x65 \\u00e9\\n\",\"completion\":\"\xE4\xBD\xA0\",\"n\":-3}",
            R"({"input":{"messages":[{"role":"user","content":"q"}],"tools":[]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]})",
        };
        const char alphabet[] = "{}[]\":,\\u0123456789abcdefnrtl-+.eE \t\x80\xBF\xC3\xE4\xED\xF0\xFF";
        std::mt19937 rng(20240611);
        FastLineParser parser;
        StoredLine out;
        JsonLineScanner scanner;
        int parsed = 0;
        for (int iteration = 0; iteration < 20000; ++iteration) {
            std::string line = seeds[size_t(iteration) % seeds.size()];
            const int edits = 1 + int(rng() % 3);
            for (int e = 0; e < edits && !line.empty(); ++e) {
                size_t at = rng() % line.size();
                char c = alphabet[rng() % (sizeof alphabet - 1)];
                switch (rng() % 3) {
                case 0: line[at] = c; break;
                case 1: line.insert(line.begin() + std::ptrdiff_t(at), c); break;
                default: line.erase(at, 1 + rng() % 3); break;
                }
            }
            ScanResult r = scanner.scan(line);
            const bool accepted = json::accept(line.begin(), line.end());
            if (r == ScanResult::Ok && !accepted)
                QFAIL(qPrintable(q("the scanner accepted a line nlohmann refuses: " + line)));
            if (r == ScanResult::SyntaxError && accepted)
                QFAIL(qPrintable(q("the scanner refused a line nlohmann accepts: " + line)));
            if (parser.parse(line, LineFormat::Auto, out) == FastParse::Parsed) {
                ++parsed;
                std::string diff = compareWithFullPath(line, LineFormat::Auto, out);
                if (!diff.empty())
                    QFAIL(qPrintable(q("fast path differs on " + line + ": " + diff)));
            }
        }
        QVERIFY2(parsed > 100, qPrintable(QStringLiteral("expected some mutated lines to stay valid examples, got %1").arg(parsed)));
    }

    void deepNestingIsRefused()
    {
        // A million brackets: refused by depth, no recursion anywhere.
        std::string line = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"deep\":";
        line += std::string(1000000, '[');
        line += std::string(1000000, ']');
        line += '}';
        FastLineParser parser;
        StoredLine out;
        QCOMPARE(parser.parse(line, LineFormat::Auto, out), FastParse::TooDeep);
        // Just under the limit still parses.
        std::string ok = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"deep\":";
        const int depth = parser.maxDepth() - 1;   // the object itself is one level
        ok += std::string(size_t(depth), '[') + std::string(size_t(depth), ']') + "}";
        QCOMPARE(parser.parse(ok, LineFormat::Auto, out), FastParse::Parsed);
        QCOMPARE(compareWithFullPath(ok, LineFormat::Auto, out), std::string());
    }

    void tooManyValuesIsRefused()
    {
        // A flat array of millions of tiny values would cost 16 bytes of tape each.
        FastLineParser parser;
        std::string line = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"v\":[0";
        line.reserve(2 * parser.maxValues() + 100);
        for (size_t i = 0; i < parser.maxValues(); ++i)
            line += ",0";
        line += "]}";
        StoredLine out;
        QCOMPARE(parser.parse(line, LineFormat::Auto, out), FastParse::TooLarge);
    }
};

QTEST_GUILESS_MAIN(TestFastLineParser)
#include "tst_fast_line_parser.moc"
