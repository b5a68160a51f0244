// RunRepository: round trips, history order, and that finished runs survive a writer that
// is killed mid-stream (a forked child SIGKILLed while it writes runs).

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/playground/SessionOps.h"
#include "core/store/MetricsJson.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad;
using namespace triad::store;

namespace {

metrics::RequestMetrics fullMetrics()
{
    metrics::RequestMetrics m;
    m.ttftMs = 182.5;
    m.ttfbMs = 120.25;
    m.e2eMs = 2400.0;
    m.totalMs = 2410.75;
    m.itlMs = {11.5, 12.0, 9.75};
    m.tpotMs = 12.1;
    m.outputTokensPerSec = 87.3;
    m.promptTokens = 41;
    m.completionTokens = 38;
    m.tokensEstimated = true;
    m.costUsd = 0.0021;
    m.costEstimated = true;
    return m;
}

RunRecord makeRun(int64_t sessionId, int pane, int64_t startedAtMs, const std::string& text)
{
    RunRecord run;
    run.sessionId = sessionId;
    run.paneIndex = pane;
    run.target = {"fireworks", "llama-70b"};
    run.request.model = "llama-70b";
    run.request.system = "sys";
    run.request.messages = {{"user", "question", {}, nullptr, {}, {}}};
    run.request.params.temperature = 0.7;
    run.responseText = text;
    run.reasoningText = "thinking about it";
    run.toolCalls = nlohmann::json::parse("[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]");
    run.finishReason = "stop";
    run.timeline = {{"sent_ns", 100}, {"first_byte_ns", 200}, {"chunks", {{300, 5}, {400, 7}}}, {"done_ns", 500}};
    run.metrics = fullMetrics();
    run.startedAtMs = startedAtMs;
    run.finishedAtMs = startedAtMs + 2411;
    return run;
}

int64_t storedSession(Workspace& ws, const std::string& name = "s")
{
    playground::Session s = playground::newSession(name, {"fireworks", "llama-70b"});
    ws.sessions().save(s);
    return s.id;
}

QString j(const nlohmann::json& v)
{
    return QString::fromStdString(v.dump());
}

} // namespace

class TestRunRepository : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string pathFor(const char* name) { return m_dir.filePath(name).toStdString(); }

private slots:
    void roundTripKeepsEveryField()
    {
        auto ws = Workspace::open(pathFor("rt.triad"));
        const int64_t sid = storedSession(*ws);
        RunRecord run = makeRun(sid, 2, 1700000000000, "The answer is 4.");
        const int64_t id = ws->runs().add(run);
        QVERIFY(id > 0);
        QCOMPARE(run.id, id);
        auto back = ws->runs().load(id);
        QVERIFY(back.has_value());
        QCOMPARE(back->sessionId, sid);
        QCOMPARE(back->paneIndex, 2);
        QVERIFY(back->target == run.target);
        QCOMPARE(j(nlohmann::json(back->request)), j(nlohmann::json(run.request)));
        QCOMPARE(QString::fromStdString(back->responseText), QStringLiteral("The answer is 4."));
        QCOMPARE(QString::fromStdString(back->reasoningText), QStringLiteral("thinking about it"));
        QCOMPARE(j(back->toolCalls), j(run.toolCalls));
        QCOMPARE(QString::fromStdString(back->finishReason), QStringLiteral("stop"));
        QCOMPARE(j(back->timeline), j(run.timeline));
        QCOMPARE(j(metricsToJson(back->metrics)), j(metricsToJson(run.metrics)));
        QVERIFY(!back->error.has_value());
        QCOMPARE(back->startedAtMs, run.startedAtMs);
        QCOMPARE(back->finishedAtMs, run.finishedAtMs);
        QVERIFY(!ws->runs().load(id + 1).has_value());
    }

    void emptyOptionalPartsStayEmpty()
    {
        auto ws = Workspace::open(pathFor("empty.triad"));
        RunRecord run = makeRun(storedSession(*ws), 0, 1, "");
        run.toolCalls = nullptr;
        run.timeline = nullptr;
        run.finishReason.clear();
        run.metrics = {};
        ws->runs().add(run);
        auto back = ws->runs().load(run.id);
        QVERIFY(back->toolCalls.is_null());
        QVERIFY(back->timeline.is_null());
        QVERIFY(back->finishReason.empty());
        QVERIFY(!back->metrics.ttftMs.has_value());
        QVERIFY(!back->metrics.costUsd.has_value());
    }

    void errorKindsRoundTrip_data()
    {
        QTest::addColumn<int>("kind");
        for (int k = int(providers::ErrorKind::Auth); k <= int(providers::ErrorKind::Local); ++k)
            QTest::addRow("%s", providers::errorKindName(static_cast<providers::ErrorKind>(k))) << k;
    }

    void errorKindsRoundTrip()
    {
        QFETCH(int, kind);
        auto ws = Workspace::open(pathFor("errors.triad"));
        RunRecord run = makeRun(storedSession(*ws), 1, 5, "partial text before the break");
        run.finishReason.clear();
        run.error = providers::ErrorInfo{static_cast<providers::ErrorKind>(kind), 503,
                                         "Fireworks: the server failed (HTTP 503)"};
        ws->runs().add(run);
        auto back = ws->runs().load(run.id);
        QVERIFY2(back->error.has_value(), "the error was not stored");
        QCOMPARE(int(back->error->kind), kind);
        QCOMPARE(back->error->httpStatus, 503);
        QCOMPARE(QString::fromStdString(back->error->message), QStringLiteral("Fireworks: the server failed (HTTP 503)"));
        QCOMPARE(QString::fromStdString(back->responseText), QStringLiteral("partial text before the break"));
    }

    void historyIsNewestFirstPerSession()
    {
        auto ws = Workspace::open(pathFor("history.triad"));
        const int64_t a = storedSession(*ws, "a"), b = storedSession(*ws, "b");
        for (int64_t t : {300, 100, 200}) {
            RunRecord run = makeRun(a, 0, t, "a" + std::to_string(t));
            ws->runs().add(run);
        }
        RunRecord other = makeRun(b, 0, 999, "b");
        ws->runs().add(other);
        // same start time: the later insert counts as newer
        RunRecord tie = makeRun(a, 1, 300, "a300-second");
        ws->runs().add(tie);

        QStringList order;
        for (const RunRecord& r : ws->runs().listForSession(a))
            order << QString::fromStdString(r.responseText);
        QCOMPARE(order, (QStringList{"a300-second", "a300", "a200", "a100"}));
        QCOMPARE(ws->runs().listForSession(a, 2).size(), size_t(2));
        QCOMPARE(ws->runs().countForSession(a), int64_t(4));
        QCOMPARE(ws->runs().countForSession(b), int64_t(1));
        QCOMPARE(ws->runs().listForSession(12345).size(), size_t(0));
        ws->runs().remove(tie.id);
        QCOMPARE(ws->runs().countForSession(a), int64_t(3));
        bool threw = false;
        try {
            ws->runs().remove(tie.id);
        } catch (const StoreError& e) {
            threw = e.kind() == StoreErrorKind::NotFound;
        }
        QVERIFY2(threw, "removing a removed run should be NotFound");
    }

    void invalidRunsRefused()
    {
        auto ws = Workspace::open(pathFor("invalid.triad"));
        RunRecord orphan = makeRun(424242, 0, 1, "x");
        try {
            ws->runs().add(orphan);
            QFAIL("a run of a session that does not exist was stored");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::NotFound);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("session 424242")), e.what());
        }
        RunRecord badPane = makeRun(storedSession(*ws), 6, 1, "x");
        try {
            ws->runs().add(badPane);
            QFAIL("pane index 6 was accepted");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::InvalidArgument);
        }
        QCOMPARE(orphan.id, int64_t(0));
    }

    void brokenUtf8IsStoredNotThrown()
    {
        // Model text can be cut mid-UTF-8 sequence when a stream breaks.
        auto ws = Workspace::open(pathFor("utf8.triad"));
        RunRecord run = makeRun(storedSession(*ws), 0, 1, std::string("caf\xC3", 4));
        run.request.messages[0].content = std::string("bad \xFF byte");
        ws->runs().add(run);
        auto back = ws->runs().load(run.id);
        QCOMPARE(back->responseText.size(), size_t(4));
        QVERIFY(back->request.messages[0].content.find("bad") == 0);
    }

    void metricsJsonOmitsUnset()
    {
        metrics::RequestMetrics m;
        m.ttftMs = 5.5;
        const nlohmann::json out = metricsToJson(m);
        QCOMPARE(j(out), QStringLiteral("{\"cost_estimated\":false,\"tokens_estimated\":false,\"ttft_ms\":5.5}"));
        const auto back = metricsFromJson(nlohmann::json::parse("{\"ttft_ms\": 5.5, \"from_a_newer_build\": 1}"));
        QCOMPARE(back.ttftMs.value_or(0), 5.5);
        QVERIFY(!back.e2eMs.has_value());
        QCOMPARE(j(metricsToJson(metricsFromJson(metricsToJson(fullMetrics())))), j(metricsToJson(fullMetrics())));
    }

    void secondConnectionSeesFinishedRunsWithoutClose()
    {
        const std::string path = pathFor("live.triad");
        auto ws = Workspace::open(path);
        const int64_t sid = storedSession(*ws);
        for (int i = 0; i < 5; ++i) {
            RunRecord run = makeRun(sid, 0, i, "run " + std::to_string(i));
            ws->runs().add(run);
        }
        // The writer is still open (nothing flushed by a clean shutdown); another process
        // reading the file must already see every finished run.
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(other, "SELECT count(*) FROM runs", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 5);
        sqlite3_finalize(st);
        sqlite3_close(other);
    }

    void finishedRunsSurviveSigkill()
    {
        const std::string path = pathFor("killed.triad");
        int64_t sid = 0;
        {
            auto ws = Workspace::open(path);
            sid = storedSession(*ws, "killed mid-run");
        }   // closed before fork: an SQLite connection must not cross fork()

        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t child = fork();
        QVERIFY2(child >= 0, "fork failed");
        if (child == 0) {
            // Child: write runs forever, reporting each id once add() has returned.
            close(fds[0]);
            try {
                auto ws = Workspace::open(path);
                const std::string big(16 * 1024, 'x');   // long answers make the kill land mid-write
                for (int i = 0;; ++i) {
                    RunRecord run = makeRun(sid, i % 6, 1000 + i, "run " + std::to_string(i) + " " + big);
                    int64_t id = ws->runs().add(run);
                    int64_t msg[2] = {id, i};
                    if (write(fds[1], msg, sizeof msg) != sizeof msg)
                        _exit(3);
                }
            } catch (...) {
                _exit(2);
            }
        }
        close(fds[1]);
        std::vector<std::pair<int64_t, int64_t>> reported;
        int64_t msg[2];
        while (reported.size() < 60 && read(fds[0], msg, sizeof msg) == sizeof msg)
            reported.emplace_back(msg[0], msg[1]);
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        // ids written to the pipe before the kill also count as finished
        while (read(fds[0], msg, sizeof msg) == sizeof msg)
            reported.emplace_back(msg[0], msg[1]);
        close(fds[0]);
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                 qPrintable(QStringLiteral("child did not die by SIGKILL (status %1)").arg(status)));
        QVERIFY2(reported.size() >= 60, qPrintable(QStringLiteral("child reported only %1 runs").arg(reported.size())));
        QVERIFY2(std::filesystem::exists(path + "-wal"),
                 "no -wal after the kill: the test did not exercise recovery from an unclean close");

        auto ws = Workspace::open(path);
        for (const auto& [id, i] : reported) {
            auto run = ws->runs().load(id);
            QVERIFY2(run.has_value(), qPrintable(QStringLiteral("finished run %1 (#%2) lost after the kill").arg(id).arg(i)));
            const std::string expected = "run " + std::to_string(i) + " ";
            QVERIFY2(run->responseText.rfind(expected, 0) == 0 && run->responseText.size() == expected.size() + 16 * 1024,
                     qPrintable(QStringLiteral("run %1 came back damaged").arg(id)));
            QCOMPARE(j(metricsToJson(run->metrics)), j(metricsToJson(fullMetrics())));
        }
        const int64_t stored = ws->runs().countForSession(sid);
        QVERIFY2(stored >= int64_t(reported.size()) && stored <= int64_t(reported.size()) + 1,
                 qPrintable(QStringLiteral("%1 runs reported, %2 stored").arg(reported.size()).arg(stored)));
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(ws->handle(), "PRAGMA integrity_check", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), QStringLiteral("ok"));
        sqlite3_finalize(st);
        qInfo("child killed after %zu finished runs; all of them were found after reopening", reported.size());
    }

    void addIsFast()
    {
        auto ws = Workspace::open(pathFor("speed.triad"));
        const int64_t sid = storedSession(*ws);
        QElapsedTimer t;
        t.start();
        const int n = 200;
        for (int i = 0; i < n; ++i) {
            RunRecord run = makeRun(sid, i % 6, i, std::string(8000, 'y'));
            ws->runs().add(run);
        }
        const double perRunMs = double(t.nsecsElapsed()) / 1e6 / n;
        t.restart();
        auto history = ws->runs().listForSession(sid, 50);
        const double listMs = double(t.nsecsElapsed()) / 1e6;
        qInfo("run add: %.3f ms each; listing the newest 50: %.3f ms", perRunMs, listMs);
        QVERIFY2(perRunMs < 16.0, qPrintable(QStringLiteral("adding a run took %1 ms (limit 16 ms)").arg(perRunMs)));
        QVERIFY2(listMs < 50.0, qPrintable(QStringLiteral("listing 50 runs took %1 ms (limit 50 ms)").arg(listMs)));
        QCOMPARE(history.size(), size_t(50));
    }
};

QTEST_GUILESS_MAIN(TestRunRepository)
#include "tst_run_repository.moc"
