// The command-line contract of `triad-cli dataset`: import prints a JSON summary
// (imported, rejected with line numbers, duplicates), export honours --status and --format,
// stats --json prints counts and the histogram. Runs the real triad-cli binary.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/TestPaths.h"

using nlohmann::json;

class TestDatasetCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.path() + "/" + name; }

    /** Runs triad-cli; returns stdout parsed as JSON (null when not JSON). */
    json cli(const QStringList& args, int expectedExit = 0)
    {
        QProcess p;
        p.start(QString::fromStdString(triad::testsupport::cliPath()), QStringList{"dataset"} + args);
        if (!p.waitForFinished(60000))
            qFatal("triad-cli dataset did not finish within 60 s");
        const QByteArray out = p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        if (p.exitCode() != expectedExit)
            qWarning("triad-cli %s: expected exit %d, got %d; stderr: %s", qPrintable(args.join(' ')), expectedExit,
                     p.exitCode(), err.constData());
        m_lastExit = p.exitCode();
        m_lastErr = QString::fromUtf8(err);
        return json::parse(out.toStdString(), nullptr, false);
    }

    int m_lastExit = 0;
    QString m_lastErr;

private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(QString::fromStdString(triad::testsupport::cliPath())))
            QSKIP("triad-cli is not built");
    }

    void importExportStats()
    {
        const QString ws = path("cli.triad");
        {
            std::ofstream in(path("in.jsonl").toStdString(), std::ios::binary);
            in << "{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße \\\"x\\\"\"},{\"role\":\"assistant\",\"content\":\"ok\",\"weight\":1}],\"metadata\":{\"k\":[1,{\"n\":null}]}}\n"
               << "garbage\n"
               << "{\"prompt\":\"p\",\"completion\":\"c\"}\n"
               << "{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße \\\"x\\\"\"},{\"role\":\"assistant\",\"content\":\"ok\",\"weight\":1}]}\n"
               << "{\"messages\":[]}\n"
               << "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"g\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}]}\n";
        }
        json summary = cli({"import", "--workspace", ws, "--name", "d", path("in.jsonl")});
        QCOMPARE(m_lastExit, 0);
        QVERIFY2(summary.is_object(), "import must print one JSON object");
        QCOMPARE(summary["imported"].get<int>(), 3);
        QCOMPARE(summary["duplicates"].get<int>(), 1);
        QCOMPARE(summary["rejected"].get<int>(), 2);
        QCOMPARE(summary["rejected_lines"].size(), size_t(2));
        QCOMPARE(summary["rejected_lines"][0]["line"].get<int>(), 2);
        QCOMPARE(summary["rejected_lines"][1]["line"].get<int>(), 5);
        QVERIFY(summary["rejected_lines"][1]["reason"].get<std::string>().find("empty") != std::string::npos);

        // Default export: accepted only -> nothing yet.
        json e = cli({"export", "--workspace", ws, "--name", "d", path("acc.jsonl")});
        QCOMPARE(e["written"].get<int>(), 0);
        e = cli({"export", "--workspace", ws, "--name", "d", "--status", "all", path("all.jsonl")});
        QCOMPARE(e["written"].get<int>(), 3);
        std::ifstream all(path("all.jsonl").toStdString());
        std::string first;
        std::getline(all, first);
        json expected = json::parse("{\"messages\":[{\"role\":\"user\",\"content\":\"Grüße \\\"x\\\"\"},{\"role\":\"assistant\",\"content\":\"ok\",\"weight\":1}],\"metadata\":{\"k\":[1,{\"n\":null}]}}");
        QVERIFY2(json::parse(first) == expected, qPrintable(QString::fromStdString("got " + first)));

        e = cli({"export", "--workspace", ws, "--name", "d", "--status", "all", "--format", "preference", path("p.jsonl")});
        QCOMPARE(e["written"].get<int>(), 1);
        QCOMPARE(e["skipped"].get<int>(), 2);

        json stats = cli({"stats", "--workspace", ws, "--name", "d", "--json"});
        QCOMPARE(stats["examples"].get<int>(), 3);
        QCOMPARE(stats["by_status"]["pending"].get<int>(), 3);
        QCOMPARE(stats["by_status"]["accepted"].get<int>(), 0);
        QCOMPARE(stats["rejected_lines"].get<int>(), 2);
        QVERIFY(stats["token_histogram"].is_array() && !stats["token_histogram"].empty());
        QVERIFY(stats["by_label"].is_object());
    }

    void errorsNameTheThing()
    {
        cli({"export", "--workspace", path("cli.triad"), "--name", "missing", path("x.jsonl")}, 1);
        QCOMPARE(m_lastExit, 1);
        QVERIFY2(m_lastErr.contains("missing"), qPrintable("stderr should name the dataset, got: " + m_lastErr));
        cli({"import", "--workspace", path("cli.triad"), "--name", "d", path("nope.jsonl")}, 1);
        QCOMPARE(m_lastExit, 1);
        QVERIFY2(m_lastErr.contains("nope.jsonl"), qPrintable("stderr should name the file, got: " + m_lastErr));
        cli({"export", "--workspace", path("cli.triad"), "--name", "d", "--status", "maybe", path("x.jsonl")}, 2);
        QCOMPARE(m_lastExit, 2);
    }
};

QTEST_GUILESS_MAIN(TestDatasetCli)
#include "tst_dataset_cli.moc"
