// End to end of `triad-cli bundled-model build` on a tiny shape with a few steps: the file
// it writes loads in the engine, speaks ChatML (<|im_start|>/<|im_end|> control tokens,
// <|im_end|> ends generation) and chats; `eval --json` reports every task. Not accuracy.

#include "core/engine/Generator.h"
#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Transformer.h"
#include "core/engine/Vocab.h"
#include "core/train/corpus/BundledModelBuilder.h"
#include "core/train/corpus/BundledModelEvaluator.h"
#include "core/train/corpus/CorpusExample.h"
#include "core/train/corpus/CorpusGenerator.h"
#include "tests/support/TestPaths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run triadCli(const QStringList& args)
{
    QProcess p;
    p.start(QString::fromStdString(triad::testsupport::cliPath()), args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not finish in 60 s";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run cli(const QStringList& args)
{
    return triadCli(QStringList{"bundled-model"} + args);
}

} // namespace

class TestBundledBuild : public QObject {
    Q_OBJECT

private slots:
    void tinyBuildLoadsAndChats()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("tiny.gguf");
        const Run build = cli({"build", "--out", out, "--steps", "3", "--batch", "4", "--dim", "64", "--layers", "1",
                               "--heads", "2", "--kv-heads", "1", "--ffn", "64", "--merges", "60", "--threads", "1",
                               "--type", "Q8_0"});
        QVERIFY2(build.exitCode == 0, qPrintable("build exit " + QString::number(build.exitCode) + ": " + build.err));
        // One JSON object a line: vocab, corpus, init, three steps, done.
        QStringList events;
        for (const QByteArray& line : build.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
            QVERIFY2(!j.is_discarded(), qPrintable("not JSON: " + line));
            events << QString::fromStdString(j.value("event", ""));
        }
        QCOMPARE(events, (QStringList{"vocab", "corpus", "init", "step", "step", "step", "done"}));
        QVERIFY2(!QFile::exists(out + ".init.gguf"), "the temporary initial model was left behind");

        const auto model = triad::engine::Model::load(out.toStdString());
        const triad::engine::Vocab& vocab = model->vocab();
        const auto imStart = vocab.find("<|im_start|>"), imEnd = vocab.find("<|im_end|>");
        QVERIFY2(vocab.isValid(imStart) && vocab.isValid(imEnd), "ChatML control tokens missing");
        QVERIFY2(vocab.isEndOfGeneration(imEnd), "<|im_end|> does not end generation");
        QCOMPARE(vocab.eot(), imEnd);
        QVERIFY2(model->info().quantization.find("Q8_0") != std::string::npos,
                 qPrintable(QString("quantization %1, expected Q8_0").arg(model->info().quantization.c_str())));

        QVERIFY2(!model->chatTemplate().isFallback(), model->chatTemplate().note().c_str());
        const std::string prompt = model->chatTemplate().render({{"user", "What is 2 plus 3?"}}, true);
        QCOMPARE(prompt, std::string("<|im_start|>user\nWhat is 2 plus 3?<|im_end|>\n<|im_start|>assistant\n"));
        const auto ids = model->tokenizer().tokenize(prompt, {.addSpecial = true, .parseSpecial = true});
        QCOMPARE(ids.front(), imStart);
        QCOMPARE(int(std::count(ids.begin(), ids.end(), imStart)), 2);

        auto ctx = model->createContext({.contextLength = 128, .threadCount = 1});
        triad::engine::Generator gen(*model, *ctx);
        triad::engine::GenerationParams gp;
        gp.maxTokens = 8;
        gp.sampler = triad::engine::SamplerParams::greedy();
        const auto r = gen.generateChat({{"user", "Hello!"}}, gp, [](std::string_view) { return true; });
        QVERIFY2(r.promptTokens > 5, qPrintable(QString("%1 prompt tokens").arg(r.promptTokens)));
        QVERIFY2(!r.tokens.empty() || r.finishReason == triad::engine::FinishReason::Stop, "nothing generated");

        const Run eval = cli({"eval", "--model-file", out, "--per-task", "1", "--threads", "1", "--json"});
        QVERIFY2(eval.exitCode == 0, qPrintable("eval exit " + QString::number(eval.exitCode) + ": " + eval.err));
        const auto report = nlohmann::json::parse(eval.out.toStdString(), nullptr, false);
        QVERIFY2(report.is_object(), qPrintable("eval printed: " + eval.out));
        for (triad::train::corpus::Task t : triad::train::corpus::bundledTasks())
            QVERIFY2(report["tasks"].contains(triad::train::corpus::taskName(t)),
                     qPrintable(QString("no %1 in %2").arg(triad::train::corpus::taskName(t).c_str(), eval.out)));
        QCOMPARE(report["overall"]["total"].get<int>(), int(triad::train::corpus::bundledTasks().size()));

        const Run only = cli({"eval", "--model-file", out, "--per-task", "2", "--threads", "1", "--tasks", "roman_numerals", "--json"});
        QVERIFY2(only.exitCode == 0, qPrintable(only.err));
        const auto onlyReport = nlohmann::json::parse(only.out.toStdString(), nullptr, false);
        QVERIFY2(onlyReport.is_object() && onlyReport["tasks"].size() == 1 && onlyReport["tasks"].contains("roman_numerals"),
                 qPrintable("eval --tasks roman_numerals printed: " + only.out));
        QCOMPARE(onlyReport["overall"]["total"].get<int>(), 2);
        QCOMPARE(cli({"eval", "--model-file", out, "--tasks", "poetry"}).exitCode, 2);

        // A fine-tune is measured on its base with --adapter; a missing adapter is named.
        const QString data = dir.filePath("tickets.jsonl"), adapter = dir.filePath("tickets-lora.gguf");
        QCOMPARE(cli({"sample-sft", "--count", "24", "--out", data}).exitCode, 0);
        const Run train = triadCli({"train", "--base", out, "--data", data, "--method", "lora", "--rank", "2", "--epochs",
                                    "1", "--batch", "8", "--threads", "1", "--out", adapter});
        QVERIFY2(train.exitCode == 0, qPrintable("train: " + train.err));
        const Run adapted = cli({"eval", "--model-file", out, "--adapter", adapter, "--per-task", "2", "--threads", "1",
                                 "--tasks", "ticket_routing", "--json"});
        QVERIFY2(adapted.exitCode == 0, qPrintable("eval --adapter: " + adapted.err));
        const auto adaptedReport = nlohmann::json::parse(adapted.out.toStdString(), nullptr, false);
        QVERIFY2(adaptedReport.is_object() && adaptedReport["tasks"].contains("ticket_routing"), adapted.out.constData());
        const Run missing = cli({"eval", "--model-file", out, "--adapter", dir.filePath("nope.gguf"), "--json"});
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains("nope.gguf"), missing.err.constData());
    }

    /** The sample fine-tuning file never holds a held-out prompt, so eval measures unseen ones. */
    void sampleSftLeavesHeldOutPromptsOut()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("tickets.jsonl");
        const Run r = cli({"sample-sft", "--count", "300", "--out", out}); // ticket_routing by default
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!f.atEnd()) {
            const auto j = nlohmann::json::parse(f.readLine().toStdString(), nullptr, false);
            QVERIFY(j.is_object());
            std::string user;
            for (const auto& m : j["messages"])
                if (m["role"] == "user")
                    user = m["content"];
            QVERIFY2(!user.empty(), "no user message");
            QVERIFY2(!triad::train::corpus::isHeldOutPrompt(user), user.c_str());
            ++lines;
        }
        QCOMPARE(lines, 300);
    }

    /** A build stopped half-way and resumed from its checkpoint writes the same file as one
     *  that never stopped; snapshots appear on their steps. */
    void resumedBuildEqualsUninterrupted()
    {
        using namespace triad::train::corpus;
        QTemporaryDir dir;
        BundledModelParams p;
        p.shape = {.dim = 64, .layers = 1, .heads = 2, .kvHeads = 1, .ffn = 64, .context = 128};
        p.maxMerges = 60;
        p.steps = 6;
        p.batchSize = 4;
        p.threadCount = 1;
        p.validateEverySteps = 0;
        p.outPath = dir.filePath("straight.gguf").toStdString();
        QVERIFY(BundledModelBuilder(p).build([](const BuildEvent&) { return true; }));

        p.outPath = dir.filePath("resumed.gguf").toStdString();
        p.checkpointPath = dir.filePath("ck.gguf").toStdString();
        p.checkpointEverySteps = 2;
        p.snapshotEverySteps = 2;
        int64_t lastStep = 0;
        const bool first = BundledModelBuilder(p).build([&](const BuildEvent& e) {
            if (e.progress)
                lastStep = e.progress->step;
            return !(e.phase == "step" && lastStep == 3);
        });
        QVERIFY2(!first, "the build did not stop when asked");
        QVERIFY2(!QFile::exists(QString::fromStdString(p.outPath)), "a stopped build wrote the model");
        QVERIFY2(QFile::exists(QString::fromStdString(p.checkpointPath)), "no checkpoint after the stop");
        QVERIFY(QFile::exists(QString::fromStdString(p.outPath + ".step2.gguf")));

        int64_t resumedAt = -1, firstStep = -1;
        QVERIFY(BundledModelBuilder(p).build([&](const BuildEvent& e) {
            if (e.phase == "resumed")
                resumedAt = e.step;
            if (e.progress && firstStep < 0)
                firstStep = e.progress->step;
            return true;
        }));
        QCOMPARE(resumedAt, int64_t(3));
        QCOMPARE(firstStep, int64_t(4));
        QVERIFY(QFile::exists(QString::fromStdString(p.outPath + ".step4.gguf")));
        QVERIFY2(!QFile::exists(QString::fromStdString(p.outPath + ".step6.gguf")), "the final step was also written as a snapshot");

        QFile a(dir.filePath("straight.gguf")), b(QString::fromStdString(p.outPath));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY2(a.readAll() == b.readAll(), "the resumed build differs from the uninterrupted one");
    }

    /** The model in resources/models answers held-out prompts of every task (a guard against
     *  shipping a broken or stale file; the full measurement is `bundled-model eval`). */
    void shippedModelAnswersHeldOutPrompts()
    {
        using namespace triad::train::corpus;
        const std::string path = triad::testsupport::sourceDir() + "/resources/models/triad-mini.gguf";
        if (!QFile::exists(QString::fromStdString(path)))
            QSKIP("resources/models/triad-mini.gguf is not in this checkout");
        const auto model = triad::engine::Model::load(path);
        const EvalReport r = evaluateHeldOut(*model, 6, 3, 2);
        QString detail;
        for (const TaskScore& t : r.tasks)
            detail += QStringLiteral("%1 %2/%3  ").arg(QString::fromStdString(taskName(t.task))).arg(t.correct).arg(t.total);
        QVERIFY2(r.rate() >= 0.8, qPrintable(QStringLiteral("%1 of %2 held-out prompts right: %3")
                                                  .arg(r.correct()).arg(r.total()).arg(detail)));
        // The sample fine-tuning set ships beside it.
        QFile sample(QString::fromStdString(triad::testsupport::sourceDir() + "/resources/models/sample-sft-ticket_routing.jsonl"));
        QVERIFY2(sample.open(QIODevice::ReadOnly), "no sample fine-tuning set beside the model");
        QCOMPARE(sample.readAll().count('\n'), 500);
    }

    void weightedTasksFavourLateLearners()
    {
        using namespace triad::train::corpus;
        const std::vector<Task> w = weightedBundledTasks(true);
        const auto count = [&](Task t) { return std::count(w.begin(), w.end(), t); };
        for (Task t : bundledTasks())
            QVERIFY2(count(t) >= 1, qPrintable(QString::fromStdString(taskName(t)) + " is missing"));
        QVERIFY(count(Task::Arithmetic) > count(Task::Sentiment));
        QVERIFY(count(Task::DateFormat) > count(Task::SmallTalk));
        QCOMPARE(weightedBundledTasks(false).size(), bundledTasks().size());
    }

    void badArgumentsAreRejected()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("x.gguf");
        QCOMPARE(cli({"build"}).exitCode, 2);
        QCOMPARE(cli({"build", "--out", out, "--dim", "100", "--heads", "3"}).exitCode, 2);
        QCOMPARE(cli({"build", "--out", out, "--type", "Q2_K"}).exitCode, 2);
        QCOMPARE(cli({"eval"}).exitCode, 2);
        QCOMPARE(cli({"eval", "--model-file", dir.filePath("missing.gguf")}).exitCode, 1);
        QCOMPARE(cli({"frobnicate"}).exitCode, 2);
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestBundledBuild)
#include "tst_bundled_build.moc"
