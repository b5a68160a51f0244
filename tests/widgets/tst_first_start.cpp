// The first opening of a workspace: the built-in model (here a tiny synthesized stand-in
// named triad-mini.gguf, found through TRIAD_BUNDLED_MODEL) is catalogued and loaded, and the
// Welcome session compares it in two panes with a prompt ready — which runs. Later openings
// change nothing; an older workspace keeps its sessions; a missing model is not an error.

#include "core/store/SessionRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/TestPaths.h"
#include "widgets/FirstStart.h"
#include "widgets/MainWindow.h"
#include "widgets/models/LocalModelController.h"
#include "widgets/playground/PaneWidget.h"
#include "widgets/playground/PlaygroundView.h"
#include "widgets/providers/ProviderRegistry.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace triad;
using namespace triad::widgets;

namespace {

constexpr int kTimeoutMs = 30000;

bool hasLocalTarget(ProviderRegistry& registry, const QString& model)
{
    for (const ProviderTarget& t : registry.targets())
        if (t.providerId == QLatin1String(kLocalProviderId) && t.models.contains(model))
            return true;
    return false;
}

} // namespace

class TestFirstStart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(QStringLiteral("triad-mini.gguf"));
        QProcess p;
        p.start(QString::fromStdString(testsupport::cliPath()),
                {"model", "synth", "--arch", "llama", "--dim", "64", "--layers", "1", "--heads", "2", "--kv-heads", "1",
                 "--ffn", "64", "--vocab", "300", "--type", "Q8_0", "--out", m_model});
        QVERIFY2(p.waitForFinished(60000) && p.exitCode() == 0, p.readAllStandardError().constData());
        qputenv("TRIAD_BUNDLED_MODEL", m_model.toUtf8());
    }

    void freshWorkspaceOpensWelcomeComparison()
    {
        const QString path = m_dir.filePath(QStringLiteral("fresh.triad"));
        {
            MainWindow window(path);
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(hasLocalTarget(*window.registry(), QLatin1String(kBundledModelId)), kTimeoutMs);
            PlaygroundView* view = window.playground();
            QCOMPARE(view->paneCount(), 2);
            const playground::Session& s = view->session();
            QCOMPARE(QString::fromStdString(s.name), QStringLiteral("Welcome"));
            QVERIFY2(!s.draft.empty(), "no prompt ready to run");
            for (const playground::PaneConfig& pane : s.panes)
                QCOMPARE(pane.target, (playground::Target{kLocalProviderId, kBundledModelId}));
            QCOMPARE(s.panes[0].params.temperature.value_or(-1.0), 0.0);
            QVERIFY(!s.panes[1].sameParamsAsFirst);
            QVERIFY(s.panes[1].params.temperature.value_or(0.0) > 0.5);

            view->runAll();
            QTRY_VERIFY_WITH_TIMEOUT(!view->pane(0)->isRunning() && !view->pane(1)->isRunning(), kTimeoutMs);
            for (int i = 0; i < 2; ++i)
                QVERIFY2(!view->pane(i)->answerText().isEmpty(),
                         qPrintable(QString("pane %1 gave no answer: %2").arg(i).arg(view->pane(i)->statusText())));
        }
        // Opened again: nothing is added twice.
        {
            MainWindow window(path);
            QTRY_VERIFY_WITH_TIMEOUT(hasLocalTarget(*window.registry(), QLatin1String(kBundledModelId)), kTimeoutMs);
            QCOMPARE(QString::fromStdString(window.playground()->session().name), QStringLiteral("Welcome"));
        }
        auto ws = store::Workspace::open(path.toStdString());
        QCOMPARE(int(ws->sessions().list().size()), 1);
        QCOMPARE(int(ws->settings().value(LocalModelController::kCatalogueKey, nlohmann::json::array()).size()), 1);
    }

    void olderWorkspaceKeepsItsSessions()
    {
        const QString path = m_dir.filePath(QStringLiteral("older.triad"));
        {
            auto ws = store::Workspace::open(path.toStdString());
            playground::Session mine;
            mine.name = "Mine";
            mine.panes.push_back({});
            ws->sessions().save(mine);
            QVERIFY(prepareFirstStart(*ws));
            QCOMPARE(int(ws->sessions().list().size()), 1);
            const auto catalogue = ws->settings().value(LocalModelController::kCatalogueKey, nlohmann::json::array());
            QCOMPARE(int(catalogue.size()), 1);
            QCOMPARE(QString::fromStdString(catalogue[0]["path"].get<std::string>()), m_model);
            QCOMPARE(catalogue[0]["load_on_start"].get<bool>(), false);
        }
    }

    void missingModelIsNotAnError()
    {
        const QByteArray saved = qgetenv("TRIAD_BUNDLED_MODEL");
        qputenv("TRIAD_BUNDLED_MODEL", m_dir.filePath(QStringLiteral("gone.gguf")).toUtf8());
        const QString path = m_dir.filePath(QStringLiteral("nomodel.triad"));
        {
            auto ws = store::Workspace::open(path.toStdString());
            QVERIFY(!prepareFirstStart(*ws));
            QVERIFY(ws->sessions().list().empty());
            QVERIFY(ws->settings().value(kFirstStartDoneKey, false).get<bool>());
        }
        {
            MainWindow window(path);
            QCOMPARE(window.playground()->paneCount(), 1);
        }
        qputenv("TRIAD_BUNDLED_MODEL", saved);
    }

private:
    QTemporaryDir m_dir;
    QString m_model;
};

QTEST_MAIN(TestFirstStart)
#include "tst_first_start.moc"
