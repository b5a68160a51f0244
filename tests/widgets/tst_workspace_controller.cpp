// WorkspaceController: opens (creating) a workspace, refuses one written by a newer Triad
// without touching it and keeps the current one open; MainWindow shows the workspace in its
// title and only the views that work.

#include <QCryptographicHash>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "core/store/Workspace.h"
#include "widgets/MainWindow.h"
#include "widgets/ShortcutsOverlay.h"
#include "widgets/StatusIndicator.h"
#include "widgets/WorkspaceController.h"
#include "widgets/playground/PlaygroundView.h"

using namespace triad;
using namespace triad::widgets;

namespace {

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// A valid workspace whose schema version claims to come from the future.
void makeNewerWorkspace(const QString& path)
{
    store::Workspace::open(path.toStdString()).reset();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 999;", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

class TestWorkspaceController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensAndCreates();
    void refusesNewerWorkspaceUntouched();
    void refusesForeignFile();
    void mainWindowShowsWorkspaceAndViews();

private:
    QTemporaryDir m_dir;
};

void TestWorkspaceController::opensAndCreates()
{
    WorkspaceController controller;
    QSignalSpy opened(&controller, &WorkspaceController::opened);
    const QString path = m_dir.filePath(QStringLiteral("new.triad"));
    QVERIFY2(controller.open(path), qPrintable(controller.lastError()));
    QCOMPARE(opened.count(), 1);
    QVERIFY(QFile::exists(path));
    QCOMPARE(controller.displayName(), QStringLiteral("new.triad"));
    QVERIFY(controller.workspace() != nullptr);
    QVERIFY(WorkspaceController::defaultPath().endsWith(QStringLiteral("/default.triad")));
}

void TestWorkspaceController::refusesNewerWorkspaceUntouched()
{
    const QString newer = m_dir.filePath(QStringLiteral("future.triad"));
    makeNewerWorkspace(newer);
    const QByteArray before = fileHash(newer);
    QVERIFY(!before.isEmpty());

    WorkspaceController controller;
    QVERIFY(controller.open(m_dir.filePath(QStringLiteral("current.triad"))));
    store::Workspace* current = controller.workspace();
    QSignalSpy failed(&controller, &WorkspaceController::openFailed);
    QSignalSpy closing(&controller, &WorkspaceController::aboutToClose);
    QVERIFY(!controller.open(newer));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(controller.lastError().contains(QStringLiteral("newer version of Triad")),
             qPrintable(QStringLiteral("expected the message to say a newer Triad wrote it, got: ") + controller.lastError()));
    QVERIFY2(controller.lastError().contains(QStringLiteral("future.triad")), qPrintable(controller.lastError()));
    QCOMPARE(closing.count(), 0);   // the open workspace stays open
    QCOMPARE(controller.workspace(), current);
    QCOMPARE(fileHash(newer), before);
    QVERIFY(!QFile::exists(newer + QStringLiteral("-wal")));
}

void TestWorkspaceController::refusesForeignFile()
{
    const QString text = m_dir.filePath(QStringLiteral("notes.triad"));
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some notes, not a database\n");
    }
    const QByteArray before = fileHash(text);
    WorkspaceController controller;
    QVERIFY(!controller.open(text));
    QVERIFY2(controller.lastError().contains(QStringLiteral("not a Triad workspace")), qPrintable(controller.lastError()));
    QCOMPARE(fileHash(text), before);
    QVERIFY(controller.workspace() == nullptr);
}

void TestWorkspaceController::mainWindowShowsWorkspaceAndViews()
{
    const QString path = m_dir.filePath(QStringLiteral("window.triad"));
    MainWindow window(path);
    window.show();
    QCOMPARE(window.windowTitle(), QStringLiteral("Triad — window.triad"));
    auto* sidebar = window.findChild<QListWidget*>();
    QVERIFY(sidebar);
    QCOMPARE(sidebar->count(), 4);   // Playground, Models, Providers and Labeling: only views that work
    QCOMPARE(sidebar->item(3)->text(), QStringLiteral("Labeling"));
    QVERIFY(window.playground()->isEnabled());
    QVERIFY(window.playground()->session().id > 0);
    QCOMPARE(window.statusIndicator()->runsText(), QStringLiteral("Idle"));
    ShortcutsOverlay* overlay = window.shortcutsOverlay();
    QVERIFY2(overlay->rowCount() >= 8, qPrintable(QStringLiteral("only %1 shortcuts listed").arg(overlay->rowCount())));

    // A newer workspace is refused and the window keeps the one it had.
    const QString newer = m_dir.filePath(QStringLiteral("future2.triad"));
    makeNewerWorkspace(newer);
    window.workspaces()->setDialogParent(nullptr);   // no modal dialog in a test
    QVERIFY(!window.workspaces()->open(newer));
    QCOMPARE(window.windowTitle(), QStringLiteral("Triad — window.triad"));
    QVERIFY(window.playground()->isEnabled());
}

QTEST_MAIN(TestWorkspaceController)
#include "tst_workspace_controller.moc"
