// Dequantization of hand-built blocks whose values follow from the format description in
// docs/engine-facts.md, and the f16/bf16 conversions against an independent definition.

#include "core/engine/Dequantize.h"
#include "core/engine/Fp16.h"
#include "core/engine/QuantBlocks.h"

#include <QtTest>

#include <cmath>
#include <cstring>

using namespace triad::engine;

namespace {

/** binary16 by its definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024. */
double halfByDefinition(uint16_t h)
{
    const int sign = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    double v = e == 0 ? std::ldexp(m / 1024.0, -14) : std::ldexp(1.0 + m / 1024.0, e - 15);
    return sign ? -v : v;
}

} // namespace

class TestDequantize : public QObject {
    Q_OBJECT
private slots:
    void halfExhaustive()
    {
        for (uint32_t h = 0; h < 65536; ++h) {
            const int e = (h >> 10) & 31;
            const float f = fp16ToFp32(uint16_t(h));
            if (e == 31) {
                QVERIFY((h & 1023) ? std::isnan(f) : std::isinf(f));
                continue;
            }
            if (double(f) != halfByDefinition(uint16_t(h)))
                QFAIL(qPrintable(QStringLiteral("half 0x%1: expected %2, got %3").arg(h, 4, 16).arg(halfByDefinition(uint16_t(h))).arg(f)));
            // Every finite half survives the round trip (−0 included).
            QCOMPARE(fp32ToFp16(f), uint16_t(h));
        }
    }

    void halfRounding_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("tie to even down") << 1.00048828125f << 0x3C00;   // 1 + 2^-11
        QTest::newRow("tie to even up") << 1.00146484375f << 0x3C02;     // 1 + 3 * 2^-11
        QTest::newRow("max half") << 65504.0f << 0x7BFF;
        QTest::newRow("overflow") << 65520.0f << 0x7C00;
        QTest::newRow("smallest subnormal") << 5.9604644775390625e-8f << 0x0001;
        QTest::newRow("below half of it") << 2.0e-8f << 0x0000;
        QTest::newRow("negative") << -2.5f << 0xC100;
    }
    void halfRounding()
    {
        QFETCH(float, value);
        QFETCH(int, expected);
        QCOMPARE(int(fp32ToFp16(value)), expected);
    }

    void bf16()
    {
        QCOMPARE(bf16ToFp32(0x3F80), 1.0f);
        QCOMPARE(bf16ToFp32(0xC040), -3.0f);
        QCOMPARE(int(fp32ToBf16(1.0f)), 0x3F80);
        QCOMPARE(int(fp32ToBf16(1.00390625f)), 0x3F80); // 1 + 2^-8 ties to even (down)
        QCOMPARE(int(fp32ToBf16(1.01171875f)), 0x3F82); // 1 + 3 * 2^-8 ties to even (up)
    }

    void q4_0()
    {
        BlockQ4_0 b{};
        b.d = fp32ToFp16(0.5f);
        for (int j = 0; j < 16; ++j)
            b.qs[j] = uint8_t(j | ((15 - j) << 4));
        float y[32];
        QVERIFY(dequantizeRow(GgmlType::Q4_0, &b, y, 32));
        for (int j = 0; j < 16; ++j) {
            QCOMPARE(y[j], (j - 8) * 0.5f);
            QCOMPARE(y[j + 16], (15 - j - 8) * 0.5f);
        }
    }

    void q4_1()
    {
        BlockQ4_1 b{};
        b.d = fp32ToFp16(0.25f);
        b.m = fp32ToFp16(-1.0f);
        for (int j = 0; j < 16; ++j)
            b.qs[j] = uint8_t(j | (j << 4));
        float y[32];
        QVERIFY(dequantizeRow(GgmlType::Q4_1, &b, y, 32));
        for (int j = 0; j < 16; ++j) {
            QCOMPARE(y[j], j * 0.25f - 1.0f);
            QCOMPARE(y[j + 16], j * 0.25f - 1.0f);
        }
    }

    void q5_0()
    {
        BlockQ5_0 b{};
        b.d = fp32ToFp16(1.0f);
        const uint32_t qh = 0x80000001u; // 5th bit for element 0 and element 31
        std::memcpy(b.qh, &qh, 4);
        for (int j = 0; j < 16; ++j)
            b.qs[j] = uint8_t(3 | (5 << 4));
        float y[32];
        QVERIFY(dequantizeRow(GgmlType::Q5_0, &b, y, 32));
        QCOMPARE(y[0], float(3 + 16 - 16));
        QCOMPARE(y[1], float(3 - 16));
        QCOMPARE(y[16], float(5 - 16));
        QCOMPARE(y[31], float(5 + 16 - 16));
    }

    void q5_1()
    {
        BlockQ5_1 b{};
        b.d = fp32ToFp16(2.0f);
        b.m = fp32ToFp16(0.5f);
        const uint32_t qh = 1u << 20; // element 20
        std::memcpy(b.qh, &qh, 4);
        for (int j = 0; j < 16; ++j)
            b.qs[j] = uint8_t(1 | (2 << 4));
        float y[32];
        QVERIFY(dequantizeRow(GgmlType::Q5_1, &b, y, 32));
        QCOMPARE(y[3], 1 * 2.0f + 0.5f);
        QCOMPARE(y[19], 2 * 2.0f + 0.5f);
        QCOMPARE(y[20], 18 * 2.0f + 0.5f);
    }

    void q8_0()
    {
        BlockQ8_0 b{};
        b.d = fp32ToFp16(0.25f);
        for (int j = 0; j < 32; ++j)
            b.qs[j] = int8_t(j - 16);
        float y[32];
        QVERIFY(dequantizeRow(GgmlType::Q8_0, &b, y, 32));
        for (int j = 0; j < 32; ++j)
            QCOMPARE(y[j], (j - 16) * 0.25f);
    }

    void q4_K()
    {
        BlockQ4_K b{};
        b.d = fp32ToFp16(1.0f);
        b.dmin = fp32ToFp16(0.5f);
        // Sub-blocks 0..3: scale s[j] & 63, min s[j+4] & 63; 4..7 take low bits from s[8..11].
        for (int j = 0; j < 4; ++j) {
            b.scales[j] = uint8_t(j + 1);     // scales 1..4
            b.scales[j + 4] = uint8_t(2 * j); // mins 0, 2, 4, 6
        }
        b.scales[8] = uint8_t(7 | (1 << 4));  // sub-block 4: scale 7, min 1
        b.scales[0] |= uint8_t(1 << 6);       // sub-block 4's scale gains bit 4: 7 + 16 = 23
        for (int l = 0; l < 128; ++l)
            b.qs[l] = uint8_t(3 | (9 << 4));  // low nibble 3 (even sub-blocks), high 9 (odd)
        float y[256];
        QVERIFY(dequantizeRow(GgmlType::Q4_K, &b, y, 256));
        QCOMPARE(y[0], 1.0f * 1 * 3 - 0.5f * 0);    // sub-block 0: chunk 0 low nibbles
        QCOMPARE(y[32], 1.0f * 2 * 9 - 0.5f * 2);   // sub-block 1: chunk 0 high nibbles
        QCOMPARE(y[64], 1.0f * 3 * 3 - 0.5f * 4);   // sub-block 2
        QCOMPARE(y[128], 1.0f * 23 * 3 - 0.5f * 1); // sub-block 4 with the borrowed bit
    }

    void q6_K()
    {
        BlockQ6_K b{};
        b.d = fp32ToFp16(0.5f);
        for (int i = 0; i < 16; ++i)
            b.scales[i] = int8_t(i - 8);
        for (int l = 0; l < 128; ++l)
            b.ql[l] = uint8_t(5 | (10 << 4));
        for (int l = 0; l < 64; ++l)
            b.qh[l] = uint8_t(1 | (2 << 2) | (3 << 4) | (0 << 6));
        float y[256];
        QVERIFY(dequantizeRow(GgmlType::Q6_K, &b, y, 256));
        // Half 0, l = 0: q1 = 5 | 1<<4 = 21 -> -11 at 0 (scale[0] = -8)
        QCOMPARE(y[0], 0.5f * -8 * (21 - 32));
        // q2 = 5 | 2<<4 = 37 -> 5 at 32 (scale[2] = -6)
        QCOMPARE(y[32], 0.5f * -6 * (37 - 32));
        // q3 = 10 | 3<<4 = 58 -> 26 at 64 (scale[4] = -4)
        QCOMPARE(y[64], 0.5f * -4 * (58 - 32));
        // q4 = 10 | 0 = 10 -> -22 at 96 (scale[6] = -2); half 1 l = 16 uses scale[8 + 1 + 6]
        QCOMPARE(y[96], 0.5f * -2 * (10 - 32));
        QCOMPARE(y[128 + 96 + 16], 0.5f * 7 * (10 - 32));
    }

    void rejectsBadInput()
    {
        float y[64];
        BlockQ8_0 b[2]{};
        QVERIFY(!dequantizeRow(GgmlType::Q8_0, b, y, 33)); // not a whole block
        QVERIFY(!dequantizeRow(GgmlType::Q8_K, b, y, 256)); // activation-only format
    }
};

QTEST_GUILESS_MAIN(TestDequantize)
#include "tst_dequantize.moc"
