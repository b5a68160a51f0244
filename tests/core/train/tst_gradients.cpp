// Every layer of the trainer against central finite differences on tiny shapes: RMSNorm,
// linear (trainable F32 and frozen quantized), RoPE (both styles), grouped-KV causal attention
// over packed segments, SwiGLU, embedding and weighted cross-entropy. Also: the SIMD kernels
// give the same bits as the portable ones, and results do not depend on the thread count.

#include "core/engine/GgmlType.h"
#include "core/engine/Quantize.h"
#include "core/engine/ThreadPool.h"
#include "core/train/Attention.h"
#include "core/train/CrossEntropy.h"
#include "core/train/Embedding.h"
#include "core/train/Linear.h"
#include "core/train/RmsNorm.h"
#include "core/train/Rope.h"
#include "core/train/SwiGlu.h"
#include "core/train/TrainKernels.h"
#include "tests/core/train/GradCheck.h"

#include <QtTest>

#include <cstring>

using namespace triad::train;
using namespace triad::train::testing;
using triad::engine::GgmlType;
using triad::engine::ThreadPool;

Q_DECLARE_METATYPE(triad::engine::RopeStyle)
Q_DECLARE_METATYPE(triad::engine::GgmlType)

class TestGradients : public QObject {
    Q_OBJECT
    ThreadPool m_pool{2};

private slots:
    void rmsNorm()
    {
        const int64_t nTok = 3, n = 8;
        std::vector<float> x = randomVector(size_t(nTok * n), 1), w = randomVector(size_t(n), 2, 0.3f, 1.0f);
        const std::vector<float> c = randomVector(size_t(nTok * n), 3);
        std::vector<float> y(x.size()), inv(static_cast<size_t>(nTok));
        auto loss = [&] {
            rmsNormForward(x.data(), w.data(), nTok, n, 1e-5f, y.data(), inv.data());
            return project(y, c);
        };
        loss();
        std::vector<float> dx(x.size()), dw(w.size());
        rmsNormBackward(x.data(), w.data(), inv.data(), c.data(), nTok, n, dx.data(), dw.data());
        QString e = checkGradient("dx", x, dx, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        e = checkGradient("dw", w, dw, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void linearF32()
    {
        const int64_t nTok = 4, rows = 5, cols = 7;
        std::vector<float> x = randomVector(size_t(nTok * cols), 4), w = randomVector(size_t(rows * cols), 5);
        std::vector<float> b = randomVector(size_t(rows), 6);
        const std::vector<float> c = randomVector(size_t(nTok * rows), 7);
        std::vector<float> y(size_t(nTok * rows));
        auto loss = [&] {
            linearForward(m_pool, MatrixView::f32(w.data(), rows, cols), x.data(), nTok, y.data(), b.data());
            return project(y, c);
        };
        loss();
        std::vector<float> dx(x.size()), dw(w.size()), db(b.size());
        linearBackwardInput(m_pool, MatrixView::f32(w.data(), rows, cols), c.data(), nTok, dx.data());
        linearBackwardWeight(m_pool, c.data(), x.data(), nTok, rows, cols, dw.data());
        biasBackward(c.data(), nTok, rows, db.data());
        for (auto [name, p, g] : {std::tuple{"dx", &x, &dx}, {"dW", &w, &dw}, {"db", &b, &db}}) {
            const QString e = checkGradient(name, *p, *g, loss);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
    }

    void linearFrozen_data()
    {
        QTest::addColumn<GgmlType>("type");
        QTest::addColumn<int>("cols");
        QTest::newRow("F16") << GgmlType::F16 << 40;
        QTest::newRow("Q8_0") << GgmlType::Q8_0 << 64;
        QTest::newRow("Q4_0") << GgmlType::Q4_0 << 32;
        QTest::newRow("Q4_K") << GgmlType::Q4_K << 256;
        QTest::newRow("Q6_K") << GgmlType::Q6_K << 256;
    }

    void linearFrozen()
    {
        // A frozen base matrix of another type: y = W·x with W dequantized per row block.
        QFETCH(GgmlType, type);
        QFETCH(int, cols);
        const int64_t nTok = 3, rows = 37; // more than one row block, with a partial one
        const size_t rowBytes = triad::engine::ggmlRowBytes(type, cols);
        const std::vector<float> wf = randomVector(size_t(rows * cols), 8, 0.1f);
        std::vector<uint8_t> bytes(rowBytes * size_t(rows));
        for (int64_t r = 0; r < rows; ++r)
            QVERIFY(triad::engine::quantizeRow(type, wf.data() + size_t(r * cols), bytes.data() + size_t(r) * rowBytes, cols));
        triad::engine::WeightMatrix wm{type, bytes.data(), cols, rows, rowBytes};
        const MatrixView w = MatrixView::engine(wm);
        std::vector<float> x = randomVector(size_t(nTok * cols), 9);
        const std::vector<float> c = randomVector(size_t(nTok * rows), 10);
        std::vector<float> y(size_t(nTok * rows));
        auto loss = [&] {
            linearForward(m_pool, w, x.data(), nTok, y.data());
            return project(y, c);
        };
        loss();
        std::vector<float> dx(x.size());
        linearBackwardInput(m_pool, w, c.data(), nTok, dx.data());
        const QString e = checkGradient("dx", x, dx, loss, {.eps = 1e-2, .absolute = 3e-3, .relative = 2e-2, .maxChecks = 160});
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void rope_data()
    {
        QTest::addColumn<triad::engine::RopeStyle>("style");
        QTest::addColumn<int>("ropeDims");
        QTest::newRow("adjacent, full") << triad::engine::RopeStyle::Adjacent << 8;
        QTest::newRow("neox, full") << triad::engine::RopeStyle::Neox << 8;
        QTest::newRow("neox, partial") << triad::engine::RopeStyle::Neox << 4;
    }

    void rope()
    {
        QFETCH(triad::engine::RopeStyle, style);
        QFETCH(int, ropeDims);
        triad::engine::ModelConfig cfg;
        cfg.ropeStyle = style;
        cfg.ropeDimensions = ropeDims;
        cfg.ropeFreqBase = 100.0f;
        const Rope rope(cfg, {});
        const int64_t nTok = 3, heads = 2, hd = 8;
        const int32_t pos[] = {0, 5, 2};
        std::vector<float> x = randomVector(size_t(nTok * heads * hd), 11);
        const std::vector<float> c = randomVector(x.size(), 12);
        std::vector<float> y;
        auto loss = [&] {
            y = x;
            rope.apply(y.data(), nTok, heads, hd, pos);
            return project(y, c);
        };
        std::vector<float> dx = c;
        rope.applyInverse(dx.data(), nTok, heads, hd, pos);
        const QString e = checkGradient("dx", x, dx, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        // Position 0 is the identity; other positions rotate.
        loss();
        for (int64_t i = 0; i < heads * hd; ++i)
            QCOMPARE(y[size_t(i)], x[size_t(i)]);
        QVERIFY(y[size_t(heads * hd)] != x[size_t(heads * hd)]);
    }

    void attention_data()
    {
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headDim");
        QTest::newRow("4 heads, 2 kv") << 4 << 2 << 8;
        QTest::newRow("2 heads, 2 kv") << 2 << 2 << 4;
        QTest::newRow("4 heads, 1 kv") << 4 << 1 << 6;
    }

    void attention()
    {
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headDim);
        const AttentionShape s{heads, kvHeads, headDim, headDim};
        const Segment segs[] = {{0, 3}, {3, 4}};
        const int64_t T = 7;
        std::vector<float> q = randomVector(size_t(T * heads * headDim), 13), k = randomVector(size_t(T * kvHeads * headDim), 14);
        std::vector<float> v = randomVector(size_t(T * kvHeads * headDim), 15);
        const std::vector<float> c = randomVector(size_t(T * heads * headDim), 16);
        std::vector<float> out(c.size()), lse(size_t(T * heads));
        auto loss = [&] {
            attentionForward(m_pool, s, segs, q.data(), k.data(), v.data(), out.data(), lse.data());
            return project(out, c);
        };
        loss();
        std::vector<float> dq(q.size()), dk(k.size()), dv(v.size());
        attentionBackward(m_pool, s, segs, q.data(), k.data(), v.data(), out.data(), lse.data(), c.data(), dq.data(),
                          dk.data(), dv.data());
        for (auto [name, p, g] : {std::tuple{"dq", &q, &dq}, {"dk", &k, &dk}, {"dv", &v, &dv}}) {
            const QString e = checkGradient(name, *p, *g, loss);
            QVERIFY2(e.isEmpty(), qPrintable(e));
        }
        // Segments do not see each other: the first token of the second one attends to itself only.
        const int64_t t = 3;
        for (int h = 0; h < heads; ++h)
            for (int d = 0; d < headDim; ++d) {
                const float expected = v[size_t(t * kvHeads * headDim + (h / (heads / kvHeads)) * headDim + d)];
                QCOMPARE(out[size_t(t * heads * headDim + h * headDim + d)], expected);
            }
    }

    void swiGlu()
    {
        const size_t n = 20;
        std::vector<float> g = randomVector(n, 17, 2.0f), u = randomVector(n, 18);
        const std::vector<float> c = randomVector(n, 19);
        std::vector<float> y(n);
        auto loss = [&] {
            swiGluForward(g.data(), u.data(), int64_t(n), y.data());
            return project(y, c);
        };
        std::vector<float> dg(n), du(n);
        swiGluBackward(g.data(), u.data(), c.data(), int64_t(n), dg.data(), du.data());
        QString e = checkGradient("dGate", g, dg, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        e = checkGradient("dUp", u, du, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void embedding()
    {
        const int64_t vocab = 6, dim = 4;
        std::vector<float> table = randomVector(size_t(vocab * dim), 20);
        const int32_t tokens[] = {1, 3, 1};
        const std::vector<float> c = randomVector(size_t(3 * dim), 21);
        std::vector<float> y(c.size());
        auto loss = [&] {
            embeddingForward(MatrixView::f32(table.data(), vocab, dim), tokens, 3, y.data());
            return project(y, c);
        };
        std::vector<float> dt(table.size());
        embeddingBackward(tokens, 3, dim, c.data(), dt.data());
        const QString e = checkGradient("dTable", table, dt, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
        const int32_t bad[] = {6};
        QVERIFY_THROWS_EXCEPTION(std::out_of_range,
                                 embeddingForward(MatrixView::f32(table.data(), vocab, dim), bad, 1, y.data()));
    }

    void crossEntropy()
    {
        const int64_t nTok = 4, vocab = 11;
        std::vector<float> z = randomVector(size_t(nTok * vocab), 22, 2.0f);
        const int32_t targets[] = {3, 0, 10, 5};
        const float weights[] = {1.0f, 0.0f, 0.5f, 2.0f};
        const float scale = 1.0f / 3.5f;
        auto loss = [&] { return double(scale) * triad::train::crossEntropy(m_pool, z.data(), nTok, vocab, targets, weights, scale, nullptr); };
        std::vector<float> dz(z.size(), 123.0f);
        const double l = triad::train::crossEntropy(m_pool, z.data(), nTok, vocab, targets, weights, scale, dz.data());
        QVERIFY2(l > 0.0, qPrintable(QStringLiteral("expected a positive loss, got %1").arg(l)));
        for (int64_t i = 0; i < vocab; ++i)
            QCOMPARE(dz[size_t(vocab + i)], 0.0f); // weight 0: no gradient
        const QString e = checkGradient("dLogits", z, dz, loss);
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void simdKernelsMatchPortableBits()
    {
        const std::vector<float> w = randomVector(13 * 83, 23), x = randomVector(83 * 9, 24), coef = randomVector(13, 25);
        std::vector<float> a(13), b(13);
        trainKernels().dotRows(w.data(), 83, 13, x.data(), 83, a.data());
        portableTrainKernels().dotRows(w.data(), 83, 13, x.data(), 83, b.data());
        QVERIFY2(std::memcmp(a.data(), b.data(), a.size() * 4) == 0, "dotRows differs between SIMD and portable kernels");
        std::vector<float> ya = randomVector(83, 26), yb = ya;
        trainKernels().combine(ya.data(), 83, w.data(), 83, coef.data(), 1, 13);
        portableTrainKernels().combine(yb.data(), 83, w.data(), 83, coef.data(), 1, 13);
        QVERIFY2(std::memcmp(ya.data(), yb.data(), ya.size() * 4) == 0, "combine differs between SIMD and portable kernels");
        // dotTile: 13 x 9 outputs (partial 4x3 tiles on both sides), added to what is there.
        std::vector<float> ta = randomVector(13 * 9, 30), tb = ta;
        trainKernels().dotTile(w.data(), 83, 13, x.data(), 83, 9, 83, ta.data(), 13, true);
        portableTrainKernels().dotTile(w.data(), 83, 13, x.data(), 83, 9, 83, tb.data(), 13, true);
        QVERIFY2(std::memcmp(ta.data(), tb.data(), ta.size() * 4) == 0, "dotTile differs between SIMD and portable kernels");
        std::vector<float> rowsOut(13);
        trainKernels().dotRows(w.data(), 83, 13, x.data() + 83 * 4, 83, rowsOut.data());
        std::vector<float> tileOut(13);
        trainKernels().dotTile(w.data(), 83, 13, x.data() + 83 * 4, 83, 1, 83, tileOut.data(), 13, false);
        QVERIFY2(std::memcmp(rowsOut.data(), tileOut.data(), 13 * 4) == 0, "dotTile and dotRows sum differently");
        // axpyTile: 6 x 83 outputs (a partial 4-row tile, a partial 16-column tile) from 13 rows.
        const std::vector<float> coefs = randomVector(6 * 13, 31);
        std::vector<float> pa = randomVector(6 * 83, 32), pb = pa, pc = pa;
        trainKernels().axpyTile(coefs.data(), 13, 6, w.data(), 83, 13, 83, pa.data(), 83);
        portableTrainKernels().axpyTile(coefs.data(), 13, 6, w.data(), 83, 13, 83, pb.data(), 83);
        QVERIFY2(std::memcmp(pa.data(), pb.data(), pa.size() * 4) == 0, "axpyTile differs between SIMD and portable kernels");
        for (int t = 0; t < 6; ++t)
            trainKernels().combine(pc.data() + t * 83, 83, w.data(), 83, coefs.data() + t * 13, 1, 13);
        QVERIFY2(std::memcmp(pa.data(), pc.data(), pa.size() * 4) == 0, "axpyTile and combine sum differently");
    }

    void resultsDoNotDependOnThreadCount()
    {
        const int64_t nTok = 45, rows = 70, cols = 48;
        const std::vector<float> w = randomVector(size_t(rows * cols), 27), x = randomVector(size_t(nTok * cols), 28);
        const std::vector<float> dy = randomVector(size_t(nTok * rows), 29);
        const AttentionShape s{4, 2, 12, 12};
        const Segment segs[] = {{0, 20}, {20, 25}};
        auto run = [&](int threads) {
            ThreadPool pool(threads);
            std::vector<float> y(size_t(nTok * rows)), dx(x.size()), dw(w.size());
            const MatrixView wv = MatrixView::f32(w.data(), rows, cols);
            linearForward(pool, wv, x.data(), nTok, y.data());
            linearBackwardInput(pool, wv, dy.data(), nTok, dx.data());
            linearBackwardWeight(pool, dy.data(), x.data(), nTok, rows, cols, dw.data());
            std::vector<float> out(size_t(nTok * 48)), lse(size_t(nTok * 4)), dq(out.size()), dk(size_t(nTok * 24)), dv(dk.size());
            attentionForward(pool, s, segs, x.data(), dy.data(), dy.data() + 1, out.data(), lse.data());
            attentionBackward(pool, s, segs, x.data(), dy.data(), dy.data() + 1, out.data(), lse.data(), x.data(), dq.data(),
                              dk.data(), dv.data());
            std::vector<float> all;
            for (const auto* v : {&y, &dx, &dw, &out, &dq, &dk, &dv})
                all.insert(all.end(), v->begin(), v->end());
            return all;
        };
        const std::vector<float> one = run(1), three = run(3);
        QCOMPARE(one.size(), three.size());
        QVERIFY2(std::memcmp(one.data(), three.data(), one.size() * 4) == 0, "1 and 3 threads gave different bits");
    }
};

QTEST_GUILESS_MAIN(TestGradients)
#include "tst_gradients.moc"
