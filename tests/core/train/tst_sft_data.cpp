// SFT JSONL parsing (both formats, errors that name the line and the reason), rendering with
// the model's chat template so only assistant tokens are trained (weight 0 respected),
// truncation counts, and the seeded validation split.

// TinyModel.h first: it includes GgufWriter.h, whose emit() Qt's "emit" macro would break.
#include "tests/core/train/TinyModel.h"
#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/train/ExampleRenderer.h"
#include "core/train/SftDataset.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace triad::train;

class TestSftData : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<triad::engine::Model> m_model;

    /** The text of the tokens with weight > 0, specials rendered. */
    std::string trainedText(const RenderedExample& r) const
    {
        std::vector<int32_t> ids;
        for (size_t i = 0; i < r.tokens.size(); ++i)
            if (r.weights[i] > 0.0f)
                ids.push_back(r.tokens[i]);
        return m_model->tokenizer().detokenize(ids, true);
    }

private slots:
    void initTestCase()
    {
        const std::string path = m_dir.filePath("tiny.gguf").toStdString();
        testing::writeTinyModel(path, {});
        m_model = triad::engine::Model::load(path);
    }

    void parsesBothFormats()
    {
        const SftDataset d = SftDataset::parse(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}\r\n"
            "\n"
            "{\"prompt\":\"2+2=\",\"completion\":\"4\"}\n",
            "mem.jsonl");
        QCOMPARE(int(d.size()), 2);
        QVERIFY(d.examples()[0].isChat());
        QCOMPARE(d.examples()[0].messages[1].content, std::string("Hello"));
        QCOMPARE(d.examples()[1].completion, std::string("4"));
        QCOMPARE(d.examples()[1].lineNumber, 3);
    }

    void rejectsBadLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString ok = R"({"prompt":"a","completion":"b"})";
        QTest::newRow("bad json") << ok + "\n{oops" << "data.jsonl:2: not valid JSON";
        QTest::newRow("role") << R"({"messages":[{"role":"robot","content":"x"}]})" << "role \"robot\"";
        QTest::newRow("weight") << R"({"messages":[{"role":"assistant","content":"x","weight":2}]})" << "must be 0 or 1";
        QTest::newRow("nothing trained") << R"({"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","weight":0}]})"
                                         << "no assistant message to train on";
        QTest::newRow("half pair") << R"({"prompt":"a"})" << "must both be strings";
        QTest::newRow("dpo") << R"({"input":{"messages":[]},"preferred_output":[]})" << "preference (DPO)";
        QTest::newRow("empty") << "\n\n" << "no examples";
        QTest::newRow("other shape") << R"({"text":"a"})" << "expected \"messages\"";
    }

    void rejectsBadLines()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            SftDataset::parse(text.toStdString(), "data.jsonl");
            QFAIL(qPrintable("expected an error containing '" + expected + "', got none"));
        } catch (const SftDataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(expected),
                     qPrintable("expected '" + expected + "' in: " + QString::fromStdString(e.what())));
            QVERIFY2(QString::fromStdString(e.what()).startsWith("data.jsonl"), e.what());
        }
    }

    void trainsOnlyAssistantTokens()
    {
        const SftDataset d = SftDataset::parse(
            R"({"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},)"
            R"({"role":"assistant","content":"Hello!"},{"role":"user","content":"Again"},)"
            R"({"role":"assistant","content":"SKIP","weight":0},{"role":"user","content":"Last"},)"
            R"({"role":"assistant","content":"Bye"}]})",
            "chat.jsonl");
        const ExampleRenderer r(m_model->tokenizer(), m_model->chatTemplate(), 1024);
        const auto out = r.render(d.examples()[0]);
        QVERIFY(out);
        QCOMPARE(out->tokens.size(), out->weights.size());
        QCOMPARE(trainedText(*out), std::string("Hello!<|im_end|>\nBye<|im_end|>\n"));
        const std::string all = m_model->tokenizer().detokenize(out->tokens, true);
        QVERIFY2(all.find("SKIP") != std::string::npos, "the weight-0 message must still be in the context");
        QVERIFY(!out->truncated);
    }

    void promptCompletionTrainsCompletionAndEos()
    {
        const SftDataset d = SftDataset::parse(R"({"prompt":"2+2=","completion":"4"})", "pc.jsonl");
        const ExampleRenderer r(m_model->tokenizer(), m_model->chatTemplate(), 1024);
        const auto out = r.render(d.examples()[0]);
        QVERIFY(out);
        QCOMPARE(out->tokens.back(), m_model->vocab().eos());
        QCOMPARE(trainedText(*out), std::string("4<|im_end|>"));
    }

    void truncationIsCountedAndEmptyResultsSkipped()
    {
        const std::string longAnswer(60, 'x');
        const SftDataset d = SftDataset::parse(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"" + longAnswer + "\"}]}\n"
            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + longAnswer + "\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}\n"
            "{\"prompt\":\"a\",\"completion\":\"b\"}\n",
            "long.jsonl");
        const ExampleRenderer r(m_model->tokenizer(), m_model->chatTemplate(), 32);
        RenderStats stats;
        const std::vector<RenderedExample> out = r.renderAll(d, stats);
        QCOMPARE(stats.examples, int64_t(2));
        QCOMPARE(stats.truncated, int64_t(1)); // the long answer, cut but still trained
        QCOMPARE(stats.skipped, int64_t(1));   // the long prompt leaves no answer within 32 tokens
        QCOMPARE(int(out[0].tokens.size()), 32);
        QVERIFY(out[0].truncated);
        int64_t trained = 0;
        for (const RenderedExample& e : out)
            trained += e.trainedTokens();
        QCOMPARE(stats.trainedTokens, trained);
    }

    void splitIsSeededAndDisjoint()
    {
        std::string text;
        for (int i = 0; i < 8; ++i)
            text += "{\"prompt\":\"p" + std::to_string(i) + "\",\"completion\":\"c\"}\n";
        const SftDataset d = SftDataset::parse(text, "s.jsonl");
        const auto [train, val] = d.split(0.25, 7);
        QCOMPARE(int(train.size()), 6);
        QCOMPARE(int(val.size()), 2);
        std::set<std::string> seen;
        for (const auto* set : {&train, &val})
            for (const SftExample& e : set->examples())
                QVERIFY2(seen.insert(e.prompt).second, "an example is in both sets");
        const auto again = d.split(0.25, 7);
        QCOMPARE(again.second.examples()[0].prompt, val.examples()[0].prompt);
        QCOMPARE(again.second.examples()[1].prompt, val.examples()[1].prompt);
    }
};

QTEST_GUILESS_MAIN(TestSftData)
#include "tst_sft_data.moc"
