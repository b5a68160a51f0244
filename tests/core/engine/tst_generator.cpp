// The generation loop on a reference model: greedy output equals an argmax loop over the
// logits, and the token limit, cancel flag, callback stop and stop strings end it as promised.

#include "core/engine/Generator.h"
#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Transformer.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <algorithm>

using namespace triad::engine;

class TestGenerator : public QObject {
    Q_OBJECT
    std::unique_ptr<Model> m_model;

    std::unique_ptr<Transformer> context()
    {
        TransformerParams p;
        p.contextLength = 128;
        p.kvCacheType = KvCacheType::F32;
        p.threadCount = 2;
        return m_model->createContext(p);
    }
    static GenerationParams greedy(int maxTokens)
    {
        GenerationParams p;
        p.maxTokens = maxTokens;
        p.sampler = SamplerParams::greedy();
        return p;
    }

private slots:
    void initTestCase()
    {
        const std::string shared = triad::testsupport::sharedDir();
        if (shared.empty())
            QSKIP("../shared/engine-vectors is absent: no model to generate with");
        m_model = Model::load(shared + "/engine-vectors/models/qwen2-bpe-Q8_0.gguf");
    }

    void greedyEqualsArgmaxLoop()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        std::string streamed;
        const GenerationResult r = gen.generateText("Once upon a time", greedy(12), [&](std::string_view t) {
            streamed += t;
            return true;
        });
        QCOMPARE(r.finishReason, FinishReason::Length);
        QCOMPARE(int(r.tokens.size()), 12);
        QCOMPARE(streamed, r.text);

        auto ref = context();
        std::vector<int32_t> tokens = m_model->tokenizer().tokenize("Once upon a time");
        std::vector<float> logits;
        ref->evaluate(tokens, LogitsMode::LastPosition, logits);
        for (int i = 0; i < 12; ++i) {
            const int32_t next = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            QCOMPARE(r.tokens[size_t(i)], next);
            ref->evaluate(std::span<const int32_t>(&next, 1), LogitsMode::LastPosition, logits);
        }
        QCOMPARE(r.text, m_model->tokenizer().detokenize(r.tokens));
    }

    void secondTurnReusesThePrompt()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        const GenerationResult first = gen.generateChat({{"user", "Hi"}}, greedy(4), nullptr);
        const GenerationResult second =
            gen.generateChat({{"user", "Hi"}, {"assistant", first.text}, {"user", "More"}}, greedy(4), nullptr);
        QVERIFY2(second.reusedPromptTokens >= first.promptTokens,
                 qPrintable(QStringLiteral("expected at least %1 reused tokens, got %2").arg(first.promptTokens).arg(second.reusedPromptTokens)));
    }

    void cancelBeforeStart()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        std::atomic<bool> cancel{true};
        const GenerationResult r = gen.generateText("Once", greedy(8), nullptr, &cancel);
        QCOMPARE(r.finishReason, FinishReason::Cancelled);
        QVERIFY(r.tokens.empty());
    }

    void cancelFromCallback()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        std::atomic<bool> cancel{false};
        int calls = 0;
        const GenerationResult r = gen.generateText("Once upon a time", greedy(20), [&](std::string_view) {
            ++calls;
            cancel = true; // takes effect before the next token
            return true;
        }, &cancel);
        QCOMPARE(r.finishReason, FinishReason::Cancelled);
        QCOMPARE(calls, 1);
        QVERIFY(r.tokens.size() <= 2);
    }

    void callbackFalseStops()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        const GenerationResult r = gen.generateText("Once upon a time", greedy(20), [](std::string_view) { return false; });
        QCOMPARE(r.finishReason, FinishReason::Cancelled);
        QVERIFY(r.tokens.size() <= 2);
    }

    void stopStringCutsTheText()
    {
        auto ctx = context();
        Generator gen(*m_model, *ctx);
        const GenerationResult full = gen.generateText("Once upon a time", greedy(16), nullptr);
        QVERIFY2(full.text.size() >= 8, "the model should produce some text");
        const size_t at = full.text.size() / 2;
        const std::string stop = full.text.substr(at, 3);
        const size_t first = full.text.find(stop);

        auto ctx2 = context();
        Generator gen2(*m_model, *ctx2);
        GenerationParams p = greedy(16);
        p.stopStrings = {stop};
        std::string streamed;
        const GenerationResult r = gen2.generateText("Once upon a time", p, [&](std::string_view t) {
            streamed += t;
            return true;
        });
        QCOMPARE(r.finishReason, FinishReason::Stop);
        QCOMPARE(r.text, full.text.substr(0, first));
        QCOMPARE(streamed, r.text); // nothing of the stop string was streamed
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
