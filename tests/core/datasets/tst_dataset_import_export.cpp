// Import and export of datasets: round trips keep every JSON field's content exactly,
// bad lines are reported with line number and reason and kept aside, duplicates counted,
// the preference shape, CSV mapping, the seeded split and the validation report.

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad::datasets;
using nlohmann::json;
using triad::store::Workspace;

namespace {

std::vector<std::string> readLines(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestDatasetImportExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void roundTripKeepsEveryField_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("unicode and escapes") << QStringLiteral(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Tab\\there \\\"q\\\" back\\\\slash \\u0001 nul-free\"},{\"role\":\"user\",\"content\":\"Grüße 你好 😀 \\ud83d\\ude00\"},{\"role\":\"assistant\",\"content\":\"line1\\nline2\\r\\n\",\"weight\":1}]}");
        QTest::newRow("weights 0 and 1") << QStringLiteral(
            R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"draft","weight":0},{"role":"user","content":"again"},{"role":"assistant","content":"final","weight":1}]})");
        QTest::newRow("nested metadata") << QStringLiteral(
            R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"metadata":{"source":{"ids":[1,-2,3.25,1e100,null,true,false],"deep":{"a":{"b":"ü"}}},"empty":{}}})");
        QTest::newRow("tools and tool calls") << QStringLiteral(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{\\\"city\\\":\\\"Köln\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"12C\"},{\"role\":\"assistant\",\"content\":\"12 degrees\",\"name\":\"bot\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"w\",\"parameters\":{\"type\":\"object\"}}}],\"parallel_tool_calls\":false}");
        // Chat lines store their own bytes of "messages": spacing, key order, keys before it.
        QTest::newRow("spaced, messages last") << QStringLiteral(
            "{ \"tools\" : [ ] , \"messages\" : [ { \"content\" : \"x, ] } \\\" [\" , \"role\" : \"user\" } ,{\"role\":\"assistant\",\"content\":\"y\"} ] }");
        QTest::newRow("ascii escapes") << QStringLiteral(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"\\u00fc\\u4f60\"},{\"role\":\"assistant\",\"content\":\"ok\"}],\"n\":1}");
        QTest::newRow("content parts") << QStringLiteral(
            R"({"messages":[{"role":"user","content":[{"type":"text","text":"describe"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},{"role":"assistant","content":"a cat"}]})");
    }

    void roundTripKeepsEveryField()
    {
        QFETCH(QString, line);
        auto ws = Workspace::open(path("roundtrip.triad"));
        DatasetRepository repo(*ws);
        const std::string name = QTest::currentDataTag();
        const int64_t id = repo.create(name);
        writeFile(path("in.jsonl"), line.toStdString() + "\n");
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("in.jsonl"));
        QVERIFY2(s.imported == 1 && s.rejected == 0,
                 qPrintable(QStringLiteral("expected 1 imported, 0 rejected; got %1 imported, %2 rejected (%3)")
                                .arg(s.imported).arg(s.rejected)
                                .arg(s.rejectedLines.empty() ? QString() : q(s.rejectedLines[0].reason))));
        ExportOptions all;
        all.status.reset();
        ExportSummary e = DatasetExporter(*ws).exportFile(id, path("out.jsonl"), all);
        QCOMPARE(e.written, int64_t(1));
        auto lines = readLines(path("out.jsonl"));
        QCOMPARE(lines.size(), size_t(1));
        json expected = json::parse(line.toStdString());
        json got = json::parse(lines[0]);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("expected %1\n got %2").arg(q(expected.dump()), q(got.dump()))));
    }

    void badLinesReportedWithNumberAndReason_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("not json") << "{\"messages\": [" << "not valid JSON";
        QTest::newRow("array") << "[1,2]" << "must be a JSON object";
        QTest::newRow("no messages") << "{\"foo\":1}" << "no \"messages\"";
        QTest::newRow("empty messages") << "{\"messages\":[]}" << "is empty";
        QTest::newRow("bad role") << R"({"messages":[{"role":"robot","content":"x"}]})" << "messages[0].role \"robot\"";
        QTest::newRow("bad weight") << R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","weight":0.5}]})"
                                    << "messages[1].weight must be 0 or 1";
        QTest::newRow("content number") << R"({"messages":[{"role":"user","content":5}]})" << "messages[0].content must be";
        QTest::newRow("prompt not string") << R"({"prompt":1,"completion":"x"})" << "must be strings";
        QTest::newRow("preference missing output") << R"({"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"a"}]})"
                                                   << "non_preferred_output";
        QTest::newRow("invalid utf8") << QString::fromLatin1("{\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}") << "not valid JSON";
    }

    void badLinesReportedWithNumberAndReason()
    {
        QFETCH(QString, line);
        QFETCH(QString, reasonPart);
        auto ws = Workspace::open(path("bad.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create(QTest::currentDataTag());
        const std::string good = R"({"messages":[{"role":"user","content":"ok"},{"role":"assistant","content":"fine"}]})";
        std::string raw = line.toStdString();
        if (QByteArray(QTest::currentDataTag()) == "invalid utf8")
            raw = std::string("{\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}");
        writeFile(path("bad.jsonl"), good + "\n" + raw + "\n" + good + "x\n");
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("bad.jsonl"));
        QCOMPARE(s.imported, int64_t(1));
        QCOMPARE(s.rejected, int64_t(2));
        QCOMPARE(s.rejectedLines.size(), size_t(2));
        QCOMPARE(s.rejectedLines[0].lineNumber, int64_t(2));
        QCOMPARE(s.rejectedLines[1].lineNumber, int64_t(3));
        QVERIFY2(q(s.rejectedLines[0].reason).contains(reasonPart),
                 qPrintable(QStringLiteral("expected the reason to mention '%1', got '%2'").arg(reasonPart, q(s.rejectedLines[0].reason))));
        // Kept aside for review, raw text included.
        auto stored = repo.rejectedLines(id, 0, 10);
        QCOMPARE(stored.size(), size_t(2));
        QCOMPARE(stored[0].lineNumber, int64_t(2));
        QCOMPARE(q(stored[0].rawText), q(raw));
        QCOMPARE(q(stored[0].source), q(path("bad.jsonl")));
    }

    void hostileLinesRejectedNotFatal()
    {
        // Each bad line is refused with its number and reason; the import goes on and the
        // line numbers after a skipped over-long line stay right.
        auto ws = Workspace::open(path("hostile.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("hostile");
        const std::string good = R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]})";
        const std::string escaped = "{\"messages\":[{\"role\":\"user\",\"content\":\"Gr\\u00fc\\u00dfe \\/ \\ud83d\\ude00\"},"
                                    "{\"role\":\"assistant\",\"content\":\"ok\"}]}";
        std::string deep = R"({"messages":[{"role":"user","content":"x"}],"deep":)";
        deep += std::string(200000, '[') + std::string(200000, ']') + "}";
        // (moc reads raw strings as plain ones: keep their quotes even)
        std::string huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + std::string(3 << 20, 'h') + "\"}]}";
        static const char withNul[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"a\0b\"}]}";
        const std::vector<std::pair<std::string, QString>> lines = {
            {good, {}},
            {R"({"messages": [)", "not valid JSON"},
            {"{\"messages\":[{\"role\":\"user\",\"content\":\"\xC3\x28\"}]}", "not valid JSON"},
            {deep, "nested deeper than"},
            {huge, "bytes long"},
            {std::string(withNul, sizeof withNul - 1), "not valid JSON"},
            {R"({"messages":[{"role":"user","content":"x"}],"n":1e999})", "not valid JSON"},
            {escaped, {}},
            {R"({"prompt":"p","completion":"c"})", {}},
        };
        std::string text;
        for (const auto& [line, reason] : lines)
            text += line + "\n";
        writeFile(path("hostile.jsonl"), text);
        ImportOptions opt;
        opt.maxLineBytes = 1 << 20;
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("hostile.jsonl"), opt);
        QCOMPARE(s.lines, int64_t(lines.size()));
        QCOMPARE(s.imported, int64_t(3));
        QCOMPARE(s.rejected, int64_t(6));
        size_t r = 0;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].second.isEmpty())
                continue;
            QVERIFY2(r < s.rejectedLines.size(), "fewer rejected lines listed than expected");
            QCOMPARE(s.rejectedLines[r].lineNumber, int64_t(i + 1));
            QVERIFY2(q(s.rejectedLines[r].reason).contains(lines[i].second),
                     qPrintable(QStringLiteral("line %1: expected the reason to mention '%2', got '%3'")
                                    .arg(i + 1).arg(lines[i].second, q(s.rejectedLines[r].reason))));
            ++r;
        }
        // The over-long line is kept aside by its start, not whole.
        auto stored = repo.rejectedLines(id, 0, 10);
        QCOMPARE(stored.size(), size_t(6));
        QCOMPARE(stored[3].lineNumber, int64_t(5));
        QVERIFY2(stored[3].rawText.size() == 64 * 1024 && huge.rfind(stored[3].rawText, 0) == 0,
                 qPrintable(QStringLiteral("expected the first 64 KiB of the line, got %1 bytes").arg(stored[3].rawText.size())));
        // \u escapes are stored as the characters, so searching for what a person types works.
        ExampleFilter search;
        search.textContains = "Grüße / 😀";
        auto found = repo.page(id, search, 0, 10);
        QVERIFY2(found.examples.size() == 1, qPrintable(QStringLiteral("expected the escaped line to be found, got %1 examples")
                                                            .arg(found.examples.size())));
        QCOMPARE(found.examples[0].messages, json::parse(escaped)["messages"]);
    }

    void fastAndFullPathFindTheSameDuplicates()
    {
        // The first line takes the fast path; the others the full parser (a float in hashed
        // content, a duplicate key) or other spellings (escapes): all are one example.
        auto ws = Workspace::open(path("dup2.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("dup2");
        const std::string fast = R"({"messages":[{"role":"user","content":"a/é"},{"role":"assistant","content":"b"}],"t":0.5})";
        const std::string spelled = "{\"t\":0.50,\"messages\":[{\"content\":\"a\\/\\u00e9\",\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"b\"}]}";
        const std::string dupKey = R"({"messages":[{"role":"user","content":"zzz","content":"a/é"},{"role":"assistant","content":"b"}],"t":0.5})";
        writeFile(path("dup2.jsonl"), fast + "\n" + spelled + "\n" + dupKey + "\n");
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("dup2.jsonl"));
        QCOMPARE(s.imported, int64_t(1));
        QCOMPARE(s.duplicates, int64_t(2));
        // An example added another way is found by the next import as well.
        Example ex;
        ex.messages = json::parse(R"([{"role":"user","content":"new"},{"role":"assistant","content":"one"}])");
        QVERIFY(repo.addExample(id, ex).has_value());
        writeFile(path("dup3.jsonl"), R"({"messages":[{"role":"user","content":"new"},{"role":"assistant","content":"one"}]})" "\n");
        ImportSummary again = DatasetImporter(*ws).importFile(id, path("dup3.jsonl"));
        QCOMPARE(again.imported, int64_t(0));
        QCOMPARE(again.duplicates, int64_t(1));
    }

    void duplicatesCountedNotStoredTwice()
    {
        auto ws = Workspace::open(path("dup.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("dup");
        const std::string a = R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})";
        // Same content, other key order and spacing, other metadata: still a duplicate.
        const std::string a2 = R"({ "messages" : [{"content":"a","role":"user"},{"content":"b","role":"assistant"}], "metadata":{"x":1}})";
        const std::string b = R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":1}]})";
        writeFile(path("dup.jsonl"), a + "\n" + a2 + "\n" + b + "\n" + a + "\n");
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("dup.jsonl"));
        QCOMPARE(s.imported, int64_t(2));
        QCOMPARE(s.duplicates, int64_t(2));
        // Importing the file again adds nothing.
        ImportSummary again = DatasetImporter(*ws).importFile(id, path("dup.jsonl"));
        QCOMPARE(again.imported, int64_t(0));
        QCOMPARE(again.duplicates, int64_t(4));
        QCOMPARE(repo.count(id), int64_t(2));
    }

    void preferenceExportShape()
    {
        auto ws = Workspace::open(path("pref.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("pref");
        const std::string pref = R"({"input":{"messages":[{"role":"system","content":"s"},{"role":"user","content":"q ü"}],"tools":[]},"preferred_output":[{"role":"assistant","content":"good"}],"non_preferred_output":[{"role":"assistant","content":"bad"}]})";
        const std::string chat = R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}]})";
        writeFile(path("pref.jsonl"), pref + "\n" + chat + "\n");
        QCOMPARE(DatasetImporter(*ws).importFile(id, path("pref.jsonl")).imported, int64_t(2));
        ExportOptions opt;
        opt.status.reset();
        opt.format = ExportFormat::Preference;
        ExportSummary e = DatasetExporter(*ws).exportFile(id, path("pref-out.jsonl"), opt);
        QCOMPARE(e.written, int64_t(1));
        QCOMPARE(e.skipped, int64_t(1));
        json got = json::parse(readLines(path("pref-out.jsonl")).at(0));
        QVERIFY2(got == json::parse(pref), qPrintable(q("expected " + pref + "\n got " + got.dump())));
        // As SFT, a pair becomes its input plus the preferred answer.
        opt.format = ExportFormat::Sft;
        DatasetExporter(*ws).exportFile(id, path("pref-sft.jsonl"), opt);
        json sft = json::parse(readLines(path("pref-sft.jsonl")).at(0));
        json expected = json::parse(R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"q ü"},{"role":"assistant","content":"good"}],"tools":[]})");
        QVERIFY2(sft == expected, qPrintable(q("expected " + expected.dump() + "\n got " + sft.dump())));
    }

    void exportDefaultsToAcceptedOnly()
    {
        auto ws = Workspace::open(path("acc.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("acc");
        std::string text;
        for (int i = 0; i < 5; ++i)
            text += "{\"messages\":[{\"role\":\"user\",\"content\":\"q" + std::to_string(i) + "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}" "\n";
        writeFile(path("acc.jsonl"), text);
        DatasetImporter(*ws).importFile(id, path("acc.jsonl"));
        auto page = repo.page(id, {}, 0, 10);
        repo.setStatus(page.examples[1].id, ExampleStatus::Accepted);
        repo.setStatus(page.examples[3].id, ExampleStatus::Accepted);
        repo.setStatus(page.examples[4].id, ExampleStatus::Rejected);
        ExportSummary e = DatasetExporter(*ws).exportFile(id, path("acc-out.jsonl"));
        QCOMPARE(e.written, int64_t(2));
        auto lines = readLines(path("acc-out.jsonl"));
        QCOMPARE(json::parse(lines.at(0))["messages"][0]["content"].get<std::string>(), std::string("q1"));
        QCOMPARE(json::parse(lines.at(1))["messages"][0]["content"].get<std::string>(), std::string("q3"));
    }

    void csvWithColumnMapping()
    {
        auto ws = Workspace::open(path("csv.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("csv");
        writeFile(path("in.csv"), "id,question,answer,sys\r\n"
                                  "1,\"Hello, \"\"world\"\"\",\"two\nlines\",be nice\r\n"
                                  "2,only two fields\r\n"
                                  "3,q,,s\r\n"
                                  "4,Grüße,ok,\r\n");
        ImportOptions opt;
        opt.csv = CsvMapping{"sys", "question", "answer", {"id"}};
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("in.csv"), opt);
        QCOMPARE(s.imported, int64_t(2));
        QCOMPARE(s.rejected, int64_t(2));
        QCOMPARE(s.rejectedLines[0].lineNumber, int64_t(4));   // the quoted field spans lines 2-3
        QVERIFY2(q(s.rejectedLines[0].reason).contains("fields"), qPrintable(q(s.rejectedLines[0].reason)));
        QVERIFY2(q(s.rejectedLines[1].reason).contains("answer"), qPrintable(q(s.rejectedLines[1].reason)));
        auto page = repo.page(id, {}, 0, 10);
        json expected = json::parse("[{\"role\":\"system\",\"content\":\"be nice\"},{\"role\":\"user\",\"content\":\"Hello, \\\"world\\\"\"},{\"role\":\"assistant\",\"content\":\"two\\nlines\"}]");
        QVERIFY2(page.examples[0].messages == expected, qPrintable(q(page.examples[0].messages.dump())));
        QCOMPARE(page.examples[0].metadata, json({{"id", "1"}}));
        QCOMPARE(page.examples[1].messages.size(), size_t(2));   // empty system cell: no system message

        ImportOptions wrong;
        wrong.csv = CsvMapping{"", "prompt", "answer", {}};
        try {
            DatasetImporter(*ws).importFile(id, path("in.csv"), wrong);
            QFAIL("expected a StoreError naming the missing column 'prompt'");
        } catch (const triad::store::StoreError& e) {
            QVERIFY2(QString(e.what()).contains("'prompt'"), e.what());
        }
    }

    void progressAndCancel()
    {
        auto ws = Workspace::open(path("cancel.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("cancel");
        std::string text;
        for (int i = 0; i < 1000; ++i)
            text += "{\"messages\":[{\"role\":\"user\",\"content\":\"n" + std::to_string(i) + "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}" "\n";
        writeFile(path("many.jsonl"), text);
        std::atomic<bool> cancel{false};
        int calls = 0;
        ImportOptions opt;
        opt.rowsPerTransaction = 64;
        opt.progressEveryLines = 100;
        opt.cancel = &cancel;
        opt.progress = [&](const ImportProgress& p) {
            ++calls;
            if (p.lines >= 300)
                cancel = true;
            return p.bytesRead <= p.totalBytes;
        };
        ImportSummary s = DatasetImporter(*ws).importFile(id, path("many.jsonl"), opt);
        QVERIFY(s.cancelled);
        QCOMPARE(calls, 4);   // lines 100, 200, 300, and the final report of what was kept
        QVERIFY2(s.lines == 301, qPrintable(QStringLiteral("expected to stop after line 301, stopped after %1").arg(s.lines)));
        QCOMPARE(repo.count(id), s.imported);   // the summary matches what was stored
    }

    void seededSplitIsStable()
    {
        auto ws = Workspace::open(path("split.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create("split");
        std::string text;
        for (int i = 0; i < 400; ++i)
            text += "{\"messages\":[{\"role\":\"user\",\"content\":\"s" + std::to_string(i) + "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}" "\n";
        writeFile(path("split.jsonl"), text);
        DatasetImporter(*ws).importFile(id, path("split.jsonl"));
        ExportOptions all;
        all.status.reset();
        DatasetExporter ex(*ws);
        ExportSummary a = ex.exportSplit(id, path("t1.jsonl"), path("v1.jsonl"), 0.25, 7, all);
        ExportSummary b = ex.exportSplit(id, path("t2.jsonl"), path("v2.jsonl"), 0.25, 7, all);
        ExportSummary c = ex.exportSplit(id, path("t3.jsonl"), path("v3.jsonl"), 0.25, 8, all);
        QCOMPARE(a.trainWritten + a.validationWritten, int64_t(400));
        QVERIFY2(a.validationWritten > 60 && a.validationWritten < 140,
                 qPrintable(QStringLiteral("expected about 100 validation examples, got %1").arg(a.validationWritten)));
        QCOMPARE(readLines(path("v1.jsonl")), readLines(path("v2.jsonl")));
        QVERIFY2(readLines(path("v1.jsonl")) != readLines(path("v3.jsonl")), "another seed gave the same split");
        QCOMPARE(int64_t(readLines(path("t3.jsonl")).size()), c.trainWritten);
    }

    void validationReport_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("kind");
        QTest::newRow("empty content") << R"({"messages":[{"role":"user","content":"  "},{"role":"assistant","content":"a"}]})" << "empty_content";
        QTest::newRow("assistant first") << R"({"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"q"},{"role":"assistant","content":"b"}]})" << "role_order";
        QTest::newRow("two users") << R"({"messages":[{"role":"user","content":"a"},{"role":"user","content":"q"},{"role":"assistant","content":"b"}]})" << "role_order";
        QTest::newRow("late system") << R"({"messages":[{"role":"user","content":"a"},{"role":"system","content":"q"},{"role":"assistant","content":"b"}]})" << "role_order";
        QTest::newRow("only weight 0") << R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":0}]})" << "no_assistant";
        QTest::newRow("too long") << "{\"messages\":[{\"role\":\"user\",\"content\":\"" + QString(400, 'w') + "\"},{\"role\":\"assistant\",\"content\":\"b\"}]}" << "too_long";
        QTest::newRow("clean") << R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})" << "";
    }

    void validationReport()
    {
        QFETCH(QString, line);
        QFETCH(QString, kind);
        auto ws = Workspace::open(path("validate.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = repo.create(QTest::currentDataTag());
        writeFile(path("v.jsonl"), line.toStdString() + "\n");
        QCOMPARE(DatasetImporter(*ws).importFile(id, path("v.jsonl")).imported, int64_t(1));
        ValidationOptions opt;
        opt.status.reset();
        opt.contextTokens = 50;
        ValidationReport r = DatasetExporter(*ws).validate(id, opt);
        QCOMPARE(r.checked, int64_t(1));
        QStringList kinds;
        for (const auto& i : r.issues)
            kinds << validationIssueKindName(i.kind);
        QCOMPARE(kinds.join(','), kind);
        // A tokenizer callback replaces the estimate: one token per byte (plus 4 per message)
        // puts every example here over 9 tokens.
        opt.counter = [](std::string_view text) { return int64_t(text.size()); };
        opt.contextTokens = 9;
        ValidationReport counted = DatasetExporter(*ws).validate(id, opt);
        QVERIFY(!counted.tokensEstimated);
        QCOMPARE(counted.countsByKind["too_long"], int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestDatasetImportExport)
#include "tst_dataset_import_export.moc"
