// The repository calls a virtualized example list and the candidates view use: seek() finds
// the id at any position of a filtered listing (both orders) without reading rows,
// position() gives an example's row back, savePreferencePair() turns an example into a
// prompt + chosen/rejected pair in one undoable action, and the chat <-> example helpers
// keep every turn.

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/datasets/ChatExample.h"
#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad::datasets;
using nlohmann::json;
using triad::store::Workspace;

class TestDatasetSeek : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    int64_t m_dataset = 0;
    std::vector<int64_t> m_ids;   ///< ids of the dataset in id order
    static constexpr int kCount = 2500;

    std::string path(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }

    /** The ids matching `keep` in page() order, by walking pages (the reference). */
    std::vector<int64_t> reference(const ExampleFilter& filter, bool descending)
    {
        DatasetRepository repo(*m_ws);
        std::vector<int64_t> out;
        int64_t cursor = 0;
        do {
            ExamplePage p = repo.page(m_dataset, filter, cursor, 333, descending);
            for (const auto& e : p.examples)
                out.push_back(e.id);
            cursor = p.nextCursor;
        } while (cursor != 0);
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = Workspace::open(path("seek.triad"));
        DatasetRepository repo(*m_ws);
        // Another dataset first, so ids of ours do not start at 1.
        const int64_t other = repo.create("other");
        repo.addExample(other, exampleFromChat({}, "x"));
        m_dataset = repo.create("seek");
        std::ofstream out(path("seek.jsonl"));
        for (int i = 0; i < kCount; ++i)
            out << "{\"messages\":[{\"role\":\"user\",\"content\":\"q" << i
                << "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n";
        out.close();
        QCOMPARE(DatasetImporter(*m_ws).importFile(m_dataset, path("seek.jsonl")).imported, int64_t(kCount));
        m_ids = reference({}, false);
        QCOMPARE(int(m_ids.size()), kCount);
        // Every third example accepted, every fifth tagged.
        for (int i = 0; i < kCount; ++i) {
            if (i % 3 == 0)
                repo.setStatus(m_ids[size_t(i)], ExampleStatus::Accepted);
            if (i % 5 == 0)
                repo.addLabel(m_ids[size_t(i)], "five");
        }
    }

    void seekMatchesWalkingPages_data()
    {
        QTest::addColumn<int>("filterKind");
        QTest::addColumn<bool>("descending");
        for (bool desc : {false, true}) {
            const char* order = desc ? "descending" : "ascending";
            QTest::newRow(qPrintable(QStringLiteral("all %1").arg(order))) << 0 << desc;
            QTest::newRow(qPrintable(QStringLiteral("pending %1").arg(order))) << 1 << desc;
            QTest::newRow(qPrintable(QStringLiteral("label %1").arg(order))) << 2 << desc;
            QTest::newRow(qPrintable(QStringLiteral("text %1").arg(order))) << 3 << desc;
        }
    }

    void seekMatchesWalkingPages()
    {
        QFETCH(int, filterKind);
        QFETCH(bool, descending);
        ExampleFilter f;
        if (filterKind == 1)
            f.status = ExampleStatus::Pending;
        else if (filterKind == 2)
            f.label = "five";
        else if (filterKind == 3)
            f.textContains = "q1";
        DatasetRepository repo(*m_ws);
        const std::vector<int64_t> ids = reference(f, descending);
        QVERIFY(ids.size() > 100);
        QCOMPARE(repo.count(m_dataset, f), int64_t(ids.size()));
        for (size_t pos : {size_t(0), size_t(1), ids.size() / 2, ids.size() - 1}) {
            const auto found = repo.seek(m_dataset, f, 0, int64_t(pos), descending);
            QVERIFY2(found && *found == ids[pos], qPrintable(QStringLiteral("position %1: expected id %2, got %3")
                                                                 .arg(pos).arg(ids[pos]).arg(found ? *found : -1)));
            QCOMPARE(repo.position(m_dataset, f, ids[pos], descending), int64_t(pos));
        }
        // The in-memory predicate agrees with the query on every example.
        int64_t matching = 0;
        for (int64_t cursor = 0;;) {
            ExamplePage p = repo.page(m_dataset, {}, cursor, 500);
            for (const auto& e : p.examples)
                matching += matchesFilter(e, f) ? 1 : 0;
            if (p.nextCursor == 0)
                break;
            cursor = p.nextCursor;
        }
        QCOMPARE(matching, int64_t(ids.size()));
        // From a cursor: skip counts after it.
        const auto fromMiddle = repo.seek(m_dataset, f, ids[10], 5, descending);
        QVERIFY(fromMiddle.has_value());
        QCOMPARE(*fromMiddle, ids[16]);
        QVERIFY2(!repo.seek(m_dataset, f, 0, int64_t(ids.size()), descending).has_value(),
                 "seeking past the last example should find nothing");
    }

    void labelCountsUseEveryLabel()
    {
        DatasetRepository repo(*m_ws);
        const auto counts = repo.labelCounts(m_dataset);
        QCOMPARE(counts.size(), size_t(1));
        QCOMPARE(counts.at("five"), int64_t((kCount + 4) / 5));
    }

    void savePreferencePairIsOneUndoableAction()
    {
        DatasetRepository repo(*m_ws);
        const int64_t id = m_ids[1];
        const Example before = *repo.example(id);
        const json prompt = promptMessages(before.messages);
        QCOMPARE(prompt.size(), size_t(1));
        const json chosen = json::array({{{"role", "assistant"}, {"content", "good"}}});
        const json rejected = json::array({{{"role", "assistant"}, {"content", "bad"}}});
        const int64_t depth = repo.undoDepth(m_dataset);
        repo.savePreferencePair(id, prompt, chosen, rejected);
        QCOMPARE(repo.undoDepth(m_dataset), depth + 1);
        const Example pair = *repo.example(id);
        QVERIFY(pair.isPreferencePair());
        QCOMPARE(pair.messages, prompt);
        std::ostringstream out;
        ExportOptions opt;
        opt.format = ExportFormat::Preference;
        opt.status = std::nullopt;
        QCOMPARE(DatasetExporter(*m_ws).exportStream(m_dataset, out, opt).written, int64_t(1));
        const json line = json::parse(out.str());
        QCOMPARE(line["input"]["messages"], prompt);
        QCOMPARE(line["preferred_output"], chosen);
        QCOMPARE(line["non_preferred_output"], rejected);

        QCOMPARE(repo.undo(m_dataset).value_or(0), id);
        const Example after = *repo.example(id);
        QCOMPARE(after.messages, before.messages);
        QVERIFY(!after.isPreferencePair());
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError,
                                 repo.savePreferencePair(id, prompt, json::array(), rejected));
    }

    void chatConversions()
    {
        triad::providers::ChatRequest req;
        req.system = "Be brief.";
        req.messages.push_back({"user", "Hi", "", nullptr, "", std::nullopt});
        req.messages.push_back({"assistant", "Hello", "", nullptr, "", 0});
        req.messages.push_back({"user", "Bye?", "", nullptr, "", std::nullopt});
        const Example ex = exampleFromChat(req, "Bye.", json{{"source", "playground"}});
        const json expected = json::array({{{"role", "system"}, {"content", "Be brief."}},
                                           {{"role", "user"}, {"content", "Hi"}},
                                           {{"role", "assistant"}, {"content", "Hello"}, {"weight", 0}},
                                           {{"role", "user"}, {"content", "Bye?"}},
                                           {{"role", "assistant"}, {"content", "Bye."}}});
        QVERIFY2(ex.messages == expected, ex.messages.dump().c_str());
        QCOMPARE(ex.metadata["source"].get<std::string>(), std::string("playground"));
        QCOMPARE(ex.status, ExampleStatus::Pending);

        const json prompt = promptMessages(ex.messages);
        QCOMPARE(prompt.size(), size_t(4));
        const auto back = chatFromPrompt(prompt);
        QCOMPARE(back.system, std::string("Be brief."));
        QCOMPARE(back.messages.size(), size_t(3));
        QCOMPARE(back.messages[2].content, std::string("Bye?"));
        const json parts{{"role", "user"},
                         {"content", json::array({{{"type", "text"}, {"text", "a"}}, {{"type", "image_url"}},
                                                  {{"type", "text"}, {"text", "b"}}})}};
        QCOMPARE(messageText(parts), std::string("a\nb"));
        QCOMPARE(promptMessages(json::array({{{"role", "user"}, {"content", "q"}}})).size(), size_t(1));
        // A conversation that ends with the user waits for an answer: all of it is the prompt.
        QCOMPARE(promptMessages(json::array({{{"role", "user"}, {"content", "q"}},
                                             {{"role", "assistant"}, {"content", "a"}},
                                             {{"role", "user"}, {"content", "q2"}}}))
                     .size(),
                 size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestDatasetSeek)
#include "tst_dataset_seek.moc"
