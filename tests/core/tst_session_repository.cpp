// SessionRepository: save/load/list/rename/duplicate/delete against a real workspace file.

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>
#include <thread>

#include "core/playground/SessionOps.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad;
using namespace triad::store;
using playground::Session;

namespace {

Session makeSession(const std::string& name)
{
    Session s = playground::newSession(name, {"fireworks", "llama"});
    s.systemPrompt = "Be exact.";
    s.draft = "What's 2+2?";
    s.panes[0].params.temperature = 0.3;
    playground::PaneConfig second;
    second.target = {"local", "tiny"};
    playground::addPane(s, second);
    return s;
}

template <typename F>
StoreErrorKind expectError(F&& f)
{
    try {
        f();
    } catch (const StoreError& e) {
        return e.kind();
    }
    return StoreErrorKind{};   // 0: "no error", never a valid kind
}

QString kindName(StoreErrorKind k)
{
    return static_cast<int>(k) == 0 ? QStringLiteral("(no error)") : QString::fromUtf8(storeErrorKindName(k));
}

} // namespace

class TestSessionRepository : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;

private slots:
    void init()
    {
        m_ws = Workspace::open(m_dir.filePath(QString::fromUtf8(QTest::currentTestFunction()) + ".triad").toStdString());
    }

    void cleanup() { m_ws.reset(); }

    void saveAssignsIdAndTimestamps()
    {
        Session s = makeSession("first");
        const int64_t before = Workspace::nowMs();
        m_ws->sessions().save(s);
        QVERIFY2(s.id > 0, "save() did not assign an id");
        QVERIFY(s.createdAtMs >= before && s.createdAtMs <= Workspace::nowMs());
        QCOMPARE(s.updatedAtMs, s.createdAtMs);
    }

    void loadReturnsWhatWasSaved()
    {
        Session s = makeSession("round trip");
        m_ws->sessions().save(s);
        auto loaded = m_ws->sessions().load(s.id);
        QVERIFY(loaded.has_value());
        QCOMPARE(QString::fromStdString(nlohmann::json(*loaded).dump()),
                 QString::fromStdString(nlohmann::json(s).dump()));
        QVERIFY2(!m_ws->sessions().load(s.id + 1000).has_value(), "loaded a session that does not exist");
    }

    void updateKeepsIdAndCreatedTime()
    {
        Session s = makeSession("edit me");
        m_ws->sessions().save(s);
        const int64_t id = s.id, created = s.createdAtMs;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        s.draft = "changed";
        s.createdAtMs = 1;   // the row owns its creation time
        m_ws->sessions().save(s);
        QCOMPARE(s.id, id);
        QCOMPARE(s.createdAtMs, created);
        QVERIFY2(s.updatedAtMs > created, "updatedAtMs did not advance");
        QCOMPARE(QString::fromStdString(m_ws->sessions().load(id)->draft), QStringLiteral("changed"));
        QCOMPARE(m_ws->sessions().list().size(), size_t(1));
    }

    void reopenFindsSessions()
    {
        const std::string path = m_ws->path();
        Session s = makeSession("survives restart");
        m_ws->sessions().save(s);
        m_ws.reset();
        m_ws = Workspace::open(path);
        auto loaded = m_ws->sessions().load(s.id);
        QVERIFY2(loaded.has_value(), "session gone after reopening the workspace");
        QCOMPARE(QString::fromStdString(loaded->name), QStringLiteral("survives restart"));
        QCOMPARE(loaded->panes.size(), size_t(2));
    }

    void listIsMostRecentFirst()
    {
        Session a = makeSession("a"), b = makeSession("b"), c = makeSession("c");
        for (Session* s : {&a, &b, &c}) {
            m_ws->sessions().save(*s);
            std::this_thread::sleep_for(std::chrono::milliseconds(3));
        }
        a.draft = "touched last";
        m_ws->sessions().save(a);
        auto rows = m_ws->sessions().list();
        QStringList names;
        for (const auto& r : rows)
            names << QString::fromStdString(r.name);
        QCOMPARE(names, (QStringList{"a", "c", "b"}));
    }

    void renameChangesNameOnly()
    {
        Session s = makeSession("old");
        m_ws->sessions().save(s);
        m_ws->sessions().rename(s.id, "  new name  ");
        auto loaded = m_ws->sessions().load(s.id);
        QCOMPARE(QString::fromStdString(loaded->name), QStringLiteral("new name"));
        QCOMPARE(QString::fromStdString(loaded->draft), QString::fromStdString(s.draft));
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().rename(s.id, "   "); })),
                 kindName(StoreErrorKind::InvalidArgument));
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().rename(s.id + 99, "x"); })),
                 kindName(StoreErrorKind::NotFound));
    }

    void duplicateMakesIndependentCopy()
    {
        Session s = makeSession("report");
        m_ws->sessions().save(s);
        Session copy = m_ws->sessions().duplicate(s.id);
        QVERIFY(copy.id != s.id && copy.id > 0);
        QCOMPARE(QString::fromStdString(copy.name), QStringLiteral("report (copy)"));
        Session second = m_ws->sessions().duplicate(s.id);
        QCOMPARE(QString::fromStdString(second.name), QStringLiteral("report (copy 2)"));
        copy.systemPrompt = "changed in the copy";
        m_ws->sessions().save(copy);
        QCOMPARE(QString::fromStdString(m_ws->sessions().load(s.id)->systemPrompt), QStringLiteral("Be exact."));
        QCOMPARE(m_ws->sessions().list().size(), size_t(3));
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().duplicate(99999); })),
                 kindName(StoreErrorKind::NotFound));
    }

    void removeDeletesSessionAndItsRuns()
    {
        Session keep = makeSession("keep"), drop = makeSession("drop");
        m_ws->sessions().save(keep);
        m_ws->sessions().save(drop);
        for (Session* s : {&keep, &drop}) {
            RunRecord run;
            run.sessionId = s->id;
            run.target = s->panes[0].target;
            run.request = playground::buildRequest(*s, 0);
            run.responseText = "answer";
            m_ws->runs().add(run);
        }
        m_ws->sessions().remove(drop.id);
        QVERIFY(!m_ws->sessions().load(drop.id).has_value());
        QCOMPARE(m_ws->runs().countForSession(drop.id), int64_t(0));
        QCOMPARE(m_ws->runs().countForSession(keep.id), int64_t(1));
        QCOMPARE(m_ws->sessions().list().front().runCount, int64_t(1));
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().remove(drop.id); })),
                 kindName(StoreErrorKind::NotFound));
    }

    void savingDeletedSessionIsNotFound()
    {
        Session s = makeSession("ghost");
        m_ws->sessions().save(s);
        m_ws->sessions().remove(s.id);
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().save(s); })), kindName(StoreErrorKind::NotFound));
    }

    void emptyNameRefused()
    {
        Session s = makeSession(" ");
        try {
            m_ws->sessions().save(s);
            QFAIL("a session without a name was saved");
        } catch (const StoreError& e) {
            QCOMPARE(kindName(e.kind()), kindName(StoreErrorKind::InvalidArgument));
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(m_ws->path())), e.what());
        }
        QCOMPARE(s.id, int64_t(0));
    }

    void damagedRowIsReportedNotCrashed()
    {
        Session s = makeSession("damaged");
        m_ws->sessions().save(s);
        sqlite3_exec(m_ws->handle(), ("UPDATE sessions SET data_json = '{not json' WHERE id = "
                                      + std::to_string(s.id)).c_str(), nullptr, nullptr, nullptr);
        try {
            m_ws->sessions().load(s.id);
            QFAIL("a damaged session loaded without an error");
        } catch (const StoreError& e) {
            QCOMPARE(kindName(e.kind()), kindName(StoreErrorKind::Corrupt));
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("damaged")), e.what());
        }
        sqlite3_exec(m_ws->handle(), ("UPDATE sessions SET data_json = '{\"panes\": 5}' WHERE id = "
                                      + std::to_string(s.id)).c_str(), nullptr, nullptr, nullptr);
        QCOMPARE(kindName(expectError([&] { m_ws->sessions().load(s.id); })), kindName(StoreErrorKind::Corrupt));
        QCOMPARE(m_ws->sessions().list().size(), size_t(1));   // the list still works
    }

    void saveIsFast()
    {
        // The GUI saves on the GUI thread as the person types; it must stay well under a frame.
        Session s = makeSession("fast");
        s.conversation.assign(40, providers::ChatMessage{"user", std::string(2000, 'x'), {}, nullptr, {}, {}});
        m_ws->sessions().save(s);
        QElapsedTimer t;
        t.start();
        const int n = 200;
        for (int i = 0; i < n; ++i) {
            s.draft = std::to_string(i);
            m_ws->sessions().save(s);
        }
        const double perSaveMs = double(t.nsecsElapsed()) / 1e6 / n;
        qInfo("session save with 80 KB of conversation: %.3f ms each", perSaveMs);
        QVERIFY2(perSaveMs < 16.0, qPrintable(QStringLiteral("a save took %1 ms on average (limit 16 ms)").arg(perSaveMs)));
    }
};

QTEST_GUILESS_MAIN(TestSessionRepository)
#include "tst_session_repository.moc"
