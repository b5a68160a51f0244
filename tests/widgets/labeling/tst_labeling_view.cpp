// The labeling view driven from the keyboard: a small file imported in the background (its
// bad line reported), then ten examples labeled with A, X, Space, 1–5, T, N, J/K, arrows and
// Ctrl+Z — keys typed into the tag and note fields must not act — and finally the workspace
// reopened from disk to check that every action was stored.

#include <fstream>
#include <memory>

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTableView>

#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/DatasetTask.h"
#include "widgets/labeling/ExampleEditor.h"
#include "widgets/labeling/ExampleListModel.h"
#include "widgets/labeling/ImportReportDialog.h"
#include "widgets/labeling/LabelingSession.h"
#include "widgets/labeling/LabelingView.h"
#include "widgets/labeling/MessageBubble.h"
#include "widgets/providers/ProviderRegistry.h"

using namespace triad;
using namespace triad::widgets;
using datasets::ExampleStatus;

class TestLabelingView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void keyboardFlowThroughTenExamples();
    void editingTurnsAndWeights();

private:
    struct App {
        std::unique_ptr<store::Workspace> workspace;
        std::unique_ptr<ProviderRegistry> registry;
        std::unique_ptr<ChatRunBridge> bridge;
        std::unique_ptr<LabelingView> view;
        explicit App(const QString& path)
        {
            workspace = store::Workspace::open(path.toStdString());
            registry = std::make_unique<ProviderRegistry>(nullptr);
            bridge = std::make_unique<ChatRunBridge>();
            view = std::make_unique<LabelingView>(registry.get(), bridge.get());
            view->setWorkspace(workspace.get());
            view->resize(1300, 800);
            view->show();
        }
        ~App()
        {
            bridge->stopAllAndWait();
            view.reset();
            bridge.reset();
            registry.reset();
            workspace.reset();
        }
    };

    QString writeFixture(const QString& name, int examples, bool withBadLine);
    void importInto(App& app, const QString& file, const QString& name, int expectedImported);
    /** Sends `key` where the person's keys go: the focused widget of the view. */
    void press(App& app, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier);
    QString currentUserText(App& app);

    QTemporaryDir m_dir;
};

void TestLabelingView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QString TestLabelingView::writeFixture(const QString& name, int examples, bool withBadLine)
{
    const QString path = m_dir.filePath(name);
    std::ofstream out(path.toStdString());
    for (int i = 1; i <= examples; ++i) {
        out << "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a support agent.\"},"
            << "{\"role\":\"user\",\"content\":\"question " << i << "\"},"
            << "{\"role\":\"assistant\",\"content\":\"answer " << i << "\"}]}\n";
        if (withBadLine && i == 3)
            out << "{\"messages\": not json}\n";
    }
    return path;
}

void TestLabelingView::importInto(App& app, const QString& file, const QString& name, int expectedImported)
{
    DatasetTask* task = app.view->startImport(file, name, {});
    QVERIFY(task);
    QSignalSpy done(task, &DatasetTask::finished);
    QVERIFY2(done.wait(20000), "the import did not finish within 20 s");
    QVERIFY2(task->result().ok, qPrintable(task->result().error));
    QCOMPARE(task->result().imported->imported, int64_t(expectedImported));
    QTRY_COMPARE(app.view->session()->counts().total(), qint64(expectedImported));
}

void TestLabelingView::press(App& app, Qt::Key key, Qt::KeyboardModifiers mods)
{
    QWidget* target = QApplication::focusWidget();
    QVERIFY2(target && (target == app.view.get() || app.view->isAncestorOf(target)),
             "the keyboard focus left the labeling view");
    QTest::keyClick(target, key, mods);
}

QString TestLabelingView::currentUserText(App& app)
{
    const auto ex = app.view->session()->current();
    return ex ? QString::fromStdString(ex->messages[1]["content"].get<std::string>()) : QString();
}

void TestLabelingView::keyboardFlowThroughTenExamples()
{
    const QString wsPath = m_dir.filePath(QStringLiteral("flow.triad"));
    const QString file = writeFixture(QStringLiteral("support.jsonl"), 12, true);
    std::vector<int64_t> ids;
    {
        App app(wsPath);
        QVERIFY(QTest::qWaitForWindowExposed(app.view.get()));
        app.view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(app.view.get()));
        importInto(app, file, QStringLiteral("support"), 12);

        // The bad line is reported with its number and reason.
        ImportReportDialog* report = app.view->lastImportReport();
        QVERIFY2(report, "no import report after an import with a bad line");
        QCOMPARE(report->table()->rowCount(), 1);
        QCOMPARE(report->table()->item(0, 0)->text(), QStringLiteral("4"));
        QVERIFY2(!report->table()->item(0, 1)->text().isEmpty(), "the bad line has no reason");
        report->close();
        app.view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(app.view.get()));
        app.view->exampleList()->setFocus();

        LabelingSession* s = app.view->session();
        datasets::DatasetRepository repo(*app.workspace);
        for (const auto& e : repo.page(s->datasetId(), {}, 0, 100).examples)
            ids.push_back(e.id);
        QCOMPARE(int(ids.size()), 12);
        QCOMPARE(s->currentId(), ids[0]);
        QCOMPARE(app.view->exampleList()->model()->rowCount(), 12);   // the list shows "pending"

        press(app, Qt::Key_A);                    // 1 accepted
        QCOMPARE(s->currentId(), ids[1]);
        QCOMPARE(currentUserText(app), QStringLiteral("question 2"));
        press(app, Qt::Key_X);                    // 2 rejected
        QCOMPARE(s->currentId(), ids[2]);
        press(app, Qt::Key_Space);                // 3 skipped
        QCOMPARE(s->currentId(), ids[3]);
        QCOMPARE(app.view->exampleList()->model()->rowCount(), 9);   // decided ones left the list

        // 4: rate, tag and note stay on the example; typing in the fields does not act.
        press(app, Qt::Key_4);
        QCOMPARE(s->currentId(), ids[3]);
        press(app, Qt::Key_T);
        QTRY_VERIFY(app.view->editor()->tagField()->hasFocus());
        QTest::keyClicks(app.view->editor()->tagField(), QStringLiteral("tax advice"));
        QTest::keyClick(app.view->editor()->tagField(), Qt::Key_Return);
        QCOMPARE(s->currentId(), ids[3]);
        press(app, Qt::Key_N);
        QTRY_VERIFY(app.view->editor()->noteField()->hasFocus());
        QTest::keyClicks(app.view->editor()->noteField(), QStringLiteral("check ax knee 12"));
        QTest::keyClick(app.view->editor()->noteField(), Qt::Key_Return);
        QCOMPARE(s->currentId(), ids[3]);
        QCOMPARE(s->counts().accepted, qint64(1));   // the 'a' and 'x' typed did not decide anything
        QVERIFY2(app.view->editor()->labelsLabel()->text().contains(QStringLiteral("tax advice")),
                 qPrintable(app.view->editor()->labelsLabel()->text()));
        press(app, Qt::Key_A);                    // 4 accepted
        QCOMPARE(s->currentId(), ids[4]);

        press(app, Qt::Key_X);                    // 5 rejected ...
        QCOMPARE(s->currentId(), ids[5]);
        press(app, Qt::Key_Z, Qt::ControlModifier);   // ... undone: back on 5, pending again
        QCOMPARE(s->currentId(), ids[4]);
        QCOMPARE(s->current()->status, ExampleStatus::Pending);
        QCOMPARE(s->counts().rejected, qint64(1));

        press(app, Qt::Key_J);                    // next / previous do not label
        QCOMPARE(s->currentId(), ids[5]);
        press(app, Qt::Key_K);
        QCOMPARE(s->currentId(), ids[4]);
        press(app, Qt::Key_Down);
        QCOMPARE(s->currentId(), ids[5]);
        press(app, Qt::Key_Up);
        QCOMPARE(s->currentId(), ids[4]);

        press(app, Qt::Key_5);
        press(app, Qt::Key_A);                    // 5 rated 5, accepted
        QCOMPARE(s->currentId(), ids[5]);
        press(app, Qt::Key_2);
        press(app, Qt::Key_A);                    // 6 rated 2, accepted
        press(app, Qt::Key_X);                    // 7 rejected
        press(app, Qt::Key_Space);                // 8 skipped
        press(app, Qt::Key_A);                    // 9 accepted
        press(app, Qt::Key_1);
        press(app, Qt::Key_X);                    // 10 rated 1, rejected
        QCOMPARE(s->currentId(), ids[10]);

        // Two more levels of undo and redo them by hand: many levels deep.
        press(app, Qt::Key_Z, Qt::ControlModifier);   // 10 back to pending
        QCOMPARE(s->currentId(), ids[9]);
        press(app, Qt::Key_Z, Qt::ControlModifier);   // its rating removed
        QCOMPARE(s->current()->rating.has_value(), false);
        press(app, Qt::Key_1);
        press(app, Qt::Key_X);

        const StatusCounts& c = s->counts();
        QCOMPARE(c.accepted, qint64(5));
        QCOMPARE(c.rejected, qint64(3));
        QCOMPARE(c.skipped, qint64(2));
        QCOMPARE(c.pending, qint64(2));
        QVERIFY2(app.view->countsLabel()->text().contains(QStringLiteral("accepted 5")),
                 qPrintable(app.view->countsLabel()->text()));
        QVERIFY2(app.view->paceLabel()->text().contains(QStringLiteral("/ hour")),
                 qPrintable(QStringLiteral("expected a pace per hour, got: ") + app.view->paceLabel()->text()));
        QCOMPARE(app.view->progressBar()->value(), 10 * 1000 / 12);
    }

    // Everything is on disk: reopen the file.
    auto ws = store::Workspace::open(wsPath.toStdString());
    datasets::DatasetRepository repo(*ws);
    struct Expect {
        ExampleStatus status;
        std::optional<int> rating;
    };
    const Expect expected[] = {{ExampleStatus::Accepted, {}}, {ExampleStatus::Rejected, {}},
                               {ExampleStatus::Skipped, {}},  {ExampleStatus::Accepted, 4},
                               {ExampleStatus::Accepted, 5},  {ExampleStatus::Accepted, 2},
                               {ExampleStatus::Rejected, {}}, {ExampleStatus::Skipped, {}},
                               {ExampleStatus::Accepted, {}}, {ExampleStatus::Rejected, 1},
                               {ExampleStatus::Pending, {}},  {ExampleStatus::Pending, {}}};
    for (size_t i = 0; i < 12; ++i) {
        const auto ex = repo.example(ids[i]);
        QVERIFY(ex);
        QVERIFY2(ex->status == expected[i].status,
                 qPrintable(QStringLiteral("example %1: expected %2, stored %3").arg(i + 1)
                                .arg(datasets::exampleStatusName(expected[i].status))
                                .arg(datasets::exampleStatusName(ex->status))));
        QVERIFY2(ex->rating == expected[i].rating,
                 qPrintable(QStringLiteral("example %1: expected rating %2, stored %3").arg(i + 1)
                                .arg(expected[i].rating.value_or(0)).arg(ex->rating.value_or(0))));
    }
    const auto fourth = repo.example(ids[3]);
    QCOMPARE(fourth->labels, std::vector<std::string>{"tax advice"});
    QCOMPARE(fourth->note, std::string("check ax knee 12"));
    QCOMPARE(repo.stats(repo.find("support")->id).rejectedLines, int64_t(1));
}

void TestLabelingView::editingTurnsAndWeights()
{
    const QString wsPath = m_dir.filePath(QStringLiteral("edit.triad"));
    App app(wsPath);
    QVERIFY(QTest::qWaitForWindowExposed(app.view.get()));
    importInto(app, writeFixture(QStringLiteral("edit.jsonl"), 2, false), QStringLiteral("edit"), 2);
    LabelingSession* s = app.view->session();
    ExampleEditor* editor = app.view->editor();
    const int64_t id = s->currentId();
    QCOMPARE(editor->bubbleCount(), 3);

    // Edit the answer in the highlighted editor; Ctrl+Enter saves.
    editor->editAnswer();
    MessageBubble* answer = editor->bubble(2);
    QVERIFY(answer->isEditing());
    answer->editor()->selectAll();
    QTest::keyClicks(answer->editor(), QStringLiteral("A better answer"));
    QTest::keyClick(answer->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!answer->isEditing());
    datasets::DatasetRepository repo(*app.workspace);
    QCOMPARE(repo.example(id)->messages[2]["content"].get<std::string>(), std::string("A better answer"));
    QCOMPARE(s->currentId(), id);

    // Weight 0 is stored and drawn dimmed; toggling again trains on it.
    emit answer->weightToggled(2);
    QCOMPARE(repo.example(id)->messages[2]["weight"].get<int>(), 0);
    QVERIFY(editor->bubble(2)->isDimmed());
    emit editor->bubble(2)->weightToggled(2);
    QCOMPARE(repo.example(id)->messages[2]["weight"].get<int>(), 1);

    // Reorder, add and remove turns.
    emit editor->bubble(1)->moveRequested(1, -1);
    QCOMPARE(repo.example(id)->messages[0]["role"].get<std::string>(), std::string("user"));
    emit editor->bubble(0)->moveRequested(0, 1);
    QCOMPARE(repo.example(id)->messages[0]["role"].get<std::string>(), std::string("system"));
    const int before = editor->bubbleCount();
    editor->addTurn();
    QCOMPARE(editor->bubbleCount(), before + 1);
    QVERIFY2(editor->bubble(before)->isEditing(), "a new turn should open its editor");
    QTest::keyClicks(editor->bubble(before)->editor(), QStringLiteral("and one more question"));
    QTest::keyClick(editor->bubble(before)->editor(), Qt::Key_Return, Qt::ControlModifier);
    auto stored = repo.example(id);
    QCOMPARE(stored->messages.size(), size_t(4));
    QCOMPARE(stored->messages[3]["role"].get<std::string>(), std::string("user"));
    QCOMPARE(stored->messages[3]["content"].get<std::string>(), std::string("and one more question"));
    emit editor->bubble(3)->removeRequested(3);
    QCOMPARE(repo.example(id)->messages.size(), size_t(3));
    // Every edit is one undoable action.
    QVERIFY(s->undo());
    QCOMPARE(repo.example(id)->messages.size(), size_t(4));
}

QTEST_MAIN(TestLabelingView)
#include "tst_labeling_view.moc"
