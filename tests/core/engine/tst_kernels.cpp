// The dot-product kernels of every SIMD level this CPU has must agree with a float64
// reference computed from dequantized weights and activations, for every weight type.

#include "core/engine/CpuFeatures.h"
#include "core/engine/Dequantize.h"
#include "core/engine/Fp16.h"
#include "core/engine/Kernels.h"
#include "core/engine/QuantBlocks.h"
#include "core/engine/Quantize.h"

#include <QtTest>

#include <cmath>
#include <random>
#include <vector>

using namespace triad::engine;

namespace {

std::vector<float> gaussian(size_t n, uint32_t seed, float sigma = 1.0f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

/** Weight rows of @p type: quantized from random floats, or random bits for Q2_K/Q3_K. */
std::vector<uint8_t> makeWeights(GgmlType type, int64_t n, int rows, uint32_t seed)
{
    const size_t rowBytes = ggmlRowBytes(type, n);
    std::vector<uint8_t> out(rowBytes * size_t(rows));
    if (canQuantize(type)) {
        const std::vector<float> x = gaussian(size_t(n) * size_t(rows), seed, 0.05f);
        for (int r = 0; r < rows; ++r)
            quantizeRow(type, x.data() + size_t(r) * size_t(n), out.data() + size_t(r) * rowBytes, n);
        return out;
    }
    std::mt19937 rng(seed);
    for (uint8_t& b : out)
        b = uint8_t(rng());
    const int64_t nb = n / kQkK;
    for (int r = 0; r < rows; ++r) {
        uint8_t* row = out.data() + size_t(r) * rowBytes;
        for (int64_t i = 0; i < nb; ++i) {
            if (type == GgmlType::Q2_K) {
                auto* b = reinterpret_cast<BlockQ2_K*>(row) + i;
                b->d = fp32ToFp16(0.01f + 0.001f * float(i));
                b->dmin = fp32ToFp16(0.004f);
            } else {
                auto* b = reinterpret_cast<BlockQ3_K*>(row) + i;
                b->d = fp32ToFp16(0.002f + 0.0005f * float(i));
            }
        }
    }
    return out;
}

/** The float values an activation row stands for (what the kernel should multiply with). */
std::vector<double> activationValues(GgmlType actType, const uint8_t* a, int64_t n)
{
    std::vector<double> v(static_cast<size_t>(n));
    if (actType == GgmlType::F32) {
        for (int64_t i = 0; i < n; ++i)
            v[size_t(i)] = reinterpret_cast<const float*>(a)[i];
    } else if (actType == GgmlType::Q8_0) {
        const auto* b = reinterpret_cast<const BlockQ8_0*>(a);
        for (int64_t i = 0; i < n; ++i)
            v[size_t(i)] = double(fp16ToFp32(b[i / 32].d)) * b[i / 32].qs[i % 32];
    } else if (actType == GgmlType::Q8_1) {
        const auto* b = reinterpret_cast<const BlockQ8_1*>(a);
        for (int64_t i = 0; i < n; ++i)
            v[size_t(i)] = double(fp16ToFp32(b[i / 32].d)) * b[i / 32].qs[i % 32];
    } else {
        const auto* b = reinterpret_cast<const BlockQ8_K*>(a);
        for (int64_t i = 0; i < n; ++i)
            v[size_t(i)] = double(b[i / 256].d) * b[i / 256].qs[i % 256];
    }
    return v;
}

} // namespace

class TestKernels : public QObject {
    Q_OBJECT
private slots:
    void cpuLevel()
    {
        // The active level never exceeds what the hardware has.
        QVERIFY(int(activeCpuLevel()) <= int(hardwareCpuLevel()));
        QVERIFY(kernelsFor(CpuLevel::Scalar) != nullptr);
        qInfo("hardware level: %s, active: %s", cpuLevelName(hardwareCpuLevel()).data(),
              cpuLevelName(activeCpuLevel()).data());
    }

    void q8kActivationsAreSummed()
    {
        const std::vector<float> x = gaussian(512, 7);
        std::vector<uint8_t> buf(ggmlRowBytes(GgmlType::Q8_K, 512));
        quantizeRowQ8_K(x.data(), buf.data(), 512);
        const auto* b = reinterpret_cast<const BlockQ8_K*>(buf.data());
        for (int blk = 0; blk < 2; ++blk)
            for (int g = 0; g < 16; ++g) {
                int sum = 0;
                for (int l = 0; l < 16; ++l)
                    sum += b[blk].qs[16 * g + l];
                QCOMPARE(int(b[blk].bsums[g]), sum);
            }
    }

    void dotAgreesWithReference_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("n");
        const GgmlType types[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q4_1,
                                  GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q2_K, GgmlType::Q3_K,
                                  GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
        for (CpuLevel level : {CpuLevel::Scalar, CpuLevel::Avx2, CpuLevel::Avx512}) {
            if (!cpuSupports(level))
                continue; // only levels this CPU can run
            for (GgmlType t : types) {
                // Odd lengths test float tails; 600 spans three float GEMM panels; short rows
                // are the tiny test models' (one or two blocks).
                const bool isFloat = ggmlBlockElements(t) == 1;
                for (int n : isFloat ? std::vector<int>{203, 600, 64} : std::vector<int>{768, 2 * int(ggmlBlockElements(t))})
                    QTest::addRow("%s/%s/%d", cpuLevelName(level).data(), ggmlTypeName(t).data(), n)
                        << int(level) << int(t) << n;
            }
        }
    }

    void dotAgreesWithReference()
    {
        QFETCH(int, level);
        QFETCH(int, type);
        QFETCH(int, n);
        const auto weightType = GgmlType(type);
        const KernelTable* table = kernelsFor(CpuLevel(level));
        QVERIFY(table);
        const TypeKernel& kernel = table->forType(weightType);
        QVERIFY2(kernel.dot, "no kernel for this type");

        // 13 rows: 4-row groups plus a single row (dot), an 8-row panel plus a padded one
        // (gemm); 13 columns: 8 + 5, 6 + 6 + 1, 4 + 4 + 4 + 1 and 3 + 3 + 3 + 3 + 1, every
        // column-group shape the kernels have. The gemm also runs on 6 and 3 columns.
        const int rows = 13, cols = 13;
        const std::vector<uint8_t> w = makeWeights(weightType, n, rows, 42u + uint32_t(type));
        const size_t wStride = ggmlRowBytes(weightType, n);
        const size_t aStride = activationRowBytes(kernel.activationType, n);
        std::vector<uint8_t> act(aStride * cols);
        for (int c = 0; c < cols; ++c) {
            const std::vector<float> x = gaussian(size_t(n), 100u + uint32_t(c));
            table->quantize(kernel.activationType, x.data(), act.data() + size_t(c) * aStride, n);
        }
        std::vector<float> wf(static_cast<size_t>(n) * rows);
        for (int r = 0; r < rows; ++r)
            QVERIFY(dequantizeRow(weightType, w.data() + size_t(r) * wStride, wf.data() + size_t(r) * size_t(n), n));

        struct Run {
            const char* name;
            DotTileFn fn;
            int cols;
        };
        std::vector<Run> runs{{"dot", kernel.dot, cols}};
        if (kernel.gemm)
            for (int c : {cols, 6, 3})
                runs.push_back({"gemm", kernel.gemm, c});
        for (const Run& run : runs) {
            std::vector<float> out(size_t(rows * run.cols), NAN);
            run.fn(n, w.data(), wStride, rows, act.data(), aStride, run.cols, out.data(), rows);
            for (int r = 0; r < rows; ++r) {
                for (int c = 0; c < run.cols; ++c) {
                    const std::vector<double> av = activationValues(kernel.activationType, act.data() + size_t(c) * aStride, n);
                    double ref = 0, magnitude = 0;
                    for (int i = 0; i < n; ++i) {
                        const double p = double(wf[size_t(r) * size_t(n) + size_t(i)]) * av[size_t(i)];
                        ref += p;
                        magnitude += std::fabs(p);
                    }
                    const double got = out[size_t(c * rows + r)];
                    // Q8_1 keeps s = d * sum(q) as f16, hence the looser bound for Q4_1/Q5_1.
                    const double tol = (kernel.activationType == GgmlType::Q8_1 ? 2e-3 : 1e-4) * magnitude + 1e-6;
                    if (!(std::fabs(got - ref) <= tol))
                        QFAIL(qPrintable(QStringLiteral("%1 (%2 columns) row %3 col %4: expected %5 (±%6), got %7")
                                             .arg(QLatin1String(run.name)).arg(run.cols).arg(r).arg(c)
                                             .arg(ref, 0, 'g', 9).arg(tol, 0, 'g', 3).arg(got, 0, 'g', 9)));
                }
            }
        }
    }

    void quantizersMatchScalar_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("format");
        for (CpuLevel level : {CpuLevel::Avx2, CpuLevel::Avx512}) {
            if (!cpuSupports(level))
                continue;
            for (GgmlType t : {GgmlType::Q8_0, GgmlType::Q8_1, GgmlType::Q8_K})
                QTest::addRow("%s/%s", cpuLevelName(level).data(), ggmlTypeName(t).data()) << int(level) << int(t);
        }
        if (!cpuSupports(CpuLevel::Avx2))
            QSKIP("no SIMD level on this CPU");
    }

    void quantizersMatchScalar()
    {
        // SIMD activation quantizers must give the scalar bytes: same scales, same rounding,
        // including exact halves (x * id on a grid), zero blocks and a negative extreme.
        QFETCH(int, level);
        QFETCH(int, format);
        const auto type = GgmlType(format);
        const int64_t n = 1024;
        std::vector<float> x = gaussian(size_t(n), 77u + uint32_t(format), 3.0f);
        for (int j = 0; j < 256; ++j)
            x[size_t(256 + j)] = float(j - 128) * 0.5f; // ties after scaling by 127/amax=1
        x[256] = -127.0f;
        x[300] = 127.0f; // same magnitude as the first extreme: the first one's sign wins
        for (int j = 512; j < 768; ++j)
            x[size_t(j)] = 0.0f;
        const size_t bytes = activationRowBytes(type, n);
        std::vector<uint8_t> want(bytes), got(bytes, 0xAB);
        kernelsFor(CpuLevel::Scalar)->quantize(type, x.data(), want.data(), n);
        kernelsFor(CpuLevel(level))->quantize(type, x.data(), got.data(), n);
        for (size_t i = 0; i < bytes; ++i)
            if (want[i] != got[i])
                QFAIL(qPrintable(QStringLiteral("byte %1 of %2: scalar %3, simd %4")
                                     .arg(i).arg(bytes).arg(want[i]).arg(got[i])));
    }

    void swiGluMatchesScalar()
    {
        const KernelTable* simd = kernelsFor(hardwareCpuLevel());
        const KernelTable* scalar = kernelsFor(CpuLevel::Scalar);
        if (simd == scalar)
            QSKIP("this CPU has no SIMD level to compare with");
        // Ordinary values, the clamped ends of exp, zero, and a tail past the last 8 lanes.
        std::vector<float> gate = gaussian(1027, 41u, 4.0f), up = gaussian(1027, 42u, 1.0f);
        for (float v : {0.0f, -0.0f, 1e-30f, 30.0f, -30.0f, 87.5f, -87.5f, 100.0f, -100.0f, 1e4f, -1e4f})
            gate.push_back(v), up.push_back(1.5f);
        std::vector<float> want = gate, got = gate;
        scalar->swiGlu(want.data(), up.data(), int64_t(want.size()));
        simd->swiGlu(got.data(), up.data(), int64_t(got.size()));
        for (size_t i = 0; i < want.size(); ++i)
            QVERIFY2(std::fabs(want[i] - got[i]) <= 2e-6f * std::fabs(want[i]) + 1e-30f,
                     qPrintable(QStringLiteral("silu(%1) * %2: scalar %3, simd %4").arg(gate[i]).arg(up[i]).arg(want[i]).arg(got[i])));
    }

    void levelsAgreeExactlyEnough()
    {
        // Scalar and SIMD see identical quantized inputs, so they differ only by summation
        // order: far tighter than the reference check above.
        const KernelTable* simd = kernelsFor(hardwareCpuLevel());
        const KernelTable* scalar = kernelsFor(CpuLevel::Scalar);
        if (simd == scalar)
            QSKIP("this CPU has no SIMD level to compare with");
        for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::F16}) {
            const int n = 1024;
            const std::vector<uint8_t> w = makeWeights(t, n, 3, 9);
            const TypeKernel& ks = scalar->forType(t);
            const size_t aStride = activationRowBytes(ks.activationType, n);
            std::vector<uint8_t> act(aStride * 4);
            for (int c = 0; c < 4; ++c) {
                const std::vector<float> x = gaussian(size_t(n), 300u + uint32_t(c));
                scalar->quantize(ks.activationType, x.data(), act.data() + size_t(c) * aStride, n);
            }
            float a[12], b[12];
            ks.dot(n, w.data(), ggmlRowBytes(t, n), 3, act.data(), aStride, 4, a, 3);
            simd->forType(t).dot(n, w.data(), ggmlRowBytes(t, n), 3, act.data(), aStride, 4, b, 3);
            for (int i = 0; i < 12; ++i)
                QVERIFY2(std::fabs(a[i] - b[i]) <= 1e-4f * (std::fabs(a[i]) + 1.0f),
                         qPrintable(QStringLiteral("%1 entry %2: scalar %3, simd %4")
                                        .arg(QString::fromLatin1(ggmlTypeName(t).data())).arg(i).arg(a[i]).arg(b[i])));
        }
    }
};

QTEST_GUILESS_MAIN(TestKernels)
#include "tst_kernels.moc"
