// quantize -> dequantize stays within each format's expected error on Gaussian rows, and the
// Q4_K_M mix chooses the tensor types llama-quantize chooses.

#include "core/engine/Dequantize.h"
#include "core/engine/GgufFile.h"
#include "core/engine/Quantize.h"
#include "tests/support/TestPaths.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <random>

using namespace triad::engine;

class TestQuantize : public QObject {
    Q_OBJECT
private slots:
    void roundTripError_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("maxRelativeRms");
        // Bounds from the step sizes: e.g. Q8_0 steps amax/127 with amax ≈ 2.1σ per 32 values,
        // an RMS error of step/√12 ≈ 0.005σ; each bound leaves ~50% headroom.
        QTest::newRow("F16") << int(GgmlType::F16) << 0.0005;
        QTest::newRow("BF16") << int(GgmlType::BF16) << 0.004;
        QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 0.008;
        QTest::newRow("Q6_K") << int(GgmlType::Q6_K) << 0.025;
        QTest::newRow("Q5_0") << int(GgmlType::Q5_0) << 0.06;
        QTest::newRow("Q5_1") << int(GgmlType::Q5_1) << 0.06;
        QTest::newRow("Q5_K") << int(GgmlType::Q5_K) << 0.045;
        QTest::newRow("Q4_0") << int(GgmlType::Q4_0) << 0.12;
        QTest::newRow("Q4_1") << int(GgmlType::Q4_1) << 0.12;
        QTest::newRow("Q4_K") << int(GgmlType::Q4_K) << 0.09;
    }
    void roundTripError()
    {
        QFETCH(int, type);
        QFETCH(double, maxRelativeRms);
        const auto t = GgmlType(type);
        const int64_t n = 4096;
        std::mt19937 rng(11);
        std::normal_distribution<float> g(0.0f, 0.02f);
        std::vector<float> x(static_cast<size_t>(n)), y(static_cast<size_t>(n));
        for (float& v : x)
            v = g(rng);
        std::vector<uint8_t> q(ggmlRowBytes(t, n));
        QVERIFY(quantizeRow(t, x.data(), q.data(), n));
        QVERIFY(dequantizeRow(t, q.data(), y.data(), n));
        double err = 0, ref = 0;
        for (int64_t i = 0; i < n; ++i) {
            err += double(x[size_t(i)] - y[size_t(i)]) * double(x[size_t(i)] - y[size_t(i)]);
            ref += double(x[size_t(i)]) * double(x[size_t(i)]);
        }
        const double rel = std::sqrt(err / ref);
        qInfo("%s: relative RMS error %.5f", ggmlTypeName(t).data(), rel);
        QVERIFY2(rel <= maxRelativeRms, qPrintable(QStringLiteral("expected relative RMS error <= %1, got %2").arg(maxRelativeRms).arg(rel)));
    }

    void zeroRowStaysZero()
    {
        for (GgmlType t : {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q5_K}) {
            std::vector<float> x(256, 0.0f), y(256, 1.0f);
            std::vector<uint8_t> q(ggmlRowBytes(t, 256));
            QVERIFY(quantizeRow(t, x.data(), q.data(), 256));
            QVERIFY(dequantizeRow(t, q.data(), y.data(), 256));
            for (float v : y)
                QCOMPARE(v, 0.0f);
        }
    }

    void rejectsBadLengths()
    {
        std::vector<float> x(100, 1.0f);
        std::vector<uint8_t> q(1024);
        QVERIFY(!quantizeRow(GgmlType::Q4_K, x.data(), q.data(), 100)); // not a multiple of 256
        QVERIFY(!quantizeRow(GgmlType::Q2_K, x.data(), q.data(), 256)); // no quantizer for Q2_K
    }

    void q4kmMix_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rowElements");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("expected");
        QTest::newRow("output") << "output.weight" << 4096 << 32 << int(GgmlType::Q6_K);
        QTest::newRow("embeddings") << "token_embd.weight" << 4096 << 32 << int(GgmlType::Q4_K);
        QTest::newRow("attn_q") << "blk.0.attn_q.weight" << 4096 << 32 << int(GgmlType::Q4_K);
        QTest::newRow("attn_v first eighth") << "blk.3.attn_v.weight" << 4096 << 32 << int(GgmlType::Q6_K);
        QTest::newRow("attn_v middle") << "blk.5.attn_v.weight" << 4096 << 32 << int(GgmlType::Q4_K);
        QTest::newRow("ffn_down every third") << "blk.6.ffn_down.weight" << 4096 << 32 << int(GgmlType::Q6_K);
        QTest::newRow("ffn_down last eighth") << "blk.28.ffn_down.weight" << 11008 << 32 << int(GgmlType::Q6_K);
        QTest::newRow("row 896 falls back") << "blk.5.attn_q.weight" << 896 << 24 << int(GgmlType::Q5_0);
        QTest::newRow("Q6_K row 896 falls back") << "output.weight" << 896 << 24 << int(GgmlType::Q8_0);
        QTest::newRow("norm stays F32") << "blk.0.attn_norm.weight" << 4096 << 32 << int(GgmlType::F32);
    }
    void q4kmMix()
    {
        QFETCH(QString, name);
        QFETCH(int, rowElements);
        QFETCH(int, layers);
        QFETCH(int, expected);
        TensorRole role{name.toStdString(), rowElements, name.contains("norm") ? 1 : 2, layers};
        const GgmlType got = quantTypeForTensor(QuantScheme::Q4_K_M, role);
        QVERIFY2(got == GgmlType(expected), qPrintable(QStringLiteral("expected %1, got %2")
                                                          .arg(ggmlTypeName(GgmlType(expected)).data())
                                                          .arg(ggmlTypeName(got).data())));
    }

    void q4kmMixMatchesLlamaQuantize()
    {
        const std::string shared = triad::testsupport::sharedDir();
        if (shared.empty())
            QSKIP("../shared/engine-vectors is absent: cannot compare with llama-quantize's file");
        const auto file = GgufFile::open(shared + "/engine-vectors/models/llama-spm-Q4_K_M.gguf");
        const int layers = int(file->getInt("llama.block_count", 0));
        for (const GgufTensorInfo& t : file->tensors()) {
            const GgmlType got = quantTypeForTensor(QuantScheme::Q4_K_M, TensorRole{t.name, t.ne[0], t.nDims, layers});
            QVERIFY2(got == t.type, qPrintable(QStringLiteral("%1: llama-quantize chose %2, we chose %3")
                                                   .arg(QString::fromStdString(t.name))
                                                   .arg(ggmlTypeName(t.type).data())
                                                   .arg(ggmlTypeName(got).data())));
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantize)
#include "tst_quantize.moc"
