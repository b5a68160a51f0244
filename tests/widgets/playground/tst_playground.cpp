// The playground end to end: three panes against three scripted OpenAI-compatible servers
// of different speeds — text arrives in every pane, live figures show (TTFT near the
// scripted delay), stop keeps the partial text, and session, panes and runs come back
// after the workspace is closed and opened again.

#include <memory>

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/store/RunRepository.h"
#include "core/store/SessionRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/ScriptedServer.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/markdown/MarkdownView.h"
#include "widgets/playground/ComparisonRow.h"
#include "widgets/playground/PaneWidget.h"
#include "widgets/playground/PlaygroundView.h"
#include "widgets/playground/PromptEditor.h"
#include "widgets/playground/RunHistory.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using testsupport::ScriptedServer;
using testsupport::StreamScript;

namespace {

struct Speed {
    const char* id;
    int firstDelayMs;
    int interDelayMs;
    int pieces;
};

// fast: ~0.1 s, medium: ~0.4 s, slow: ~3 s (long enough to stop it mid-way).
constexpr Speed kSpeeds[] = {{"fast", 40, 4, 20}, {"medium", 120, 12, 25}, {"slow", 200, 40, 70}};

std::vector<std::string> piecesFor(const Speed& s)
{
    std::vector<std::string> pieces;
    for (int i = 0; i < s.pieces; ++i)
        pieces.push_back((i == 0 ? std::string(s.id) + " says" : std::string()) + " w" + std::to_string(i));
    return pieces;
}

QString joined(const std::vector<std::string>& pieces)
{
    std::string all;
    for (const auto& p : pieces)
        all += p;
    return QString::fromStdString(all);
}

// One workspace "session" of the app: the registry and bridge over an open workspace.
struct App {
    std::unique_ptr<store::Workspace> workspace;
    std::unique_ptr<ProviderRegistry> registry;
    std::unique_ptr<ChatRunBridge> bridge;
    std::unique_ptr<PlaygroundView> view;

    explicit App(const QString& path)
    {
        workspace = store::Workspace::open(path.toStdString());
        registry = std::make_unique<ProviderRegistry>(nullptr);
        registry->setRepositories(&workspace->providers(), &workspace->settings());
        bridge = std::make_unique<ChatRunBridge>();
        bridge->setRunRepository(&workspace->runs());
    }
    void showView()
    {
        view = std::make_unique<PlaygroundView>(registry.get(), bridge.get());
        view->setAutosaveDelayMs(50);
        view->setWorkspace(workspace.get());
        view->resize(1200, 700);
        view->show();
    }
    ~App()
    {
        // The order MainWindow uses: finish and record runs, then let go of the workspace.
        bridge->stopAllAndWait();
        view.reset();
        bridge.reset();
        registry.reset();
        workspace.reset();
    }
};

} // namespace

class TestPlayground : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void threePanesStreamStopAndReload();
    void sessionsRenameDuplicateDelete();
    void runWithoutMessageExplainsWhy();

private:
    QTemporaryDir m_dir;
    ScriptedServer m_servers[3];
};

void TestPlayground::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(m_servers[i].start(), "the scripted server could not bind 127.0.0.1");
        StreamScript script;
        script.pieces = piecesFor(kSpeeds[i]);
        script.firstDelayMs = kSpeeds[i].firstDelayMs;
        script.interDelayMs = kSpeeds[i].interDelayMs;
        script.model = std::string(kSpeeds[i].id) + "-model";
        m_servers[i].setDefault("/v1/chat/completions", ScriptedServer::openAiStream(script));
        m_servers[i].setModels({script.model});
    }
}

void TestPlayground::threePanesStreamStopAndReload()
{
    const QString path = m_dir.filePath(QStringLiteral("three.triad"));
    {
        App app(path);
        for (int i = 0; i < 3; ++i) {
            providers::ProviderConfig config;
            config.id = kSpeeds[i].id;
            config.displayName = QStringLiteral("Scripted %1").arg(kSpeeds[i].id).toStdString();
            config.kind = providers::ApiKind::OpenAiCompatible;
            config.baseUrl = m_servers[i].baseUrl();
            config.maxRetries = 0;
            const QString id = app.registry->addProvider(config);
            QCOMPARE(id, QString::fromLatin1(kSpeeds[i].id));
            app.registry->addManualModel(id, QStringLiteral("%1-model").arg(id));
        }
        app.showView();
        PlaygroundView& view = *app.view;
        QCOMPARE(view.paneCount(), 1);
        view.addPane();
        view.addPane();
        QCOMPARE(view.paneCount(), 3);
        for (int i = 0; i < 3; ++i)
            view.setPaneTarget(i, {kSpeeds[i].id, std::string(kSpeeds[i].id) + "-model"});
        view.promptEditor()->draftEditor()->setPlainText(QStringLiteral("Say hello"));
        QCOMPARE(QString::fromStdString(view.session().draft), QStringLiteral("Say hello"));

        view.runAll();
        QVERIFY(view.isRunning());
        QCOMPARE(app.bridge->activeRunCount(), 3);

        // Fast and medium finish; slow is still streaming: stop it mid-way.
        QTRY_VERIFY_WITH_TIMEOUT(!view.pane(0)->isRunning() && !view.pane(1)->isRunning(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(view.pane(2)->answerText().size() > 30, 10000);
        QVERIFY2(view.pane(2)->isRunning(), "the slow pane finished before it could be stopped");
        view.stopPane(2);
        QTRY_VERIFY_WITH_TIMEOUT(!view.pane(2)->isRunning(), 2000);
        QTRY_COMPARE_WITH_TIMEOUT(app.bridge->activeRunCount(), 0, 2000);

        for (int i = 0; i < 2; ++i) {
            PaneWidget* pane = view.pane(i);
            const QString expected = joined(piecesFor(kSpeeds[i]));
            QCOMPARE(pane->answerText(), expected);
            QVERIFY2(pane->answerView()->renderedText().contains(QStringLiteral("w3")),
                     qPrintable(QStringLiteral("pane %1 shows: ").arg(i + 1) + pane->answerView()->renderedText()));
            QVERIFY2(pane->statusText().isEmpty(),
                     qPrintable(QStringLiteral("pane %1 should show no error, shows: %2").arg(i + 1).arg(pane->statusText())));
            const metrics::RequestMetrics m = pane->figures().metrics;
            QVERIFY2(m.ttftMs.has_value(), "TTFT missing");
            const double scripted = kSpeeds[i].firstDelayMs;
            QVERIFY2(*m.ttftMs >= scripted - 5 && *m.ttftMs < scripted + 150,
                     qPrintable(QStringLiteral("pane %1: expected TTFT near %2 ms, got %3 ms")
                                    .arg(i + 1).arg(scripted).arg(*m.ttftMs)));
            QVERIFY(m.outputTokensPerSec.has_value());
            QCOMPARE(m.completionTokens.value_or(-1), int64_t(kSpeeds[i].pieces));
            const QString line = pane->metricsText();
            QVERIFY2(line.startsWith(QStringLiteral("TTFT ")) && line.contains(QStringLiteral(" ms"))
                         && line.contains(QStringLiteral("tok/s")) && line.contains(QStringLiteral("→")),
                     qPrintable(QStringLiteral("metrics line: ") + line));
            QVERIFY2(!line.startsWith(QStringLiteral("TTFT —")), qPrintable(line));
        }
        // No price for scripted models: cost is unknown, shown as —, never $0.
        QVERIFY2(view.pane(0)->metricsText().contains(QStringLiteral("· — ·")),
                 qPrintable(view.pane(0)->metricsText()));

        // The slow pane keeps its partial text and says it was stopped.
        PaneWidget* slow = view.pane(2);
        const QString slowFull = joined(piecesFor(kSpeeds[2]));
        QVERIFY(!slow->answerText().isEmpty());
        QVERIFY2(slow->answerText().size() < slowFull.size(),
                 "the slow pane has the whole answer although it was stopped");
        QVERIFY(slowFull.startsWith(slow->answerText()));
        QVERIFY2(slow->statusText().contains(QStringLiteral("Stopped")),
                 qPrintable(QStringLiteral("expected a 'Stopped' note, got: ") + slow->statusText()));

        // The comparison row names the fastest pane.
        QVERIFY(view.comparisonRow()->isVisible());
        QVERIFY2(view.comparisonRow()->text().contains(QStringLiteral("fast/fast-model")),
                 qPrintable(view.comparisonRow()->text()));

        // Three runs recorded for this session, the history lists them.
        const int64_t sessionId = view.session().id;
        QVERIFY(sessionId > 0);
        QCOMPARE(app.workspace->runs().countForSession(sessionId), int64_t(3));
        QTRY_COMPARE(view.history()->runCount(), 3);
        QVERIFY(view.saveNow());
    }

    // Reopen: the session, its three panes and their runs are back.
    {
        App app(path);
        app.showView();
        PlaygroundView& view = *app.view;
        QCOMPARE(view.paneCount(), 3);
        QCOMPARE(QString::fromStdString(view.session().draft), QStringLiteral("Say hello"));
        QCOMPARE(view.promptEditor()->draft(), QStringLiteral("Say hello"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(QString::fromStdString(view.pane(i)->target().label()),
                     QStringLiteral("%1/%1-model").arg(kSpeeds[i].id));
        }
        QCOMPARE(view.pane(0)->answerText(), joined(piecesFor(kSpeeds[0])));
        QCOMPARE(view.pane(1)->answerText(), joined(piecesFor(kSpeeds[1])));
        QVERIFY(!view.pane(2)->answerText().isEmpty());
        QVERIFY2(view.pane(2)->statusText().contains(QStringLiteral("Stopped")),
                 qPrintable(view.pane(2)->statusText()));
        QVERIFY(view.pane(0)->figures().metrics.ttftMs.has_value());
        QCOMPARE(view.history()->runCount(), 3);
        view.history()->selectRun(2);   // oldest of three
        QVERIFY(!view.history()->shownText().isEmpty());

        // And it still runs after reopening (providers came back from the workspace).
        view.runPane(0);
        QTRY_VERIFY_WITH_TIMEOUT(!view.pane(0)->isRunning(), 10000);
        QCOMPARE(view.pane(0)->answerText(), joined(piecesFor(kSpeeds[0])));
        QTRY_COMPARE(view.history()->runCount(), 4);
    }
}

void TestPlayground::sessionsRenameDuplicateDelete()
{
    const QString path = m_dir.filePath(QStringLiteral("sessions.triad"));
    {
        App app(path);
        app.showView();
        PlaygroundView& view = *app.view;
        const int64_t first = view.session().id;
        QVERIFY(first > 0);
        view.renameSessionTo(QStringLiteral("invoice extraction"));
        QCOMPARE(QString::fromStdString(app.workspace->sessions().load(first)->name),
                 QStringLiteral("invoice extraction"));
        view.promptEditor()->systemEditor()->setPlainText(QStringLiteral("You extract fields as JSON."));
        view.addPane();
        QVERIFY(view.saveNow());

        view.duplicateSession();
        QVERIFY(view.session().id != first);
        QCOMPARE(QString::fromStdString(view.session().name), QStringLiteral("invoice extraction (copy)"));
        QCOMPARE(view.paneCount(), 2);
        QCOMPARE(view.promptEditor()->systemPrompt(), QStringLiteral("You extract fields as JSON."));
        QCOMPARE(app.workspace->sessions().list().size(), size_t(2));

        const int64_t copy = view.session().id;
        view.deleteSessionNow();
        QVERIFY(!app.workspace->sessions().load(copy).has_value());
        QCOMPARE(view.session().id, first);

        // A model picked elsewhere (Providers view) fills the first pane without a model,
        // then opens new panes.
        QCOMPARE(view.useTarget({"p", "m1"}), 0);
        QCOMPARE(view.useTarget({"p", "m2"}), 1);
        QCOMPARE(view.useTarget({"p", "m3"}), 2);
        QCOMPARE(view.paneCount(), 3);
        QCOMPARE(QString::fromStdString(view.session().panes[2].target.model), QStringLiteral("m3"));

        view.newSession();
        QCOMPARE(app.workspace->sessions().list().size(), size_t(2));
        QCOMPARE(QString::fromStdString(view.session().name), QStringLiteral("Untitled session"));
        // Edits are saved by themselves (debounced), no explicit save.
        view.promptEditor()->draftEditor()->setPlainText(QStringLiteral("typed, not saved by hand"));
        const int64_t latest = view.session().id;
        QTRY_COMPARE(QString::fromStdString(app.workspace->sessions().load(latest)->draft),
                     QStringLiteral("typed, not saved by hand"));
    }
    App app(path);
    app.showView();
    QCOMPARE(QString::fromStdString(app.view->session().name), QStringLiteral("Untitled session"));
    QCOMPARE(app.view->promptEditor()->draft(), QStringLiteral("typed, not saved by hand"));
}

void TestPlayground::runWithoutMessageExplainsWhy()
{
    App app(m_dir.filePath(QStringLiteral("empty.triad")));
    app.showView();
    app.view->runAll();
    QCOMPARE(app.bridge->activeRunCount(), 0);
    QVERIFY2(app.view->pane(0)->statusText().contains(QStringLiteral("message")),
             qPrintable(app.view->pane(0)->statusText()));
}

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
