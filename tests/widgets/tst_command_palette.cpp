// Ctrl+K: typing a few letters finds a command, Enter runs it; menus are read live (disabled
// actions and separators left out, submenus walked); in the window it reaches menu commands,
// sessions and models.

#include "core/store/SessionRepository.h"
#include "core/store/Workspace.h"
#include "widgets/CommandPalette.h"
#include "widgets/MainWindow.h"
#include "widgets/playground/PlaygroundView.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace triad;
using namespace triad::widgets;

class TestCommandPalette : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void typingRanksAndEnterRuns()
    {
        CommandPalette palette;
        QString ran;
        palette.setCommands({{"Session: Rename session", "", [&] { ran = "rename"; }},
                             {"Session: New session", "Ctrl+N", [&] { ran = "new"; }},
                             {"Run: Run all panes", "Ctrl+Return", [&] { ran = "run"; }}});
        QCOMPARE(palette.visibleTitles().size(), 3);
        QTest::keyClicks(palette.queryEdit(), "ns");
        QCOMPARE(palette.visibleTitles().value(0), QStringLiteral("Session: New session"));
        QCOMPARE(palette.visibleTitles().value(1), QStringLiteral("Session: Rename session"));
        QTest::keyClick(palette.queryEdit(), Qt::Key_Down);
        QTest::keyClick(palette.queryEdit(), Qt::Key_Return);
        QCOMPARE(ran, QStringLiteral("rename"));

        palette.setCommands({{"Run: Run all panes", "", [&] { ran = "run"; }}});
        QTest::keyClicks(palette.queryEdit(), "zzz");
        QVERIFY(palette.visibleTitles().isEmpty());
        ran.clear();
        QTest::keyClick(palette.queryEdit(), Qt::Key_Return);
        QVERIFY2(ran.isEmpty(), "Enter with nothing listed ran something");
    }

    void menusAreReadLive()
    {
        QMenuBar bar;
        QMenu* file = bar.addMenu("&File");
        QAction* open = file->addAction("&Open workspace…");
        open->setShortcut(QKeySequence::Open);
        file->addSeparator();
        QAction* off = file->addAction("&Disabled");
        off->setEnabled(false);
        QMenu* recent = file->addMenu("&Recent");
        recent->addAction("a.triad");
        QAction* self = file->addAction("Command &palette…");
        const auto commands = CommandPalette::menuCommands(&bar, self);
        QStringList titles;
        for (const auto& c : commands)
            titles << c.title;
        QCOMPARE(titles, (QStringList{"File: Open workspace", "File: Recent › a.triad"}));
        QCOMPARE(commands[0].hint, QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText));
        bool triggered = false;
        connect(open, &QAction::triggered, this, [&] { triggered = true; });
        commands[0].run();
        QVERIFY(triggered);
    }

    void windowPaletteReachesViewsAndSessions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.triad");
        int64_t otherId = 0;
        {
            auto ws = store::Workspace::open(path.toStdString());
            playground::Session other;
            other.name = "Other session";
            other.panes.push_back({});
            ws->sessions().save(other);
            otherId = other.id;
        }
        MainWindow window(path);
        window.show();
        QAction* paletteAction = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_K))
                paletteAction = a;
        QVERIFY2(paletteAction, "no Ctrl+K action");

        auto typeAndEnter = [](const QString& text) {
            QTimer::singleShot(0, [text] {
                auto* palette = qobject_cast<CommandPalette*>(QApplication::activeModalWidget());
                QVERIFY2(palette, "the palette did not open");
                QTest::keyClicks(palette->queryEdit(), text);
                QTest::keyClick(palette->queryEdit(), Qt::Key_Return);
            });
        };
        typeAndEnter("view providers");
        paletteAction->trigger();
        auto* stack = window.findChild<QStackedWidget*>();
        QVERIFY(stack);
        QCOMPARE(stack->currentIndex(), 2);

        typeAndEnter("open session other");
        paletteAction->trigger();
        QCOMPARE(stack->currentIndex(), 0);
        QCOMPARE(window.playground()->session().id, otherId);
    }
};

QTEST_MAIN(TestCommandPalette)
#include "tst_command_palette.moc"
