// Workspace: create, reopen, migrations, WAL, and the files it must refuse untouched.

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sqlite3.h>

#include "core/store/Migrations.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad::store;
namespace fs = std::filesystem;

namespace {

std::string readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/** Names and contents of every file in `dir`, so "unchanged" covers -wal/-shm too. */
std::map<std::string, std::string> snapshot(const std::string& dir)
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        files[entry.path().filename().string()] = readBytes(entry.path().string());
    return files;
}

QString names(const std::map<std::string, std::string>& files)
{
    QStringList out;
    for (const auto& [name, bytes] : files)
        out << QString::fromStdString(name) + QStringLiteral(" (%1 bytes)").arg(bytes.size());
    return out.join(QStringLiteral(", "));
}

/** Runs SQL on `path` with a plain sqlite3 connection, as another program would. */
void rawExec(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    QVERIFY2(rc == SQLITE_OK, err ? err : "sqlite3_exec failed");
    sqlite3_close(db);
}

int64_t rawInt(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

std::string schemaDump(sqlite3* db)
{
    std::string out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 3; ++c) {
            const unsigned char* t = sqlite3_column_text(st, c);
            out += t ? reinterpret_cast<const char*>(t) : "";
            out += '|';
        }
        out += '\n';
    }
    sqlite3_finalize(st);
    return out;
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private slots:
    void createsFileWithLatestSchema()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("new.triad").toStdString();
        auto ws = Workspace::open(path);
        QVERIFY2(fs::exists(path), "open() should have created the file");
        QCOMPARE(ws->schemaVersion(), latestSchemaVersion());
        QCOMPARE(QString::fromStdString(ws->journalMode()), QStringLiteral("wal"));
        QCOMPARE(readApplicationId(ws->handle(), path), kWorkspaceApplicationId);

        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(ws->handle(), "PRAGMA foreign_keys", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 1);
        sqlite3_finalize(st);

        const std::string schema = schemaDump(ws->handle());
        for (const char* table : {"sessions", "runs", "providers", "settings"})
            QVERIFY2(schema.find(std::string("table|") + table + "|") != std::string::npos,
                     qPrintable(QStringLiteral("table %1 missing from schema:\n%2")
                                    .arg(table, QString::fromStdString(schema))));
    }

    void walStaysOnAfterReopen()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.triad").toStdString();
        Workspace::open(path).reset();
        // WAL is persistent in the file header (bytes 18/19 == 2), not only per connection.
        const std::string bytes = readBytes(path);
        QVERIFY2(bytes.size() >= 100, "file too short to hold an SQLite header");
        QCOMPARE(int(bytes[18]), 2);
        QCOMPARE(int(bytes[19]), 2);
        QCOMPARE(rawInt(path, "PRAGMA user_version"), int64_t(latestSchemaVersion()));
    }

    void reopenKeepsDataAndVersion()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.triad").toStdString();
        {
            auto ws = Workspace::open(path);
            ws->settings().set("k", nlohmann::json{{"a", 1}});
        }
        for (int i = 0; i < 3; ++i) {
            auto ws = Workspace::open(path);
            QCOMPARE(ws->schemaVersion(), latestSchemaVersion());
            auto value = ws->settings().get("k");
            QVERIFY2(value.has_value(), "setting written before reopening is gone");
            QCOMPARE(QString::fromStdString(value->dump()), QStringLiteral("{\"a\":1}"));
        }
    }

    void migrationsAreIdempotent()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.triad").toStdString();
        auto ws = Workspace::open(path);
        const std::string before = schemaDump(ws->handle());
        migrateToLatest(ws->handle(), path);
        migrateToLatest(ws->handle(), path);
        QCOMPARE(QString::fromStdString(schemaDump(ws->handle())), QString::fromStdString(before));
        QCOMPARE(ws->schemaVersion(), latestSchemaVersion());
        ws.reset();
        auto again = Workspace::open(path);
        QCOMPARE(QString::fromStdString(schemaDump(again->handle())), QString::fromStdString(before));
    }

    void emptyFileBecomesWorkspace()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("empty.triad").toStdString();
        writeBytes(path, "");
        auto ws = Workspace::open(path);
        QCOMPARE(ws->schemaVersion(), latestSchemaVersion());
    }

    void newerVersionIsRefusedAndUntouched_data()
    {
        QTest::addColumn<QString>("journalMode");
        QTest::addColumn<int>("versionsAhead");
        QTest::newRow("wal, one ahead") << "wal" << 1;
        QTest::newRow("wal, far ahead") << "wal" << 40;
        QTest::newRow("rollback journal") << "delete" << 2;
    }

    void newerVersionIsRefusedAndUntouched()
    {
        QFETCH(QString, journalMode);
        QFETCH(int, versionsAhead);
        QTemporaryDir dir;
        const std::string path = dir.filePath("future.triad").toStdString();
        {
            auto ws = Workspace::open(path);
            ws->settings().set("kept", "as it was");
        }
        const int future = latestSchemaVersion() + versionsAhead;
        rawExec(path, "PRAGMA journal_mode = " + journalMode.toStdString() + "; PRAGMA user_version = "
                          + std::to_string(future) + "; CREATE TABLE from_the_future (x);");
        const auto before = snapshot(dir.path().toStdString());

        try {
            auto ws = Workspace::open(path);
            QFAIL(qPrintable(QStringLiteral("opening a version %1 file should have thrown, but it opened "
                                            "(schema version %2)").arg(future).arg(ws->schemaVersion())));
        } catch (const StoreError& e) {
            const QString message = QString::fromUtf8(e.what());
            QCOMPARE(e.kind(), StoreErrorKind::NewerVersion);
            QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable("no path in: " + message));
            QVERIFY2(message.contains(QString::number(future)), qPrintable("no file version in: " + message));
            QVERIFY2(message.contains(QString::number(latestSchemaVersion())),
                     qPrintable("no supported version in: " + message));
            QVERIFY2(message.contains(QStringLiteral("newer")), qPrintable("does not say newer: " + message));
        }
        const auto after = snapshot(dir.path().toStdString());
        QVERIFY2(before == after, qPrintable(QStringLiteral("files changed by a refused open.\nbefore: %1\nafter:  %2")
                                                 .arg(names(before), names(after))));
        QCOMPARE(rawInt(path, "PRAGMA user_version"), int64_t(future));
    }

    void newerVersionOnlyInWalIsRefused()
    {
        // A newer Triad still has the file open: its upgrade sits in the -wal, not yet in
        // the main file. Reading the main file alone would miss it.
        QTemporaryDir dir;
        const std::string path = dir.filePath("live.triad").toStdString();
        Workspace::open(path).reset();
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &other), SQLITE_OK);
        const int future = latestSchemaVersion() + 3;
        QCOMPARE(sqlite3_exec(other, ("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = "
                                      + std::to_string(future)).c_str(), nullptr, nullptr, nullptr),
                 SQLITE_OK);
        QVERIFY2(fs::exists(path + "-wal") && fs::file_size(path + "-wal") > 0,
                 "test set-up: the upgrade should sit in a non-empty -wal");
        const std::string mainBefore = readBytes(path);
        const std::string walBefore = readBytes(path + "-wal");
        try {
            auto ws = Workspace::open(path);
            QFAIL("a file upgraded by a newer Triad (in its WAL) was opened");
        } catch (const StoreError& e) {
            QVERIFY2(e.kind() == StoreErrorKind::NewerVersion, e.what());
        }
        QVERIFY2(readBytes(path) == mainBefore, "main file changed by a refused open");
        QVERIFY2(readBytes(path + "-wal") == walBefore, "-wal changed by a refused open");
        sqlite3_close(other);
    }

    void nonDatabaseIsRefusedWithClearText_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text") << QByteArray("This is my shopping list, not a database.\n");
        QTest::newRow("png header") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        QTest::newRow("few bytes") << QByteArray("SQLite");
        QTest::newRow("zeros") << QByteArray(4096, '\0');
        QByteArray damaged("SQLite format 3\0", 16);
        damaged.append(QByteArray(100, '\xff'));
        QTest::newRow("damaged header") << damaged;
    }

    void nonDatabaseIsRefusedWithClearText()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const std::string path = dir.filePath("notes.triad").toStdString();
        writeBytes(path, bytes.toStdString());
        try {
            auto ws = Workspace::open(path);
            QFAIL("a file that is not a database was opened as a workspace");
        } catch (const StoreError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(e.kind() == StoreErrorKind::NotADatabase,
                     qPrintable(QStringLiteral("expected not_a_database, got %1: %2")
                                    .arg(storeErrorKindName(e.kind()), message)));
            QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable("no path in: " + message));
            QVERIFY2(message.contains(QStringLiteral("not an SQLite database")),
                     qPrintable("unclear message: " + message));
        }
        QCOMPARE(readBytes(path), bytes.toStdString());
    }

    void otherProgramsDatabaseIsRefused()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("places.sqlite").toStdString();
        rawExec(path, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org');");
        const std::string before = readBytes(path);
        try {
            auto ws = Workspace::open(path);
            QFAIL("another program's database was opened as a workspace");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::NotAWorkspace);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a Triad workspace")), e.what());
        }
        QVERIFY2(readBytes(path) == before, "the other program's database was modified");
    }

    void missingFolderAndFolderPath()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("no/such/folder/w.triad").toStdString();
        try {
            Workspace::open(missing);
            QFAIL("opened a workspace in a folder that does not exist");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::CannotOpen);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("does not exist")), e.what());
        }
        QVERIFY(!fs::exists(missing));
        try {
            Workspace::open(dir.path().toStdString());
            QFAIL("opened a folder as a workspace");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::CannotOpen);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("folder")), e.what());
        }
    }

    void settingsRoundTrip()
    {
        QTemporaryDir dir;
        auto ws = Workspace::open(dir.filePath("settings.triad").toStdString());
        SettingsRepository& settings = ws->settings();
        QVERIFY(!settings.get(SettingsRepository::kLastSessionId).has_value());
        QCOMPARE(settings.value(SettingsRepository::kLastSessionId, 0).get<int>(), 0);
        settings.set(SettingsRepository::kLastSessionId, 42);
        settings.set(SettingsRepository::kPriceOverrides, {{"fireworks/llama", {{"input_per_mtok", 0.9}}}});
        settings.set(SettingsRepository::kLastSessionId, 43);   // replaces
        QCOMPARE(settings.value(SettingsRepository::kLastSessionId, 0).get<int>(), 43);
        QCOMPARE(settings.get(SettingsRepository::kPriceOverrides)->at("fireworks/llama").at("input_per_mtok").get<double>(), 0.9);
        QCOMPARE(settings.keys().size(), size_t(2));
        settings.remove(SettingsRepository::kLastSessionId);
        settings.remove("never-set");   // not an error
        QCOMPARE(settings.keys().size(), size_t(1));
        try {
            settings.set("", 1);
            QFAIL("an empty settings key was accepted");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::InvalidArgument);
        }
    }

    void twoConnectionsSeeEachOthersCommits()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("shared.triad").toStdString();
        auto a = Workspace::open(path);
        auto b = Workspace::open(path);
        a->settings().set("from_a", 1);
        QVERIFY2(b->settings().get("from_a").has_value(), "second connection does not see a commit");
        b->settings().set("from_b", 2);
        QCOMPARE(a->settings().value("from_b", 0).get<int>(), 2);
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
