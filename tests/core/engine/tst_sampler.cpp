// The sampler's chain (penalties -> top_k -> top_p -> min_p -> temperature -> draw) on small
// hand-made logit vectors whose outcome can be worked out by hand.

#include "core/engine/Sampler.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace triad::engine;

namespace {

std::vector<float> logitsFromProbabilities(std::initializer_list<double> p)
{
    std::vector<float> l;
    for (double x : p)
        l.push_back(float(std::log(x)));
    return l;
}

std::map<int, int> histogram(Sampler& s, const std::vector<float>& logits, int draws)
{
    std::map<int, int> h;
    for (int i = 0; i < draws; ++i)
        ++h[s.sample(logits)];
    return h;
}

} // namespace

class TestSampler : public QObject {
    Q_OBJECT
private slots:
    void greedyPicksArgmax_data()
    {
        QTest::addColumn<QVector<float>>("logits");
        QTest::addColumn<int>("expected");
        QTest::newRow("first") << QVector<float>{3, 1, 2} << 0;
        QTest::newRow("last") << QVector<float>{-1, -2, 0.5f} << 2;
        QTest::newRow("negative") << QVector<float>{-5, -0.1f, -3} << 1;
    }
    void greedyPicksArgmax()
    {
        QFETCH(QVector<float>, logits);
        QFETCH(int, expected);
        Sampler s(SamplerParams::greedy());
        QCOMPARE(s.sample(std::span<const float>(logits.data(), size_t(logits.size()))), expected);
    }

    void penalties_data()
    {
        QTest::addColumn<float>("repeat");
        QTest::addColumn<float>("frequency");
        QTest::addColumn<float>("presence");
        QTest::addColumn<int>("expected");
        // logits {2.0, 1.8, -1.0}; token 0 seen twice.
        QTest::newRow("off") << 1.0f << 0.0f << 0.0f << 0;
        QTest::newRow("repeat divides positive") << 1.5f << 0.0f << 0.0f << 1;      // 2/1.5 = 1.33 < 1.8
        QTest::newRow("frequency per count") << 1.0f << 0.15f << 0.0f << 1;         // 2 - 0.3 = 1.7
        QTest::newRow("presence once") << 1.0f << 0.0f << 0.15f << 0;               // 2 - 0.15 = 1.85
        QTest::newRow("presence larger") << 1.0f << 0.0f << 0.25f << 1;             // 1.75
    }
    void penalties()
    {
        QFETCH(float, repeat);
        QFETCH(float, frequency);
        QFETCH(float, presence);
        QFETCH(int, expected);
        SamplerParams p = SamplerParams::greedy();
        p.repeatPenalty = repeat;
        p.frequencyPenalty = frequency;
        p.presencePenalty = presence;
        Sampler s(p);
        s.accept(0);
        s.accept(0);
        const std::vector<float> logits{2.0f, 1.8f, -1.0f};
        QCOMPARE(s.sample(logits), expected);
    }

    void repeatMultipliesNegative()
    {
        SamplerParams p = SamplerParams::greedy();
        p.repeatPenalty = 2.0f;
        Sampler s(p);
        s.accept(0);
        const std::vector<float> logits{-1.0f, -1.5f}; // -1 * 2 = -2 < -1.5
        QCOMPARE(s.sample(logits), 1);
    }

    void penaltyWindowForgetsOldTokens()
    {
        SamplerParams p = SamplerParams::greedy();
        p.repeatPenalty = 10.0f;
        p.penaltyLastN = 2;
        Sampler s(p);
        s.accept(0);
        s.accept(5);
        s.accept(6); // token 0 has left the window
        const std::vector<float> logits{2.0f, 1.0f, 0, 0, 0, 0, 0};
        QCOMPARE(s.sample(logits), 0);
    }

    void topKOneIsGreedy()
    {
        SamplerParams p;
        p.topK = 1;
        p.temperature = 1.5f;
        Sampler s(p);
        const std::vector<float> logits = logitsFromProbabilities({0.3, 0.4, 0.3});
        const auto h = histogram(s, logits, 500);
        QCOMPARE(h.size(), size_t(1));
        QCOMPARE(h.begin()->first, 1);
    }

    void topPCutsTheTail()
    {
        SamplerParams p;
        p.topK = 0;
        p.minP = 0;
        p.topP = 0.7f; // 0.5 + 0.3 reaches 0.7: token 2 (0.2) is cut
        p.temperature = 1.0f;
        Sampler s(p);
        const auto h = histogram(s, logitsFromProbabilities({0.5, 0.3, 0.2}), 3000);
        QVERIFY2(!h.count(2), "token 2 lies beyond top_p and must never be drawn");
        QVERIFY(h.count(0) && h.count(1));
    }

    void minPDropsUnlikely()
    {
        SamplerParams p;
        p.topK = 0;
        p.topP = 1.0f;
        p.minP = 0.3f; // threshold 0.3 * 0.6 = 0.18: keeps 0 (0.6) and 1 (0.25), drops 2 (0.15)
        p.temperature = 1.0f;
        Sampler s(p);
        const auto h = histogram(s, logitsFromProbabilities({0.6, 0.25, 0.15}), 3000);
        QVERIFY2(!h.count(2), "token 2 is below min_p * p_max and must never be drawn");
        QVERIFY(h.count(1));
    }

    void drawsFollowTheDistribution()
    {
        SamplerParams p;
        p.topK = 0;
        p.topP = 1.0f;
        p.minP = 0.0f;
        p.temperature = 1.0f;
        p.seed = 7;
        Sampler s(p);
        const int draws = 20000;
        const auto h = histogram(s, logitsFromProbabilities({0.7, 0.2, 0.1}), draws);
        const double expected[] = {0.7, 0.2, 0.1};
        for (int t = 0; t < 3; ++t) {
            const double got = double(h.count(t) ? h.at(t) : 0) / draws;
            QVERIFY2(std::fabs(got - expected[t]) < 0.02,
                     qPrintable(QStringLiteral("token %1: expected frequency %2, got %3").arg(t).arg(expected[t]).arg(got)));
        }
    }

    void temperatureSharpens()
    {
        SamplerParams p;
        p.topK = 0;
        p.topP = 1.0f;
        p.minP = 0.0f;
        p.temperature = 0.25f; // 0.6:0.4 becomes 0.6^4:0.4^4 ≈ 0.835:0.165
        Sampler s(p);
        const auto h = histogram(s, logitsFromProbabilities({0.6, 0.4}), 10000);
        const double got = double(h.at(0)) / 10000;
        QVERIFY2(std::fabs(got - 0.835) < 0.03, qPrintable(QStringLiteral("expected ~0.835, got %1").arg(got)));
    }

    void seedIsReproducible()
    {
        SamplerParams p;
        p.seed = 1234;
        p.temperature = 1.0f;
        p.topK = 0;
        p.minP = 0;
        const std::vector<float> logits = logitsFromProbabilities({0.25, 0.25, 0.25, 0.25});
        Sampler a(p), b(p);
        std::vector<int> sa, sb;
        for (int i = 0; i < 64; ++i) {
            sa.push_back(a.sample(logits));
            sb.push_back(b.sample(logits));
        }
        QCOMPARE(sa, sb);
        p.seed = 4321;
        Sampler c(p);
        std::vector<int> sc;
        for (int i = 0; i < 64; ++i)
            sc.push_back(c.sample(logits));
        QVERIFY2(sc != sa, "a different seed should give a different sequence");
    }
};

QTEST_GUILESS_MAIN(TestSampler)
#include "tst_sampler.moc"
