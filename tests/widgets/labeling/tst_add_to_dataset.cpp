// "Add to dataset" from a playground pane: the pane's conversation (system prompt, earlier
// turns, the user message it was sent) and its answer become one pending example in the
// chosen dataset, with where it came from in the metadata; adding it twice keeps one copy,
// and a pane without an answer says so instead of adding anything.

#include <memory>

#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/FakeProvider.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/playground/PaneWidget.h"
#include "widgets/playground/PlaygroundView.h"
#include "widgets/playground/PromptEditor.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using nlohmann::json;

class TestAddToDataset : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void paneConversationBecomesAnExample();

private:
    QTemporaryDir m_dir;
};

void TestAddToDataset::paneConversationBecomesAnExample()
{
    auto workspace = store::Workspace::open(m_dir.filePath(QStringLiteral("add.triad")).toStdString());
    ProviderRegistry registry(nullptr);
    registry.setRepositories(&workspace->providers(), &workspace->settings());
    ChatRunBridge bridge;
    bridge.setRunRepository(&workspace->runs());
    testsupport::FakeScript script;
    script.answer = [](const providers::ChatRequest& r) { return "Reply to " + r.messages.back().content; };
    registry.registerProvider(std::make_shared<testsupport::FakeProvider>(script, "fake"), {QStringLiteral("m1")});
    {
        PlaygroundView view(&registry, &bridge);
        view.setAutosaveDelayMs(20);
        view.setWorkspace(workspace.get());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.addPane();
        view.setPaneTarget(0, {"fake", "m1"});
        view.setPaneTarget(1, {"fake", "m1"});

        // Nothing to add before a run.
        QVERIFY(!view.addToDataset(0, QStringLiteral("from-playground")));
        QVERIFY2(view.pane(0)->statusText().contains(QStringLiteral("no answer")),
                 qPrintable(view.pane(0)->statusText()));

        view.promptEditor()->systemEditor()->setPlainText(QStringLiteral("Answer briefly."));
        view.promptEditor()->draftEditor()->setPlainText(QStringLiteral("First question"));
        view.runAll();
        QTRY_VERIFY_WITH_TIMEOUT(!view.isRunning() && bridge.activeRunCount() == 0, 10000);
        view.continueWith(0);   // the first answer becomes part of the conversation
        view.promptEditor()->draftEditor()->setPlainText(QStringLiteral("Second question"));
        view.runAll();
        QTRY_VERIFY_WITH_TIMEOUT(!view.isRunning() && bridge.activeRunCount() == 0, 10000);
        QCOMPARE(view.pane(1)->answerText(), QStringLiteral("Reply to Second question"));

        QVERIFY(view.addToDataset(1, QStringLiteral("from-playground")));
        QVERIFY2(view.pane(1)->statusText().contains(QStringLiteral("from-playground")),
                 qPrintable(view.pane(1)->statusText()));
        QVERIFY2(!view.addToDataset(1, QStringLiteral("from-playground")), "the same conversation was added twice");
        QVERIFY2(view.pane(1)->statusText().contains(QStringLiteral("Already")), qPrintable(view.pane(1)->statusText()));
        bridge.stopAllAndWait();
    }

    datasets::DatasetRepository repo(*workspace);
    const auto info = repo.find("from-playground");
    QVERIFY2(info, "the dataset was not created");
    QCOMPARE(info->exampleCount, int64_t(1));
    const auto page = repo.page(info->id, {}, 0, 10);
    const datasets::Example& ex = page.examples.at(0);
    const json expected = json::array({{{"role", "system"}, {"content", "Answer briefly."}},
                                       {{"role", "user"}, {"content", "First question"}},
                                       {{"role", "assistant"}, {"content", "Reply to First question"}},
                                       {{"role", "user"}, {"content", "Second question"}},
                                       {{"role", "assistant"}, {"content", "Reply to Second question"}}});
    QVERIFY2(ex.messages == expected, qPrintable(QString::fromStdString("stored: " + ex.messages.dump())));
    QCOMPARE(ex.status, datasets::ExampleStatus::Pending);
    QCOMPARE(ex.metadata.value("source", std::string()), std::string("playground"));
    QCOMPARE(ex.metadata.value("target", std::string()), std::string("fake/m1"));
}

QTEST_MAIN(TestAddToDataset)
#include "tst_add_to_dataset.moc"
