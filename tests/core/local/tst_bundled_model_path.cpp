// Where the built-in model is looked up: TRIAD_BUNDLED_MODEL first (a missing file is an
// error naming it), then share/triad/models beside the running program.

#include "core/local/BundledModel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

class TestBundledModelPath : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { qunsetenv("TRIAD_BUNDLED_MODEL"); }

    void environmentVariableWins()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("mine.gguf");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("GGUF");
        f.close();
        qputenv("TRIAD_BUNDLED_MODEL", file.toUtf8());
        std::string why;
        const auto path = triad::local::bundledModelPath(&why);
        QVERIFY2(path.has_value(), why.c_str());
        QCOMPARE(QString::fromStdString(*path), file);
    }

    void missingEnvironmentFileIsNamed()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("gone.gguf");
        qputenv("TRIAD_BUNDLED_MODEL", file.toUtf8());
        std::string why;
        QVERIFY(!triad::local::bundledModelPath(&why).has_value());
        QVERIFY2(QString::fromStdString(why).contains(file), why.c_str());
    }

    void installedLayoutBesideTheProgram()
    {
        qunsetenv("TRIAD_BUNDLED_MODEL"); // ctest points it at a missing file for the other tests
        const std::string dir = triad::local::executableDir();
        QVERIFY2(!dir.empty(), "the running program's folder was not found");
        QCOMPARE(QString::fromStdString(dir), QCoreApplication::applicationDirPath());
        std::string why;
        if (const auto path = triad::local::bundledModelPath(&why)) {
            QVERIFY2(path->ends_with(std::string("/share/triad/models/") + triad::local::kBundledModelFile), path->c_str());
            QVERIFY(QFile::exists(QString::fromStdString(*path)));
        } else {
            QVERIFY2(QString::fromStdString(why).contains("share/triad/models/triad-mini.gguf"), why.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestBundledModelPath)
#include "tst_bundled_model_path.moc"
