// Candidates in the labeling view: G runs the example's prompt (without its answer) on two
// targets of an in-process provider side by side, through the same ChatRunBridge as the
// playground; one edited candidate becomes the answer, then two candidates are saved as a
// chosen/rejected preference pair — checked in the repository and in the preference export.

#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTableView>

#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/FakeProvider.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/CandidateColumn.h"
#include "widgets/labeling/CandidatesPanel.h"
#include "widgets/labeling/DatasetTask.h"
#include "widgets/labeling/LabelingSession.h"
#include "widgets/labeling/LabelingView.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using nlohmann::json;

class TestCandidates : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }
    void generatePickAndSavePair();

private:
    QTemporaryDir m_dir;
};

void TestCandidates::generatePickAndSavePair()
{
    auto workspace = store::Workspace::open(m_dir.filePath(QStringLiteral("cand.triad")).toStdString());
    ProviderRegistry registry(nullptr);
    ChatRunBridge bridge;
    std::mutex seenMutex;
    std::vector<providers::ChatRequest> seen;
    testsupport::FakeScript script;
    script.delayPerPieceMs = 2;
    script.answer = [&](const providers::ChatRequest& r) {
        std::lock_guard lock(seenMutex);
        seen.push_back(r);
        return "Answer of " + r.model + " to " + r.messages.back().content;
    };
    registry.registerProvider(std::make_shared<testsupport::FakeProvider>(script, "fake"),
                              {QStringLiteral("good"), QStringLiteral("bad")});

    const QString file = m_dir.filePath(QStringLiteral("one.jsonl"));
    {
        std::ofstream out(file.toStdString());
        const json line{{"messages", json::array({{{"role", "system"}, {"content", "Be kind."}},
                                                  {{"role", "user"}, {"content", "Where is my order?"}},
                                                  {{"role", "assistant"}, {"content", "Dunno."}}})}};
        out << line.dump() << "\n";
    }
    auto view = std::make_unique<LabelingView>(&registry, &bridge);
    view->setWorkspace(workspace.get());
    view->resize(1300, 800);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view.get()));
    DatasetTask* task = view->startImport(file, QStringLiteral("cand"), {});
    QSignalSpy done(task, &DatasetTask::finished);
    QVERIFY(done.wait(10000));
    QTRY_VERIFY(view->session()->currentId() > 0);
    const int64_t id = view->session()->currentId();

    CandidatesPanel* panel = view->candidates();
    QCOMPARE(panel->columnCount(), 2);
    panel->column(0)->setTarget({"fake", "good"});
    panel->column(1)->setTarget({"fake", "bad"});
    view->exampleList()->setFocus();
    QTest::keyClick(view->exampleList(), Qt::Key_G);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning() && bridge.activeRunCount() == 0, 10000);
    QCOMPARE(panel->column(0)->text(), QStringLiteral("Answer of good to Where is my order?"));
    QCOMPARE(panel->column(1)->text(), QStringLiteral("Answer of bad to Where is my order?"));
    QVERIFY2(panel->column(0)->metricsText().contains(QStringLiteral("ms")),
             qPrintable(QStringLiteral("candidate figures: ") + panel->column(0)->metricsText()));
    {
        std::lock_guard lock(seenMutex);
        QCOMPARE(int(seen.size()), 2);
        // The prompt: system prompt and the user turn, never the answer being replaced.
        QCOMPARE(seen[0].system, std::string("Be kind."));
        QCOMPARE(seen[0].messages.size(), size_t(1));
        QCOMPARE(seen[0].messages[0].role, std::string("user"));
    }

    // Edit the first candidate, then use it as the answer.
    QPlainTextEdit* edit = panel->column(0)->editor();
    QVERIFY2(!edit->isReadOnly(), "a finished candidate should be editable");
    edit->moveCursor(QTextCursor::End);
    QTest::keyClicks(edit, QStringLiteral(" It ships today."));
    emit panel->column(0)->useRequested();
    datasets::DatasetRepository repo(*workspace);
    auto ex = repo.example(id);
    QCOMPARE(ex->messages.size(), size_t(3));
    QCOMPARE(ex->messages[2]["content"].get<std::string>(),
             std::string("Answer of good to Where is my order? It ships today."));
    QCOMPARE(view->session()->currentId(), id);   // using an answer does not move on

    // Chosen and rejected: one of each, then save the pair.
    panel->column(0)->setChoice(CandidateColumn::Choice::Chosen);
    panel->column(1)->setChoice(CandidateColumn::Choice::Chosen);   // moves the mark
    QCOMPARE(panel->column(0)->choice(), CandidateColumn::Choice::None);
    panel->column(0)->setChoice(CandidateColumn::Choice::Rejected);
    QSignalSpy pairSpy(panel, &CandidatesPanel::savePairRequested);
    QPushButton* save = nullptr;
    for (QPushButton* b : panel->findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Save preference pair"))
            save = b;
    QVERIFY(save);
    QVERIFY2(save->isEnabled(), "Save pair should be enabled with a chosen and a rejected candidate");
    save->click();
    QCOMPARE(pairSpy.count(), 1);
    ex = repo.example(id);
    QVERIFY2(ex->isPreferencePair(), "the example did not become a preference pair");
    QCOMPARE(ex->messages.size(), size_t(2));   // the prompt
    QCOMPARE(ex->preferredOutput[0]["content"].get<std::string>(), std::string("Answer of bad to Where is my order?"));
    QCOMPARE(ex->nonPreferredOutput[0]["content"].get<std::string>(),
             std::string("Answer of good to Where is my order? It ships today."));

    std::ostringstream out;
    datasets::ExportOptions opt;
    opt.format = datasets::ExportFormat::Preference;
    opt.status = std::nullopt;
    QCOMPARE(datasets::DatasetExporter(*workspace).exportStream(view->session()->datasetId(), out, opt).written,
             int64_t(1));
    const json line = json::parse(out.str());
    QCOMPARE(line["input"]["messages"].size(), size_t(2));
    QCOMPARE(line["preferred_output"][0]["role"].get<std::string>(), std::string("assistant"));

    // Undo takes the pair back; the prompt is the same, so the candidates stay to pick again.
    QVERIFY(view->session()->undo());
    QVERIFY(!repo.example(id)->isPreferencePair());
    QCOMPARE(panel->column(1)->text(), QStringLiteral("Answer of bad to Where is my order?"));
    bridge.stopAllAndWait();
    view.reset();
}

QTEST_MAIN(TestCandidates)
#include "tst_candidates.moc"
