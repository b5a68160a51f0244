#include "core/engine/Dequantize.h"

#include "core/engine/Fp16.h"
#include "core/engine/QuantBlocks.h"

#include <cstring>

namespace triad::engine {

namespace {

void dequantQ4_0(const BlockQ4_0* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQk) {
        const float d = fp16ToFp32(b[i].d);
        for (int j = 0; j < kQk / 2; ++j) {
            y[j] = float((b[i].qs[j] & 15) - 8) * d;
            y[j + 16] = float((b[i].qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantQ4_1(const BlockQ4_1* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQk) {
        const float d = fp16ToFp32(b[i].d);
        const float m = fp16ToFp32(b[i].m);
        for (int j = 0; j < kQk / 2; ++j) {
            y[j] = float(b[i].qs[j] & 15) * d + m;
            y[j + 16] = float(b[i].qs[j] >> 4) * d + m;
        }
    }
}

uint32_t loadU32(const uint8_t* p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

void dequantQ5_0(const BlockQ5_0* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQk) {
        const float d = fp16ToFp32(b[i].d);
        const uint32_t qh = loadU32(b[i].qh);
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = (b[i].qs[j] & 15) | int(((qh >> j) & 1) << 4);
            const int hi = (b[i].qs[j] >> 4) | int(((qh >> (j + 16)) & 1) << 4);
            y[j] = float(lo - 16) * d;
            y[j + 16] = float(hi - 16) * d;
        }
    }
}

void dequantQ5_1(const BlockQ5_1* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQk) {
        const float d = fp16ToFp32(b[i].d);
        const float m = fp16ToFp32(b[i].m);
        const uint32_t qh = loadU32(b[i].qh);
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = (b[i].qs[j] & 15) | int(((qh >> j) & 1) << 4);
            const int hi = (b[i].qs[j] >> 4) | int(((qh >> (j + 16)) & 1) << 4);
            y[j] = float(lo) * d + m;
            y[j + 16] = float(hi) * d + m;
        }
    }
}

void dequantQ8_0(const BlockQ8_0* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQk) {
        const float d = fp16ToFp32(b[i].d);
        for (int j = 0; j < kQk; ++j)
            y[j] = float(b[i].qs[j]) * d;
    }
}

void dequantQ2_K(const BlockQ2_K* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i) {
        const float d = fp16ToFp32(b[i].d);
        const float dmin = fp16ToFp32(b[i].dmin);
        const uint8_t* q = b[i].qs;
        int is = 0;
        for (int half = 0; half < 2; ++half, q += 32) {
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; ++part) {
                    const uint8_t sc = b[i].scales[is++];
                    const float dl = d * float(sc & 15);
                    const float ml = dmin * float(sc >> 4);
                    for (int l = 0; l < 16; ++l)
                        *y++ = dl * float((q[l + 16 * part] >> shift) & 3) - ml;
                }
            }
        }
    }
}

void dequantQ3_K(const BlockQ3_K* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i) {
        const float d = fp16ToFp32(b[i].d);
        int8_t scales[16];
        q3kScales(b[i].scales, scales);
        const uint8_t* q = b[i].qs;
        int is = 0;
        uint8_t mask = 1;
        for (int half = 0; half < 2; ++half, q += 32) {
            for (int shift = 0; shift < 8; shift += 2, mask = uint8_t(mask << 1)) {
                for (int part = 0; part < 2; ++part) {
                    const float dl = d * float(scales[is++]);
                    for (int l = 0; l < 16; ++l) {
                        const int idx = l + 16 * part;
                        const int low = (q[idx] >> shift) & 3;
                        const int offset = (b[i].hmask[idx] & mask) ? 0 : 4;
                        *y++ = dl * float(low - offset);
                    }
                }
            }
        }
    }
}

void dequantQ4_K(const BlockQ4_K* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i) {
        const float d = fp16ToFp32(b[i].d);
        const float dmin = fp16ToFp32(b[i].dmin);
        for (int c = 0; c < 4; ++c) {
            const uint8_t* q = b[i].qs + 32 * c;
            uint8_t sc, m;
            kQuantScaleMin(2 * c, b[i].scales, sc, m);
            const float d1 = d * sc, m1 = dmin * m;
            kQuantScaleMin(2 * c + 1, b[i].scales, sc, m);
            const float d2 = d * sc, m2 = dmin * m;
            for (int l = 0; l < 32; ++l)
                *y++ = d1 * float(q[l] & 15) - m1;
            for (int l = 0; l < 32; ++l)
                *y++ = d2 * float(q[l] >> 4) - m2;
        }
    }
}

void dequantQ5_K(const BlockQ5_K* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i) {
        const float d = fp16ToFp32(b[i].d);
        const float dmin = fp16ToFp32(b[i].dmin);
        for (int c = 0; c < 4; ++c) {
            const uint8_t* q = b[i].qs + 32 * c;
            const uint8_t bitLo = uint8_t(1u << (2 * c)), bitHi = uint8_t(1u << (2 * c + 1));
            uint8_t sc, m;
            kQuantScaleMin(2 * c, b[i].scales, sc, m);
            const float d1 = d * sc, m1 = dmin * m;
            kQuantScaleMin(2 * c + 1, b[i].scales, sc, m);
            const float d2 = d * sc, m2 = dmin * m;
            for (int l = 0; l < 32; ++l)
                *y++ = d1 * float((q[l] & 15) + ((b[i].qh[l] & bitLo) ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l)
                *y++ = d2 * float((q[l] >> 4) + ((b[i].qh[l] & bitHi) ? 16 : 0)) - m2;
        }
    }
}

void dequantQ6_K(const BlockQ6_K* b, float* y, int64_t nBlocks)
{
    for (int64_t i = 0; i < nBlocks; ++i, y += kQkK) {
        const float d = fp16ToFp32(b[i].d);
        for (int n = 0; n < 2; ++n) {
            const uint8_t* ql = b[i].ql + 64 * n;
            const uint8_t* qh = b[i].qh + 32 * n;
            const int8_t* sc = b[i].scales + 8 * n;
            float* out = y + 128 * n;
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 15) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 15) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                out[l] = d * float(sc[is + 0]) * float(q1);
                out[l + 32] = d * float(sc[is + 2]) * float(q2);
                out[l + 64] = d * float(sc[is + 4]) * float(q3);
                out[l + 96] = d * float(sc[is + 6]) * float(q4);
            }
        }
    }
}

} // namespace

bool dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n)
{
    const int64_t blockElements = ggmlBlockElements(type);
    if (n < 0 || n % blockElements != 0)
        return false;
    const int64_t nb = n / blockElements;
    switch (type) {
    case GgmlType::F32:
        std::memcpy(dst, src, size_t(n) * sizeof(float));
        return true;
    case GgmlType::F16: {
        const auto* h = static_cast<const uint16_t*>(src);
        for (int64_t i = 0; i < n; ++i)
            dst[i] = fp16ToFp32(h[i]);
        return true;
    }
    case GgmlType::BF16: {
        const auto* h = static_cast<const uint16_t*>(src);
        for (int64_t i = 0; i < n; ++i)
            dst[i] = bf16ToFp32(h[i]);
        return true;
    }
    case GgmlType::Q4_0: dequantQ4_0(static_cast<const BlockQ4_0*>(src), dst, nb); return true;
    case GgmlType::Q4_1: dequantQ4_1(static_cast<const BlockQ4_1*>(src), dst, nb); return true;
    case GgmlType::Q5_0: dequantQ5_0(static_cast<const BlockQ5_0*>(src), dst, nb); return true;
    case GgmlType::Q5_1: dequantQ5_1(static_cast<const BlockQ5_1*>(src), dst, nb); return true;
    case GgmlType::Q8_0: dequantQ8_0(static_cast<const BlockQ8_0*>(src), dst, nb); return true;
    case GgmlType::Q2_K: dequantQ2_K(static_cast<const BlockQ2_K*>(src), dst, nb); return true;
    case GgmlType::Q3_K: dequantQ3_K(static_cast<const BlockQ3_K*>(src), dst, nb); return true;
    case GgmlType::Q4_K: dequantQ4_K(static_cast<const BlockQ4_K*>(src), dst, nb); return true;
    case GgmlType::Q5_K: dequantQ5_K(static_cast<const BlockQ5_K*>(src), dst, nb); return true;
    case GgmlType::Q6_K: dequantQ6_K(static_cast<const BlockQ6_K*>(src), dst, nb); return true;
    case GgmlType::Q8_1:
    case GgmlType::Q8_K:
        return false;
    }
    return false;
}

} // namespace triad::engine
