// `triad-cli train` end to end on a tiny model: the JSON-lines contract, the adapter it
// writes, argument errors, and SIGTERM (checkpoint written, clean exit, --resume finishes).

// TinyModel.h first: it includes GgufWriter.h, whose emit() Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "core/engine/GgufFile.h"
#include "tests/support/TestPaths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

using nlohmann::json;

namespace {

struct CliRun {
    int exitCode = -1;
    std::vector<json> lines;
    QByteArray err;
};

std::vector<json> parseLines(const QByteArray& out)
{
    std::vector<json> lines;
    for (const QByteArray& l : out.split('\n'))
        if (!l.trimmed().isEmpty())
            lines.push_back(json::parse(l.toStdString(), nullptr, false));
    return lines;
}

CliRun train(const QStringList& args)
{
    QProcess p;
    p.start(QString::fromStdString(triad::testsupport::cliPath()), QStringList{"train"} + args);
    CliRun r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.lines = parseLines(p.readAllStandardOutput());
    r.err = p.readAllStandardError();
    return r;
}

QByteArray describe(const CliRun& r)
{
    QByteArray s = "exit " + QByteArray::number(r.exitCode) + "\nstderr: " + r.err + "\nstdout:\n";
    for (const json& j : r.lines)
        s += QByteArray::fromStdString(j.dump()) + "\n";
    return s;
}

} // namespace

class TestTrainCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_data;

private slots:
    void initTestCase()
    {
        m_model = m_dir.filePath("tiny.gguf");
        triad::train::testing::TinyModelSpec spec;
        spec.dim = 32;
        spec.ffn = 64;
        triad::train::testing::writeTinyModel(m_model.toStdString(), spec);
        m_data = m_dir.filePath("data.jsonl");
        std::ofstream out(m_data.toStdString());
        for (char c = 'a'; c <= 'x'; ++c)
            out << "{\"messages\":[{\"role\":\"user\",\"content\":\"" << c
                << "\"},{\"role\":\"assistant\",\"content\":\"" << char(c + 1) << "\"}]}\n";
    }

    void trainsAndWritesAnAdapter()
    {
        const QString out = m_dir.filePath("adapter.gguf");
        const CliRun r = train({"--base", m_model, "--data", m_data, "--val-split", "0.2", "--method", "lora", "--rank", "4",
                                "--epochs", "2", "--batch", "4", "--lr", "0.01", "--seed", "3", "--threads", "2", "--out", out});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.lines.size() >= 3, describe(r).constData());
        const json& data = r.lines.front();
        QCOMPARE(data.value("event", ""), std::string("data"));
        QCOMPARE(data.value("examples", 0) + data.value("validation_examples", 0), 24);
        QCOMPARE(data.value("validation_examples", 0), 5);
        int steps = 0;
        bool sawValidation = false;
        for (const json& j : r.lines) {
            if (j.value("event", "") != "step")
                continue;
            ++steps;
            for (const char* key : {"step", "total_steps", "epoch", "loss", "val_loss", "lr", "tokens_per_s", "elapsed_s", "eta_s"})
                QVERIFY2(j.contains(key), qPrintable(QStringLiteral("step line without %1: %2").arg(key, QString::fromStdString(j.dump()))));
            sawValidation = sawValidation || j["val_loss"].is_number();
        }
        QCOMPARE(steps, data.value("total_steps", -1));
        QVERIFY2(sawValidation, "no step line carried a validation loss");
        QCOMPARE(r.lines.back().value("event", ""), std::string("done"));
        const auto adapter = triad::engine::GgufFile::open(out.toStdString());
        QCOMPARE(adapter->getString("adapter.type", ""), std::string("lora"));
        QVERIFY(adapter->findTensor("blk.1.attn_output.weight.lora_b"));
    }

    void rejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no method") << QStringList{"--base", "x", "--data", "y", "--out", "z"} << 2 << "--method is required";
        QTest::newRow("bad method") << QStringList{"--base", "x", "--data", "y", "--method", "qlora", "--out", "z"} << 2
                                    << "--method must be lora or full";
        QTest::newRow("bad rank") << QStringList{"--base", "x", "--data", "y", "--method", "lora", "--rank", "0", "--out", "z"}
                                  << 2 << "--rank must be";
        QTest::newRow("missing model") << QStringList{"--base", "/nonexistent.gguf", "--data", "y", "--method", "lora", "--out", "z"}
                                       << 1 << "/nonexistent.gguf";
    }

    void rejectsBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const CliRun r = train(args);
        QVERIFY2(r.exitCode == exitCode, describe(r).constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(message), describe(r).constData());
    }

    void sigtermWritesACheckpointAndResumeFinishes()
    {
        const QString out = m_dir.filePath("full.gguf"), ckpt = m_dir.filePath("full.ckpt");
        const QStringList args{"--base", m_model, "--data", m_data, "--method", "full", "--epochs", "2000", "--batch", "2",
                               "--threads", "1", "--checkpoint", ckpt, "--out", out};
        QProcess p;
        p.start(QString::fromStdString(triad::testsupport::cliPath()), QStringList{"train"} + args);
        QVERIFY(p.waitForStarted(10000));
        QByteArray seen;
        while (!seen.contains("\"event\":\"step\"") && p.waitForReadyRead(60000))
            seen += p.readAllStandardOutput();
        QVERIFY2(seen.contains("\"event\":\"step\""), seen.constData());
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        seen += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        const std::vector<json> lines = parseLines(seen);
        QCOMPARE(lines.back().value("event", ""), std::string("stopped"));
        const int stoppedAt = lines.back().value("step", 0);
        QVERIFY(QFile::exists(ckpt));

        // Resume with fewer epochs is refused: the checkpoint belongs to this exact run.
        QStringList shorter = args;
        shorter[shorter.indexOf("2000")] = "1";
        const CliRun refused = train(shorter + QStringList{"--resume", ckpt});
        QVERIFY2(refused.exitCode == 1 && refused.err.contains("steps"), describe(refused).constData());

        QProcess resumed;
        resumed.start(QString::fromStdString(triad::testsupport::cliPath()), QStringList{"train"} + args + QStringList{"--resume", ckpt});
        QVERIFY(resumed.waitForStarted(10000));
        QByteArray first;
        while (!first.contains("\"event\":\"step\"") && resumed.waitForReadyRead(60000))
            first += resumed.readAllStandardOutput();
        const std::vector<json> rl = parseLines(first.left(first.lastIndexOf('\n')));
        QVERIFY2(rl.size() >= 2, first.constData());
        QCOMPARE(rl[0].value("start_step", -1), stoppedAt);
        QCOMPARE(rl[1].value("step", -1), stoppedAt + 1);
        resumed.kill();
        resumed.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestTrainCli)
#include "tst_train_cli.moc"
