// Triad follows the system language: with a German locale the translators that
// installTranslations() (the same call the app makes at start-up) installs turn the main
// window's menus, sidebar and status bar German, every menu keeps unique accelerators, and
// switching back to English restores the source strings.

#include <QAction>
#include <QKeySequence>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "widgets/MainWindow.h"
#include "widgets/StatusIndicator.h"
#include "widgets/i18n/Translations.h"

using namespace triad::widgets;

namespace {

const QLocale German(QLocale::German, QLocale::Germany);
const QLocale English(QLocale::English, QLocale::UnitedStates);

// Words German developers use as they are: a menu entry or sidebar entry may keep them.
const QSet<QString> SameInGerman{QStringLiteral("Playground"), QStringLiteral("&Playground")};

// What a person sees of the main window's menus: "Title" for each menu, "Title/Entry" for
// each entry, in order (separators left out).
QStringList menuTexts(const MainWindow& window)
{
    QStringList texts;
    for (QAction* menuAction : window.menuBar()->actions()) {
        texts << menuAction->text();
        if (!menuAction->menu())
            continue;
        for (QAction* entry : menuAction->menu()->actions())
            if (!entry->isSeparator())
                texts << menuAction->text() + QLatin1Char('/') + entry->text();
    }
    return texts;
}

QStringList sidebarTexts(const MainWindow& window)
{
    QStringList texts;
    auto* sidebar = window.findChild<QListWidget*>();
    for (int row = 0; sidebar && row < sidebar->count(); ++row)
        texts << sidebar->item(row)->text();
    return texts;
}

// The accelerator letter of "Arbeitsbereich ö&ffnen…" is 'f'; none for "&&" or no '&'.
QChar accelerator(const QString& text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] != QLatin1Char('&'))
            return text[i + 1].toLower();
        ++i;   // "&&" is a literal ampersand
    }
    return {};
}

// Lists every accelerator used twice in one menu (or twice among the menu titles).
QStringList acceleratorClashes(const QList<QAction*>& actions, const QString& where)
{
    QStringList clashes;
    QHash<QChar, QString> used;
    for (QAction* action : actions) {
        const QChar key = accelerator(action->text());
        if (key.isNull())
            continue;
        if (used.contains(key))
            clashes << QStringLiteral("%1: '%2' in \"%3\" and \"%4\"").arg(where, key, used[key], action->text());
        else
            used.insert(key, action->text());
    }
    return clashes;
}

} // namespace

class TestGermanUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void germanLocaleLoadsTriadTranslation();
    void mainWindowIsGerman();
    void everyMenuEntryIsTranslated();
    void acceleratorsAreUniquePerMenu_data();
    void acceleratorsAreUniquePerMenu();
    void qtsOwnStringsAreGerman();
    void englishIsTheSourceLanguage();

private:
    QTemporaryDir m_dir;
    QStringList m_englishMenus;
    QStringList m_englishSidebar;
};

void TestGermanUi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // The English texts come first, from a window built before any translator is installed.
    MainWindow window(m_dir.filePath(QStringLiteral("english.triad")));
    m_englishMenus = menuTexts(window);
    m_englishSidebar = sidebarTexts(window);
    QVERIFY2(!m_englishMenus.isEmpty() && !m_englishSidebar.isEmpty(), "the main window has no menus or sidebar");
}

void TestGermanUi::cleanupTestCase()
{
    QLocale::setDefault(QLocale::c());
    installTranslations(*QCoreApplication::instance(), QLocale::c());
}

void TestGermanUi::germanLocaleLoadsTriadTranslation()
{
    // As at start-up: the default locale is the system's, here set to German.
    QLocale::setDefault(German);
    const InstalledTranslations found = installTranslations(*QCoreApplication::instance(), QLocale());
    QVERIFY2(found.triad, "expected :/i18n/triad_de.qm to be compiled into triad_widgets and to load for de_DE");
    QCOMPARE(QCoreApplication::translate("triad::widgets::MainWindow", "&File"), QStringLiteral("&Datei"));
}

void TestGermanUi::mainWindowIsGerman()
{
    installTranslations(*QCoreApplication::instance(), German);
    MainWindow window(m_dir.filePath(QStringLiteral("deutsch.triad")));
    window.show();

    const QList<QAction*> menus = window.menuBar()->actions();
    QVERIFY2(menus.size() >= 5, qPrintable(QStringLiteral("expected at least 5 menus, got %1").arg(menus.size())));
    QCOMPARE(menus[0]->text(), QStringLiteral("&Datei"));
    QCOMPARE(menus[1]->text(), QStringLiteral("&Sitzung"));
    QCOMPARE(menus.last()->text(), QStringLiteral("&Hilfe"));
    QVERIFY2(menus[0]->menu()->actions().first()->text().contains(QStringLiteral("Arbeitsbereich")),
             qPrintable(QStringLiteral("expected the first File entry to name the Arbeitsbereich, got: ")
                        + menus[0]->menu()->actions().first()->text()));

    const QStringList sidebar = sidebarTexts(window);
    QVERIFY2(sidebar.contains(QStringLiteral("Provider")),
             qPrintable(QStringLiteral("expected a sidebar entry \"Provider\", got: ") + sidebar.join(QStringLiteral(", "))));
    QCOMPARE(window.windowTitle(), QStringLiteral("Triad — deutsch.triad"));
    QCOMPARE(window.statusIndicator()->runsText(), QStringLiteral("Bereit"));
}

void TestGermanUi::everyMenuEntryIsTranslated()
{
    installTranslations(*QCoreApplication::instance(), German);
    MainWindow window(m_dir.filePath(QStringLiteral("vergleich.triad")));
    const QStringList german = menuTexts(window) + sidebarTexts(window);
    const QStringList english = m_englishMenus + m_englishSidebar;
    QCOMPARE(german.size(), english.size());
    QStringList untranslated;
    for (int i = 0; i < english.size(); ++i) {
        const QString entry = english[i].section(QLatin1Char('/'), -1);
        if (german[i] == english[i] && !SameInGerman.contains(entry))
            untranslated << english[i];
    }
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(QStringLiteral("expected German texts, these are still English: ") + untranslated.join(QStringLiteral(" | "))));
}

void TestGermanUi::acceleratorsAreUniquePerMenu_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("de_DE") << German;
    QTest::newRow("en_US") << English;
}

void TestGermanUi::acceleratorsAreUniquePerMenu()
{
    QFETCH(QLocale, locale);
    installTranslations(*QCoreApplication::instance(), locale);
    MainWindow window(m_dir.filePath(QStringLiteral("tasten.triad")));
    QStringList clashes = acceleratorClashes(window.menuBar()->actions(), QStringLiteral("menu bar"));
    for (QAction* menuAction : window.menuBar()->actions())
        if (menuAction->menu())
            clashes << acceleratorClashes(menuAction->menu()->actions(), menuAction->text());
    QVERIFY2(clashes.isEmpty(), qPrintable(QStringLiteral("expected one entry per accelerator, got: ") + clashes.join(QStringLiteral("; "))));
}

void TestGermanUi::qtsOwnStringsAreGerman()
{
    const InstalledTranslations found = installTranslations(*QCoreApplication::instance(), German);
    if (!found.qt)
        QSKIP("Qt's German translation (qtbase_de.qm) is not installed in Qt's translations path");
    // Shortcuts in menus and the shortcuts overlay are shown with Qt's key names.
    const QString keys = QKeySequence(Qt::CTRL | Qt::Key_N).toString(QKeySequence::NativeText);
    QCOMPARE(keys, QStringLiteral("Strg+N"));
}

void TestGermanUi::englishIsTheSourceLanguage()
{
    installTranslations(*QCoreApplication::instance(), German);
    installTranslations(*QCoreApplication::instance(), English);   // replaces the German translators
    MainWindow window(m_dir.filePath(QStringLiteral("english-again.triad")));
    QCOMPARE(menuTexts(window), m_englishMenus);
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

QTEST_MAIN(TestGermanUi)
#include "tst_german_ui.moc"
