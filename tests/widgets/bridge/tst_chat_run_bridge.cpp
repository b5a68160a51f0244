// ChatRunBridge: events from provider threads reach the GUI thread in order, coalesced,
// with metrics; stop keeps partial text; a run whose owner died is dropped safely and
// still recorded.

#include <chrono>
#include <thread>

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/playground/SessionOps.h"
#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/FakeProvider.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/bridge/LiveMetrics.h"

using namespace triad;
using namespace triad::widgets;
using providers::ChatEvent;
using providers::ChatEventKind;

namespace {

int64_t nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

// Replays a fixed list of events on its own thread, `gapMs` apart; the handle can cancel.
class ReplayProvider : public providers::Provider {
public:
    explicit ReplayProvider(std::vector<ChatEvent> events, int gapMs = 0)
        : m_events(std::move(events)), m_gapMs(gapMs) {}
    std::string id() const override { return "replay"; }
    std::string displayName() const override { return "Replay"; }
    providers::ModelListResult listModels() override { return {}; }
    std::shared_ptr<providers::RequestHandle> chat(const providers::ChatRequest&,
                                                   providers::ChatSink sink) override
    {
        auto handle = std::make_shared<Handle>();
        Handle* h = handle.get();
        auto events = m_events;
        const int gapMs = m_gapMs;
        h->thread = std::thread([h, events, gapMs, sink] {
            for (ChatEvent e : events) {
                if (gapMs > 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(gapMs));
                e.atNs = nowNs();
                sink(e);
            }
            h->done = true;
        });
        return handle;
    }

private:
    struct Handle : providers::RequestHandle {
        ~Handle() override { if (thread.joinable()) thread.join(); }
        void cancel() override {}
        void wait() override { if (thread.joinable()) thread.join(); }
        bool finished() const override { return done; }
        std::thread thread;
        std::atomic<bool> done{false};
    };
    std::vector<ChatEvent> m_events;
    int m_gapMs;
};

ChatEvent ev(ChatEventKind kind, std::string text = {})
{
    ChatEvent e{kind};
    e.text = std::move(text);
    return e;
}

providers::ChatRequest helloRequest()
{
    providers::ChatRequest r;
    r.model = "fake-small";
    r.messages.push_back({"user", "hello there", {}, nullptr, {}, std::nullopt});
    return r;
}

RunInfo info(int pane = 0)
{
    return RunInfo{0, pane, {"fake", "fake-small"}};
}

// Collects what a run emitted, in order.
struct Recorder {
    QStringList order;     // "text:<delta>", "reasoning:<delta>", "finished"
    QString text;
    int textSignals = 0;
    int finishedSignals = 0;
    void attach(ChatRun* run)
    {
        QObject::connect(run, &ChatRun::textAppended, run, [this](const QString& d) {
            order << QStringLiteral("text:") + d;
            text += d;
            ++textSignals;
        });
        QObject::connect(run, &ChatRun::reasoningAppended, run, [this](const QString& d) {
            order << QStringLiteral("reasoning:") + d;
        });
        QObject::connect(run, &ChatRun::finished, run, [this] {
            order << QStringLiteral("finished");
            ++finishedSignals;
        });
    }
};

} // namespace

class TestChatRunBridge : public QObject {
    Q_OBJECT
private slots:
    void completeUtf8Prefix_data();
    void completeUtf8Prefix();
    void textArrivesInOrderAndFinishedComesLast();
    void deltasAreCoalesced();
    void utf8SplitAcrossDeltasIsJoined();
    void toolCallFragmentsAreMerged();
    void stopKeepsPartialText();
    void failureKeepsTextAndError();
    void missingProviderFailsWithMessage();
    void ownerDestroyedMidRunIsDroppedAndRecorded();
    void metricsFollowTimestamps();
};

void TestChatRunBridge::completeUtf8Prefix_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("expected");
    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("ascii") << QByteArray("abc") << 3;
    QTest::newRow("complete é") << QByteArray("a\xc3\xa9") << 3;
    QTest::newRow("half é") << QByteArray("a\xc3") << 1;
    QTest::newRow("two of three €") << QByteArray("x\xe2\x82") << 1;
    QTest::newRow("complete €") << QByteArray("x\xe2\x82\xac") << 4;
    QTest::newRow("three of four 😀") << QByteArray("\xf0\x9f\x98") << 0;
    QTest::newRow("complete 😀") << QByteArray("\xf0\x9f\x98\x80") << 4;
    QTest::newRow("invalid lead passes") << QByteArray("a\xff") << 2;
}

void TestChatRunBridge::completeUtf8Prefix()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, expected);
    const size_t got = widgets::completeUtf8Prefix(bytes.toStdString());
    QVERIFY2(got == static_cast<size_t>(expected),
             qPrintable(QStringLiteral("expected %1 bytes, got %2").arg(expected).arg(got)));
}

void TestChatRunBridge::textArrivesInOrderAndFinishedComesLast()
{
    auto provider = std::make_shared<ReplayProvider>(std::vector<ChatEvent>{
        ev(ChatEventKind::Started), ev(ChatEventKind::FirstByte),
        ev(ChatEventKind::ReasoningDelta, "think "), ev(ChatEventKind::TextDelta, "Hello"),
        ev(ChatEventKind::TextDelta, " world"), ev(ChatEventKind::TextDelta, "!"),
        [] { ChatEvent e{ChatEventKind::Finished}; e.finishReason = "stop"; return e; }()},
        5);
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    Recorder rec;
    rec.attach(run);
    QSignalSpy count(&bridge, &ChatRunBridge::activeRunCountChanged);
    QTRY_COMPARE_WITH_TIMEOUT(rec.finishedSignals, 1, 5000);
    QCOMPARE(rec.text, QStringLiteral("Hello world!"));
    QCOMPARE(run->text(), QStringLiteral("Hello world!"));
    QCOMPARE(run->reasoning(), QStringLiteral("think "));
    QCOMPARE(rec.order.last(), QStringLiteral("finished"));
    QVERIFY2(rec.order.indexOf(QStringLiteral("reasoning:think ")) == 0,
             qPrintable(QStringLiteral("reasoning should come first, order was: ") + rec.order.join('|')));
    QCOMPARE(run->status(), RunStatus::Finished);
    QCOMPARE(run->state().finishReason, QStringLiteral("stop"));
    QCOMPARE(bridge.activeRunCount(), 0);
    QVERIFY(!count.isEmpty());
    QCOMPARE(count.last().at(0).toInt(), 0);
    QTest::qWait(100);
    QCOMPARE(rec.finishedSignals, 1);
}

void TestChatRunBridge::deltasAreCoalesced()
{
    // 400 pieces, 1 ms apart: ~400+ ms of streaming. Without coalescing that would be 400
    // signals; at ~33 ms per flush it must be about a dozen.
    std::string answer;
    for (int i = 0; i < 400; ++i)
        answer += " w" + std::to_string(i);
    testsupport::FakeScript script;
    script.answer = [answer](const providers::ChatRequest&) { return answer; };
    script.delayPerPieceMs = 1;
    auto provider = std::make_shared<testsupport::FakeProvider>(script);
    ChatRunBridge bridge;
    QObject owner;
    QElapsedTimer clock;
    clock.start();
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    Recorder rec;
    rec.attach(run);
    QTRY_COMPARE_WITH_TIMEOUT(rec.finishedSignals, 1, 10000);
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(rec.text, QString::fromStdString(answer));
    const int allowed = static_cast<int>(elapsedMs / bridge.flushIntervalMs()) + 3;
    QVERIFY2(rec.textSignals <= allowed,
             qPrintable(QStringLiteral("expected at most %1 text signals in %2 ms, got %3")
                            .arg(allowed).arg(elapsedMs).arg(rec.textSignals)));
    QVERIFY2(rec.textSignals < 200,
             qPrintable(QStringLiteral("400 pieces were not coalesced: %1 signals").arg(rec.textSignals)));
}

void TestChatRunBridge::utf8SplitAcrossDeltasIsJoined()
{
    // "€" split over two deltas with a pause between them: no replacement character may
    // ever be emitted.
    auto provider = std::make_shared<ReplayProvider>(std::vector<ChatEvent>{
        ev(ChatEventKind::Started), ev(ChatEventKind::TextDelta, "price: \xe2\x82"),
        ev(ChatEventKind::TextDelta, "\xac 5"),
        [] { ChatEvent e{ChatEventKind::Finished}; e.finishReason = "stop"; return e; }()},
        60);
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    Recorder rec;
    rec.attach(run);
    QTRY_COMPARE_WITH_TIMEOUT(rec.finishedSignals, 1, 5000);
    QCOMPARE(rec.text, QString::fromUtf8("price: \xe2\x82\xac 5"));
    for (const QString& part : rec.order)
        QVERIFY2(!part.contains(QChar::ReplacementCharacter),
                 qPrintable(QStringLiteral("a delta carried a broken character: ") + part));
}

void TestChatRunBridge::toolCallFragmentsAreMerged()
{
    auto toolDelta = [](nlohmann::json j) {
        ChatEvent e{ChatEventKind::ToolCallDelta};
        e.json = std::move(j);
        return e;
    };
    auto provider = std::make_shared<ReplayProvider>(std::vector<ChatEvent>{
        ev(ChatEventKind::Started),
        toolDelta(nlohmann::json::parse(
            R"([{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}])")),
        toolDelta(nlohmann::json::parse(R"([{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}])")),
        [] { ChatEvent e{ChatEventKind::Finished}; e.finishReason = "tool_calls"; return e; }()});
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    QSignalSpy finished(run, &ChatRun::finished);
    QVERIFY(finished.wait(5000));
    const nlohmann::json& calls = run->state().toolCalls;
    QCOMPARE(calls.size(), size_t(1));
    QCOMPARE(QString::fromStdString(calls[0]["id"].get<std::string>()), QStringLiteral("call_1"));
    QCOMPARE(QString::fromStdString(calls[0]["function"]["name"].get<std::string>()),
             QStringLiteral("get_weather"));
    QCOMPARE(QString::fromStdString(calls[0]["function"]["arguments"].get<std::string>()),
             QStringLiteral("{\"city\":\"Oslo\"}"));
}

void TestChatRunBridge::stopKeepsPartialText()
{
    std::string answer;
    for (int i = 0; i < 200; ++i)
        answer += " tok" + std::to_string(i);
    testsupport::FakeScript script;
    script.answer = [answer](const providers::ChatRequest&) { return answer; };
    script.delayPerPieceMs = 10;
    auto provider = std::make_shared<testsupport::FakeProvider>(script);
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    Recorder rec;
    rec.attach(run);
    QTRY_VERIFY_WITH_TIMEOUT(rec.text.size() > 20, 5000);
    QElapsedTimer clock;
    clock.start();
    run->cancel();
    run->cancel();   // twice is harmless
    QTRY_COMPARE_WITH_TIMEOUT(rec.finishedSignals, 1, 2000);
    QVERIFY2(clock.elapsed() < 500,
             qPrintable(QStringLiteral("stop took %1 ms").arg(clock.elapsed())));
    QCOMPARE(run->status(), RunStatus::Cancelled);
    QVERIFY(!run->text().isEmpty());
    QVERIFY2(run->text().size() < static_cast<int>(answer.size()),
             "the whole answer arrived although the run was stopped");
    QVERIFY(QString::fromStdString(answer).startsWith(run->text()));
}

void TestChatRunBridge::failureKeepsTextAndError()
{
    ChatEvent failed{ChatEventKind::Failed};
    failed.error = {providers::ErrorKind::Connection, 0, "Example closed the connection mid-stream."};
    auto provider = std::make_shared<ReplayProvider>(std::vector<ChatEvent>{
        ev(ChatEventKind::Started), ev(ChatEventKind::TextDelta, "partial "),
        ev(ChatEventKind::TextDelta, "answer"), failed}, 5);
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(provider, helloRequest(), info(), &owner);
    QSignalSpy finished(run, &ChatRun::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(run->status(), RunStatus::Failed);
    QCOMPARE(run->text(), QStringLiteral("partial answer"));
    QVERIFY(run->state().error.has_value());
    QCOMPARE(QString::fromStdString(run->state().error->message),
             QStringLiteral("Example closed the connection mid-stream."));
}

void TestChatRunBridge::missingProviderFailsWithMessage()
{
    ChatRunBridge bridge;
    QObject owner;
    ChatRun* run = bridge.start(nullptr, helloRequest(), RunInfo{0, 0, {"gone", "m"}}, &owner);
    QVERIFY(run);
    QSignalSpy finished(run, &ChatRun::finished);
    QVERIFY(finished.wait(2000));
    QCOMPARE(run->status(), RunStatus::Failed);
    const QString message = QString::fromStdString(run->state().error->message);
    QVERIFY2(message.contains(QStringLiteral("gone")),
             qPrintable(QStringLiteral("the error should name the provider, got: ") + message));
}

void TestChatRunBridge::ownerDestroyedMidRunIsDroppedAndRecorded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = store::Workspace::open(dir.filePath(QStringLiteral("t.triad")).toStdString());
    playground::Session session = playground::newSession("bridge", {"fake", "fake-small"});
    ws->sessions().save(session);

    std::string answer;
    for (int i = 0; i < 300; ++i)
        answer += " tok" + std::to_string(i);
    testsupport::FakeScript script;
    script.answer = [answer](const providers::ChatRequest&) { return answer; };
    script.delayPerPieceMs = 5;
    auto provider = std::make_shared<testsupport::FakeProvider>(script);

    ChatRunBridge bridge;
    bridge.setRunRepository(&ws->runs());
    QSignalSpy stored(&bridge, &ChatRunBridge::runStored);
    auto* owner = new QObject;
    QPointer<ChatRun> run = bridge.start(provider, helloRequest(), RunInfo{session.id, 1, {"fake", "fake-small"}}, owner);
    QTRY_VERIFY_WITH_TIMEOUT(run && run->text().size() > 10, 5000);
    delete owner;   // the pane closes mid-stream
    QVERIFY(run.isNull());
    QTRY_COMPARE_WITH_TIMEOUT(bridge.activeRunCount(), 0, 2000);
    QCOMPARE(stored.count(), 1);
    const auto runs = ws->runs().listForSession(session.id);
    QCOMPARE(runs.size(), size_t(1));
    QCOMPARE(runs[0].paneIndex, 1);
    QVERIFY(!runs[0].responseText.empty());
    QVERIFY(runs[0].responseText.size() < answer.size());
    QVERIFY(runs[0].error.has_value());
    QCOMPARE(runs[0].error->kind, providers::ErrorKind::Cancelled);
}

void TestChatRunBridge::metricsFollowTimestamps()
{
    // Synthetic run: sent at 0, first content at 100 ms, 5 deltas 10 ms apart, usage given.
    RunState state;
    state.request = helloRequest();
    state.recorder = providers::RunRecorder::create(state.request);
    const int64_t base = 1'000'000'000;
    auto at = [&](ChatEvent e, int64_t ms) {
        e.atNs = base + ms * 1'000'000;
        state.recorder->record(e);
    };
    at(ev(ChatEventKind::Started), 0);
    at(ev(ChatEventKind::FirstByte), 90);
    for (int i = 0; i < 5; ++i)
        at(ev(ChatEventKind::TextDelta, "tok "), 100 + i * 10);
    ChatEvent usage{ChatEventKind::Usage};
    usage.usage.promptTokens = 12;
    usage.usage.completionTokens = 5;
    at(usage, 145);

    // While running, the total is a live clock from the GUI's start time.
    state.startedNs = base;
    metrics::RequestMetrics live = liveMetrics(state, nullptr, base + 700'000'000);
    QVERIFY(live.totalMs.has_value());
    QCOMPARE(*live.totalMs, 700.0);

    ChatEvent done{ChatEventKind::Finished};
    done.finishReason = "stop";
    at(done, 150);
    state.status = RunStatus::Finished;
    const metrics::RequestMetrics m = liveMetrics(state, nullptr, base + 999'000'000);
    QVERIFY(m.ttftMs && m.ttfbMs && m.e2eMs && m.totalMs && m.outputTokensPerSec);
    QCOMPARE(*m.ttftMs, 100.0);
    QCOMPARE(*m.ttfbMs, 90.0);
    QCOMPARE(*m.e2eMs, 140.0);
    QCOMPARE(*m.totalMs, 150.0);   // the recorded end, not the clock
    QCOMPARE(m.itlMs.size(), size_t(4));
    QCOMPARE(m.tokensEstimated, false);
    QCOMPARE(*m.promptTokens, int64_t(12));
    QCOMPARE(*m.completionTokens, int64_t(5));
    QVERIFY2(!m.costUsd.has_value(), "no price table: the cost must stay unknown");

    const nlohmann::json timeline = timelineJson(state.recorder->snapshot().timeline);
    QCOMPARE(timeline["chunks"].size(), size_t(5));
    QCOMPARE(timeline["first_content_ms"].get<double>(), 100.0);
}

QTEST_MAIN(TestChatRunBridge)
#include "tst_chat_run_bridge.moc"
