// Portable reference kernels: every weight row is decoded into small integers with integer
// scales per group of 16 (or 32) values, then multiplied with the int8 activations. The
// SIMD files must agree with these up to float summation order.

#include "core/engine/Fp16.h"
#include "core/engine/Kernels.h"
#include "core/engine/QuantBlocks.h"
#include "core/engine/Quantize.h"

#include <cmath>
#include <cstring>

namespace triad::engine {

namespace {

uint32_t loadU32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// ---- float weights x f32 activations -------------------------------------------------

float dotF32(int64_t n, const void* w, const float* a)
{
    const auto* x = static_cast<const float*>(w);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i)
        sum += x[i] * a[i];
    return sum;
}

float dotF16(int64_t n, const void* w, const float* a)
{
    const auto* x = static_cast<const uint16_t*>(w);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i)
        sum += fp16ToFp32(x[i]) * a[i];
    return sum;
}

float dotBF16(int64_t n, const void* w, const float* a)
{
    const auto* x = static_cast<const uint16_t*>(w);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i)
        sum += bf16ToFp32(x[i]) * a[i];
    return sum;
}

// ---- 32-element blocks ----------------------------------------------------------------

int dot32(const int8_t* q, const int8_t* a)
{
    int sum = 0;
    for (int j = 0; j < kQk; ++j)
        sum += int(q[j]) * int(a[j]);
    return sum;
}

/** Unpacks 4-bit values (element j low nibble, j + 16 high) plus an optional 5th bit. */
void unpack32(const uint8_t* qs, uint32_t qh, bool hasHighBit, int offset, int8_t* q)
{
    for (int j = 0; j < 16; ++j) {
        int lo = qs[j] & 15, hi = qs[j] >> 4;
        if (hasHighBit) {
            lo |= int((qh >> j) & 1) << 4;
            hi |= int((qh >> (j + 16)) & 1) << 4;
        }
        q[j] = int8_t(lo - offset);
        q[j + 16] = int8_t(hi - offset);
    }
}

float dotQ4_0(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const BlockQ4_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQk; ++i) {
        int8_t q[kQk];
        unpack32(x[i].qs, 0, false, 8, q);
        sum += fp16ToFp32(x[i].d) * fp16ToFp32(y[i].d) * float(dot32(q, y[i].qs));
    }
    return sum;
}

float dotQ5_0(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const BlockQ5_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQk; ++i) {
        int8_t q[kQk];
        unpack32(x[i].qs, loadU32(x[i].qh), true, 16, q);
        sum += fp16ToFp32(x[i].d) * fp16ToFp32(y[i].d) * float(dot32(q, y[i].qs));
    }
    return sum;
}

float dotQ4_1(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const BlockQ4_1*>(w);
    const auto* y = static_cast<const BlockQ8_1*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQk; ++i) {
        int8_t q[kQk];
        unpack32(x[i].qs, 0, false, 0, q);
        sum += fp16ToFp32(x[i].d) * fp16ToFp32(y[i].d) * float(dot32(q, y[i].qs)) +
               fp16ToFp32(x[i].m) * fp16ToFp32(y[i].s);
    }
    return sum;
}

float dotQ5_1(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const BlockQ5_1*>(w);
    const auto* y = static_cast<const BlockQ8_1*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQk; ++i) {
        int8_t q[kQk];
        unpack32(x[i].qs, loadU32(x[i].qh), true, 0, q);
        sum += fp16ToFp32(x[i].d) * fp16ToFp32(y[i].d) * float(dot32(q, y[i].qs)) +
               fp16ToFp32(x[i].m) * fp16ToFp32(y[i].s);
    }
    return sum;
}

float dotQ8_0(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const BlockQ8_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQk; ++i)
        sum += fp16ToFp32(x[i].d) * fp16ToFp32(y[i].d) * float(dot32(x[i].qs, y[i].qs));
    return sum;
}

// ---- K-quants: decode to q[256], scale per 16, min per 16 -------------------------------

struct KDecoded {
    int8_t q[kQkK];
    int scale[16];
    int min[16];
    float d;
    float dmin;
};

void decodeQ2_K(const BlockQ2_K& b, KDecoded& k)
{
    k.d = fp16ToFp32(b.d);
    k.dmin = fp16ToFp32(b.dmin);
    int out = 0, is = 0;
    for (int half = 0; half < 2; ++half)
        for (int shift = 0; shift < 8; shift += 2)
            for (int part = 0; part < 2; ++part, ++is) {
                k.scale[is] = b.scales[is] & 15;
                k.min[is] = b.scales[is] >> 4;
                for (int l = 0; l < 16; ++l)
                    k.q[out++] = int8_t((b.qs[32 * half + 16 * part + l] >> shift) & 3);
            }
}

void decodeQ3_K(const BlockQ3_K& b, KDecoded& k)
{
    k.d = fp16ToFp32(b.d);
    k.dmin = 0.0f;
    int8_t sc[16];
    q3kScales(b.scales, sc);
    int out = 0, is = 0;
    uint8_t mask = 1;
    for (int half = 0; half < 2; ++half)
        for (int shift = 0; shift < 8; shift += 2, mask = uint8_t(mask << 1))
            for (int part = 0; part < 2; ++part, ++is) {
                k.scale[is] = sc[is];
                k.min[is] = 0;
                for (int l = 0; l < 16; ++l) {
                    const int idx = 16 * part + l;
                    const int low = (b.qs[32 * half + idx] >> shift) & 3;
                    k.q[out++] = int8_t(low - ((b.hmask[idx] & mask) ? 0 : 4));
                }
            }
}

void decodeQ4_K(const BlockQ4_K& b, KDecoded& k)
{
    k.d = fp16ToFp32(b.d);
    k.dmin = fp16ToFp32(b.dmin);
    for (int c = 0; c < 4; ++c) {
        for (int part = 0; part < 2; ++part) {
            const int sub = 2 * c + part;
            uint8_t sc, m;
            kQuantScaleMin(sub, b.scales, sc, m);
            k.scale[2 * sub] = k.scale[2 * sub + 1] = sc;
            k.min[2 * sub] = k.min[2 * sub + 1] = m;
            for (int l = 0; l < 32; ++l)
                k.q[32 * sub + l] = int8_t(part == 0 ? (b.qs[32 * c + l] & 15) : (b.qs[32 * c + l] >> 4));
        }
    }
}

void decodeQ5_K(const BlockQ5_K& b, KDecoded& k)
{
    k.d = fp16ToFp32(b.d);
    k.dmin = fp16ToFp32(b.dmin);
    for (int c = 0; c < 4; ++c) {
        for (int part = 0; part < 2; ++part) {
            const int sub = 2 * c + part;
            uint8_t sc, m;
            kQuantScaleMin(sub, b.scales, sc, m);
            k.scale[2 * sub] = k.scale[2 * sub + 1] = sc;
            k.min[2 * sub] = k.min[2 * sub + 1] = m;
            for (int l = 0; l < 32; ++l) {
                const int low = part == 0 ? (b.qs[32 * c + l] & 15) : (b.qs[32 * c + l] >> 4);
                const int high = (b.qh[l] >> sub) & 1;
                k.q[32 * sub + l] = int8_t(low | (high << 4));
            }
        }
    }
}

void decodeQ6_K(const BlockQ6_K& b, KDecoded& k)
{
    k.d = fp16ToFp32(b.d);
    k.dmin = 0.0f;
    for (int g = 0; g < 16; ++g) {
        k.scale[g] = b.scales[g];
        k.min[g] = 0;
    }
    for (int n = 0; n < 2; ++n) {
        const uint8_t* ql = b.ql + 64 * n;
        const uint8_t* qh = b.qh + 32 * n;
        int8_t* q = k.q + 128 * n;
        for (int l = 0; l < 32; ++l) {
            q[l] = int8_t(((ql[l] & 15) | (((qh[l] >> 0) & 3) << 4)) - 32);
            q[l + 32] = int8_t(((ql[l + 32] & 15) | (((qh[l] >> 2) & 3) << 4)) - 32);
            q[l + 64] = int8_t(((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
            q[l + 96] = int8_t(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
        }
    }
}

template <class Block, void (*Decode)(const Block&, KDecoded&)>
float dotK(int64_t n, const void* w, const void* act)
{
    const auto* x = static_cast<const Block*>(w);
    const auto* y = static_cast<const BlockQ8_K*>(act);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQkK; ++i) {
        KDecoded k;
        Decode(x[i], k);
        int scaled = 0, mins = 0;
        for (int g = 0; g < 16; ++g) {
            int s = 0;
            for (int l = 0; l < 16; ++l)
                s += int(k.q[16 * g + l]) * int(y[i].qs[16 * g + l]);
            scaled += k.scale[g] * s;
            mins += k.min[g] * y[i].bsums[g];
        }
        sum += y[i].d * (k.d * float(scaled) - k.dmin * float(mins));
    }
    return sum;
}

// ---- tiles ----------------------------------------------------------------------------

template <float (*Dot)(int64_t, const void*, const float*)>
void tileFloat(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
               float* out, size_t outStride)
{
    for (int c = 0; c < nCols; ++c) {
        const auto* act = reinterpret_cast<const float*>(static_cast<const uint8_t*>(a) + size_t(c) * aStride);
        for (int r = 0; r < nRows; ++r)
            out[size_t(c) * outStride + size_t(r)] = Dot(n, static_cast<const uint8_t*>(w) + size_t(r) * wStride, act);
    }
}

template <float (*Dot)(int64_t, const void*, const void*)>
void tileQuant(int64_t n, const void* w, size_t wStride, int nRows, const void* a, size_t aStride, int nCols,
               float* out, size_t outStride)
{
    for (int c = 0; c < nCols; ++c) {
        const uint8_t* act = static_cast<const uint8_t*>(a) + size_t(c) * aStride;
        for (int r = 0; r < nRows; ++r)
            out[size_t(c) * outStride + size_t(r)] = Dot(n, static_cast<const uint8_t*>(w) + size_t(r) * wStride, act);
    }
}

void swiGluScalar(float* gate, const float* up, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = g / (1.0f + std::exp(-g)) * up[i];
    }
}

void set(KernelTable& t, GgmlType type, DotTileFn fn, GgmlType act)
{
    t.byType[static_cast<size_t>(type)] = TypeKernel{fn, act};
}

} // namespace

void fillScalarKernels(KernelTable& t)
{
    t.level = CpuLevel::Scalar;
    t.quantizeQ8_0 = quantizeRowQ8_0;
    t.quantizeQ8_1 = quantizeRowQ8_1;
    t.quantizeQ8_K = quantizeRowQ8_K;
    t.swiGlu = swiGluScalar;
    set(t, GgmlType::F32, tileFloat<dotF32>, GgmlType::F32);
    set(t, GgmlType::F16, tileFloat<dotF16>, GgmlType::F32);
    set(t, GgmlType::BF16, tileFloat<dotBF16>, GgmlType::F32);
    set(t, GgmlType::Q4_0, tileQuant<dotQ4_0>, GgmlType::Q8_0);
    set(t, GgmlType::Q4_1, tileQuant<dotQ4_1>, GgmlType::Q8_1);
    set(t, GgmlType::Q5_0, tileQuant<dotQ5_0>, GgmlType::Q8_0);
    set(t, GgmlType::Q5_1, tileQuant<dotQ5_1>, GgmlType::Q8_1);
    set(t, GgmlType::Q8_0, tileQuant<dotQ8_0>, GgmlType::Q8_0);
    set(t, GgmlType::Q2_K, tileQuant<dotK<BlockQ2_K, decodeQ2_K>>, GgmlType::Q8_K);
    set(t, GgmlType::Q3_K, tileQuant<dotK<BlockQ3_K, decodeQ3_K>>, GgmlType::Q8_K);
    set(t, GgmlType::Q4_K, tileQuant<dotK<BlockQ4_K, decodeQ4_K>>, GgmlType::Q8_K);
    set(t, GgmlType::Q5_K, tileQuant<dotK<BlockQ5_K, decodeQ5_K>>, GgmlType::Q8_K);
    set(t, GgmlType::Q6_K, tileQuant<dotK<BlockQ6_K, decodeQ6_K>>, GgmlType::Q8_K);
}

} // namespace triad::engine
