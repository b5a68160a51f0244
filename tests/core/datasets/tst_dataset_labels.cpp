// Label actions on a dataset: each committed at once with history, undo many levels deep,
// keyset paging with filters, stats, and crash safety (a child SIGKILLed right after a
// label action leaves the label on disk).

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad::datasets;
using nlohmann::json;
using triad::store::Workspace;

class TestDatasetLabels : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }

    /** A dataset of `n` examples "q0".."q{n-1}" whose user text length grows with i. */
    int64_t makeDataset(Workspace& ws, const std::string& name, int n)
    {
        DatasetRepository repo(ws);
        const int64_t id = repo.create(name);
        std::ofstream out(path(name + ".jsonl"));
        for (int i = 0; i < n; ++i)
            out << "{\"messages\":[{\"role\":\"user\",\"content\":\"q" << i << " " << std::string(size_t(i % 50) * 8, 'w')
                << "\"},{\"role\":\"assistant\",\"content\":\"a\"}]}" << "\n";
        out.close();
        ImportOptions opt;
        opt.rowsPerTransaction = 1000;
        ImportSummary s = DatasetImporter(ws).importFile(id, path(name + ".jsonl"), opt);
        if (s.imported != n)
            qFatal("fixture: expected %d imported, got %lld", n, static_cast<long long>(s.imported));
        return id;
    }

private slots:
    void undoAcrossSeveralActions()
    {
        auto ws = Workspace::open(path("undo.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = makeDataset(*ws, "undo", 3);
        auto page = repo.page(id, {}, 0, 3);
        const int64_t a = page.examples[0].id;
        const int64_t b = page.examples[1].id;
        const Example before = *repo.example(a);

        repo.setStatus(a, ExampleStatus::Accepted);
        repo.setRating(a, 4);
        repo.addLabel(a, "math");
        repo.addLabel(a, "hard");
        repo.setNote(a, "check the units");
        repo.editMessage(a, 1, "a better answer");
        repo.setStatus(b, ExampleStatus::Rejected);
        repo.setStatus(b, ExampleStatus::Rejected);   // no change: no history row

        Example after = *repo.example(a);
        QCOMPARE(after.status, ExampleStatus::Accepted);
        QCOMPARE(after.rating, std::optional<int>(4));
        QCOMPARE(after.labels, (std::vector<std::string>{"hard", "math"}));
        QCOMPARE(after.note, std::string("check the units"));
        QCOMPARE(after.messages[1]["content"].get<std::string>(), std::string("a better answer"));
        QCOMPARE(repo.undoDepth(id), int64_t(7));

        QCOMPARE(repo.undo(id), std::optional<int64_t>(b));
        QCOMPARE(repo.example(b)->status, ExampleStatus::Pending);
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        QCOMPARE(repo.example(a)->messages, before.messages);
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        QCOMPARE(repo.example(a)->note, std::string());
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        QCOMPARE(repo.example(a)->labels, std::vector<std::string>{"math"});
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        QVERIFY(repo.example(a)->labels.empty());
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        QCOMPARE(repo.example(a)->rating, std::optional<int>());
        QCOMPARE(repo.undo(id), std::optional<int64_t>(a));
        Example restored = *repo.example(a);
        QCOMPARE(restored.status, ExampleStatus::Pending);
        QCOMPARE(restored.messages, before.messages);
        QCOMPARE(repo.undo(id), std::optional<int64_t>());
        QCOMPARE(repo.undoDepth(id), int64_t(0));
        // The edit-and-undo cycle restores the content hash too: re-adding the original is a duplicate.
        Example copy = before;
        QCOMPARE(repo.addExample(id, copy), std::optional<int64_t>());
    }

    void badActionsAreRefused()
    {
        auto ws = Workspace::open(path("refuse.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = makeDataset(*ws, "refuse", 1);
        const int64_t a = repo.page(id, {}, 0, 1).examples[0].id;
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError, repo.setRating(a, 6));
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError, repo.editMessage(a, 9, "x"));
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError, repo.setStatus(a + 1000, ExampleStatus::Accepted));
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError, repo.setMessages(a, json::array()));
        QVERIFY_THROWS_EXCEPTION(triad::store::StoreError, repo.create("refuse"));
        QCOMPARE(repo.undoDepth(id), int64_t(0));
    }

    void keysetPagingVisitsEveryRowOnce()
    {
        auto ws = Workspace::open(path("paging.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = makeDataset(*ws, "paging", 1000);
        std::set<int64_t> seen;
        int64_t cursor = 0;
        int pages = 0;
        int64_t last = 0;
        do {
            ExamplePage p = repo.page(id, {}, cursor, 64);
            for (const auto& e : p.examples) {
                QVERIFY2(e.id > last, "pages must be in id order");
                last = e.id;
                seen.insert(e.id);
            }
            cursor = p.nextCursor;
            ++pages;
        } while (cursor != 0);
        QCOMPARE(seen.size(), size_t(1000));
        QCOMPARE(pages, 16);
        // Descending from the end.
        ExamplePage tail = repo.page(id, {}, 0, 3, true);
        QCOMPARE(tail.examples[0].id, *seen.rbegin());
        ExamplePage before = repo.page(id, {}, tail.nextCursor, 3, true);
        QCOMPARE(before.examples[0].id, tail.examples[2].id - 1);
    }

    void filters()
    {
        auto ws = Workspace::open(path("filter.triad"));
        DatasetRepository repo(*ws);
        const int64_t id = makeDataset(*ws, "filter", 200);
        std::vector<int64_t> ids;
        for (const auto& e : repo.page(id, {}, 0, 200).examples)
            ids.push_back(e.id);
        for (size_t i = 0; i < ids.size(); i += 3)
            repo.setStatus(ids[i], ExampleStatus::Accepted);   // 67 accepted
        for (size_t i = 0; i < ids.size(); i += 5)
            repo.addLabel(ids[i], "five");                     // 40 labelled
        for (size_t i = 0; i < ids.size(); i += 10)
            repo.setRating(ids[i], 5);                         // 20 rated 5

        ExampleFilter accepted;
        accepted.status = ExampleStatus::Accepted;
        QCOMPARE(repo.count(id, accepted), int64_t(67));
        ExampleFilter label;
        label.label = "five";
        QCOMPARE(repo.count(id, label), int64_t(40));
        ExampleFilter both = label;
        both.status = ExampleStatus::Accepted;                 // multiples of 15: 14
        QCOMPARE(repo.count(id, both), int64_t(14));
        ExampleFilter rated;
        rated.minRating = 4;
        QCOMPARE(repo.count(id, rated), int64_t(20));
        ExampleFilter text;
        text.textContains = "q17 ";
        ExamplePage found = repo.page(id, text, 0, 10);
        QCOMPARE(found.examples.size(), size_t(1));
        QCOMPARE(found.examples[0].id, ids[17]);
        ExampleFilter upper;
        upper.textContains = "Q17 ";     // any case for Latin letters, in the store and in memory
        QCOMPARE(repo.count(id, upper), int64_t(1));
        QVERIFY(matchesFilter(found.examples[0], upper));
        ExampleFilter other;
        other.textContains = "Q18 ";
        QVERIFY(!matchesFilter(found.examples[0], other));
        ExampleFilter quoted;
        quoted.textContains = "\"q17";   // a quote typed by a person matches the JSON-escaped text
        QCOMPARE(repo.count(id, quoted), int64_t(0));
        ExampleFilter longOnes;
        longOnes.minTokens = 100;
        QVERIFY2(repo.count(id, longOnes) > 0 && repo.count(id, longOnes) < 200, "length filter should split the set");

        // Keyset paging under a filter returns each match once, in order.
        int64_t cursor = 0;
        int64_t total = 0;
        do {
            ExamplePage p = repo.page(id, both, cursor, 4);
            for (const auto& e : p.examples) {
                QCOMPARE(e.status, ExampleStatus::Accepted);
                QCOMPARE(e.labels, std::vector<std::string>{"five"});
            }
            total += int64_t(p.examples.size());
            cursor = p.nextCursor;
        } while (cursor != 0);
        QCOMPARE(total, int64_t(14));
        QCOMPARE(repo.nextPending(id, ids[0]), std::optional<int64_t>(ids[1]));
        QCOMPARE(repo.nextPending(id, ids[2]), std::optional<int64_t>(ids[4]));

        DatasetStats s = repo.stats(id);
        QCOMPARE(s.examples, int64_t(200));
        QCOMPARE(s.byStatus["accepted"], int64_t(67));
        QCOMPARE(s.byStatus["pending"], int64_t(133));
        QCOMPARE(s.byLabel["five"], int64_t(40));
        QCOMPARE(s.byRating[5], int64_t(20));
        int64_t inHistogram = 0;
        for (const auto& b : s.tokenHistogram)
            inHistogram += b.count;
        QCOMPARE(inHistogram, int64_t(200));
        QVERIFY2(s.tokenHistogram.size() >= 3, "lengths 2..100 tokens should span several power-of-two buckets");
    }

    void removeDeletesEverythingOfOneDataset()
    {
        auto ws = Workspace::open(path("remove.triad"));
        DatasetRepository repo(*ws);
        const int64_t gone = makeDataset(*ws, "gone", 20);
        const int64_t kept = makeDataset(*ws, "kept", 10);
        const int64_t ex = repo.page(gone, {}, 0, 1).examples[0].id;
        repo.addLabel(ex, "x");
        repo.setStatus(ex, ExampleStatus::Accepted);
        repo.remove(gone);
        QCOMPARE(repo.list().size(), size_t(1));
        QCOMPARE(repo.list()[0].name, std::string("kept"));
        QCOMPARE(repo.list()[0].exampleCount, int64_t(10));
        QVERIFY(!repo.example(ex).has_value());
        QCOMPARE(repo.undoDepth(gone), int64_t(0));
        QCOMPARE(repo.count(kept), int64_t(10));
        QVERIFY(!repo.find("gone").has_value());
    }

    void histogramBuckets_data()
    {
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<int>("bucket");
        QTest::newRow("0") << qint64(0) << 0;
        QTest::newRow("31") << qint64(31) << 0;
        QTest::newRow("32") << qint64(32) << 1;
        QTest::newRow("63") << qint64(63) << 1;
        QTest::newRow("64") << qint64(64) << 2;
        QTest::newRow("4096") << qint64(4096) << 8;
    }

    void histogramBuckets()
    {
        QFETCH(qint64, tokens);
        QFETCH(int, bucket);
        QCOMPARE(DatasetRepository::histogramBucket(tokens), bucket);
    }

    void labelSurvivesSigkill()
    {
        const std::string file = path("killed.triad");
        int64_t id = 0;
        std::vector<int64_t> ids;
        {
            auto ws = Workspace::open(file);
            id = makeDataset(*ws, "killed", 50);
            for (const auto& e : DatasetRepository(*ws).page(id, {}, 0, 50).examples)
                ids.push_back(e.id);
        }   // closed before fork: an SQLite connection must not cross fork()

        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t child = fork();
        QVERIFY2(child >= 0, "fork failed");
        if (child == 0) {
            close(fds[0]);
            try {
                auto ws = Workspace::open(file);
                DatasetRepository repo(*ws);
                for (size_t i = 0;; ++i) {
                    const int64_t ex = ids[i % ids.size()];
                    repo.setStatus(ex, i % 2 ? ExampleStatus::Rejected : ExampleStatus::Accepted);
                    repo.addLabel(ex, "l" + std::to_string(i));
                    int64_t msg[2] = {ex, int64_t(i)};
                    if (write(fds[1], msg, sizeof msg) != sizeof msg)
                        _exit(3);
                    if (i == 40)
                        pause();   // the parent kills here, right after an action returned
                }
            } catch (...) {
                _exit(2);
            }
        }
        close(fds[1]);
        std::vector<std::pair<int64_t, int64_t>> reported;
        int64_t msg[2];
        while (reported.size() < 41 && read(fds[0], msg, sizeof msg) == sizeof msg)
            reported.emplace_back(msg[0], msg[1]);
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        close(fds[0]);
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                 qPrintable(QStringLiteral("child did not die by SIGKILL (status %1)").arg(status)));
        QCOMPARE(reported.size(), size_t(41));
        QVERIFY2(std::filesystem::exists(file + "-wal"), "no -wal after the kill: recovery was not exercised");

        auto ws = Workspace::open(file);
        DatasetRepository repo(*ws);
        for (const auto& [ex, i] : reported) {
            auto e = repo.example(ex);
            QVERIFY(e.has_value());
            const std::string label = "l" + std::to_string(i);
            QVERIFY2(std::find(e->labels.begin(), e->labels.end(), label) != e->labels.end(),
                     qPrintable(QStringLiteral("label %1 of example %2 lost after the kill").arg(QString::fromStdString(label)).arg(ex)));
        }
        // The last action before the kill (i = 40, an accept) is on disk.
        QCOMPARE(repo.example(reported.back().first)->status, ExampleStatus::Accepted);
        QCOMPARE(repo.undoDepth(id), int64_t(82));
    }
};

QTEST_GUILESS_MAIN(TestDatasetLabels)
#include "tst_dataset_labels.moc"
