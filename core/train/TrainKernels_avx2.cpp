// AVX2 + FMA versions of the trainer's kernels; same summation order as the portable ones.
#include "core/train/TrainKernels.h"

#include <immintrin.h>

#include <cmath>

namespace triad::train {

namespace {

/** ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)): the portable kernel's lane order. */
inline float reduceLanes(__m256 v)
{
    const __m128 lo = _mm256_castps256_ps128(v);
    const __m128 hi = _mm256_extractf128_ps(v, 1);
    const __m128 s = _mm_add_ps(lo, hi);                 // (l0+l4, l1+l5, l2+l6, l3+l7)
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s)); // (s0+s2, s1+s3, ...)
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

void dotRowsAvx2(const float* w, size_t wStride, int nRows, const float* x, int64_t n, float* out)
{
    const int64_t n8 = n & ~int64_t(7);
    int r = 0;
    for (; r + 4 <= nRows; r += 4) {
        const float* w0 = w + size_t(r) * wStride;
        const float* w1 = w0 + wStride;
        const float* w2 = w1 + wStride;
        const float* w3 = w2 + wStride;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (int64_t i = 0; i < n8; i += 8) {
            const __m256 xv = _mm256_loadu_ps(x + i);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + i), xv, a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w1 + i), xv, a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w2 + i), xv, a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w3 + i), xv, a3);
        }
        float s0 = reduceLanes(a0), s1 = reduceLanes(a1), s2 = reduceLanes(a2), s3 = reduceLanes(a3);
        for (int64_t i = n8; i < n; ++i) {
            s0 = std::fma(w0[i], x[i], s0);
            s1 = std::fma(w1[i], x[i], s1);
            s2 = std::fma(w2[i], x[i], s2);
            s3 = std::fma(w3[i], x[i], s3);
        }
        out[r] = s0;
        out[r + 1] = s1;
        out[r + 2] = s2;
        out[r + 3] = s3;
    }
    for (; r < nRows; ++r) {
        const float* w0 = w + size_t(r) * wStride;
        __m256 a0 = _mm256_setzero_ps();
        for (int64_t i = 0; i < n8; i += 8)
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w0 + i), _mm256_loadu_ps(x + i), a0);
        float s0 = reduceLanes(a0);
        for (int64_t i = n8; i < n; ++i)
            s0 = std::fma(w0[i], x[i], s0);
        out[r] = s0;
    }
}

void combineAvx2(float* y, int64_t n, const float* x, size_t xStride, const float* coef, size_t coefStride, int count)
{
    // Gather the non-zero coefficients so padding and masked rows cost nothing.
    int k = 0;
    while (k < count) {
        const float* rows[4];
        float c[4];
        int m = 0;
        for (; k < count && m < 4; ++k) {
            const float v = coef[size_t(k) * coefStride];
            if (v == 0.0f)
                continue;
            rows[m] = x + size_t(k) * xStride;
            c[m++] = v;
        }
        if (m == 0)
            break;
        const int64_t n8 = n & ~int64_t(7);
        if (m == 4) {
            const __m256 c0 = _mm256_set1_ps(c[0]), c1 = _mm256_set1_ps(c[1]);
            const __m256 c2 = _mm256_set1_ps(c[2]), c3 = _mm256_set1_ps(c[3]);
            for (int64_t i = 0; i < n8; i += 8) {
                __m256 v = _mm256_loadu_ps(y + i);
                v = _mm256_fmadd_ps(c0, _mm256_loadu_ps(rows[0] + i), v);
                v = _mm256_fmadd_ps(c1, _mm256_loadu_ps(rows[1] + i), v);
                v = _mm256_fmadd_ps(c2, _mm256_loadu_ps(rows[2] + i), v);
                v = _mm256_fmadd_ps(c3, _mm256_loadu_ps(rows[3] + i), v);
                _mm256_storeu_ps(y + i, v);
            }
        } else {
            for (int j = 0; j < m; ++j) {
                const __m256 cv = _mm256_set1_ps(c[j]);
                for (int64_t i = 0; i < n8; i += 8)
                    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(cv, _mm256_loadu_ps(rows[j] + i), _mm256_loadu_ps(y + i)));
            }
        }
        for (int64_t i = n8; i < n; ++i)
            for (int j = 0; j < m; ++j)
                y[i] = std::fma(c[j], rows[j][i], y[i]);
    }
}

/** One output: the same lanes, reduction and tail as dotRowsAvx2. */
inline float dotOne(const float* w, const float* x, int64_t n)
{
    const int64_t n8 = n & ~int64_t(7);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n8; i += 8)
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), acc);
    float s = reduceLanes(acc);
    for (int64_t i = n8; i < n; ++i)
        s = std::fma(w[i], x[i], s);
    return s;
}

inline void store(float* o, float v, bool accumulate)
{
    *o = accumulate ? *o + v : v;
}

/**
 * 4 rows of a x 3 rows of b per pass: 12 accumulators, each chunk of 8 elements loads 7
 * vectors for 12 FMAs (dotRows loads 5 for 4), which is what makes the trainer's matrix
 * products compute-bound instead of load-bound.
 */
void dotTileAvx2(const float* a, size_t aStride, int nA, const float* b, size_t bStride, int nB, int64_t n, float* out,
                 size_t outStride, bool accumulate)
{
    const int64_t n8 = n & ~int64_t(7);
    int j = 0;
    for (; j + 3 <= nB; j += 3) {
        const float* b0 = b + size_t(j) * bStride;
        const float* b1 = b0 + bStride;
        const float* b2 = b1 + bStride;
        int i = 0;
        for (; i + 4 <= nA; i += 4) {
            const float* a0 = a + size_t(i) * aStride;
            const float* a1 = a0 + aStride;
            const float* a2 = a1 + aStride;
            const float* a3 = a2 + aStride;
            __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c02 = _mm256_setzero_ps();
            __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps(), c12 = _mm256_setzero_ps();
            __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c22 = _mm256_setzero_ps();
            __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps(), c32 = _mm256_setzero_ps();
            for (int64_t k = 0; k < n8; k += 8) {
                const __m256 v0 = _mm256_loadu_ps(b0 + k), v1 = _mm256_loadu_ps(b1 + k), v2 = _mm256_loadu_ps(b2 + k);
                __m256 u = _mm256_loadu_ps(a0 + k);
                c00 = _mm256_fmadd_ps(u, v0, c00);
                c01 = _mm256_fmadd_ps(u, v1, c01);
                c02 = _mm256_fmadd_ps(u, v2, c02);
                u = _mm256_loadu_ps(a1 + k);
                c10 = _mm256_fmadd_ps(u, v0, c10);
                c11 = _mm256_fmadd_ps(u, v1, c11);
                c12 = _mm256_fmadd_ps(u, v2, c12);
                u = _mm256_loadu_ps(a2 + k);
                c20 = _mm256_fmadd_ps(u, v0, c20);
                c21 = _mm256_fmadd_ps(u, v1, c21);
                c22 = _mm256_fmadd_ps(u, v2, c22);
                u = _mm256_loadu_ps(a3 + k);
                c30 = _mm256_fmadd_ps(u, v0, c30);
                c31 = _mm256_fmadd_ps(u, v1, c31);
                c32 = _mm256_fmadd_ps(u, v2, c32);
            }
            const __m256 acc[4][3] = {{c00, c01, c02}, {c10, c11, c12}, {c20, c21, c22}, {c30, c31, c32}};
            const float* as[4] = {a0, a1, a2, a3};
            const float* bs[3] = {b0, b1, b2};
            for (int ii = 0; ii < 4; ++ii)
                for (int jj = 0; jj < 3; ++jj) {
                    float s = reduceLanes(acc[ii][jj]);
                    for (int64_t k = n8; k < n; ++k)
                        s = std::fma(as[ii][k], bs[jj][k], s);
                    store(out + size_t(j + jj) * outStride + size_t(i + ii), s, accumulate);
                }
        }
        for (; i < nA; ++i)
            for (int jj = 0; jj < 3; ++jj)
                store(out + size_t(j + jj) * outStride + size_t(i),
                      dotOne(a + size_t(i) * aStride, b + size_t(j + jj) * bStride, n), accumulate);
    }
    for (; j < nB; ++j)
        for (int i = 0; i < nA; ++i)
            store(out + size_t(j) * outStride + size_t(i), dotOne(a + size_t(i) * aStride, b + size_t(j) * bStride, n),
                  accumulate);
}

/**
 * 4 rows of out x 16 columns held in 8 registers while r runs over the block: per r, two
 * loads of W and four broadcasts feed eight FMAs. Zero coefficients are not skipped here:
 * fma(0, w, y) == y, so the bits equal combine()'s.
 */
void axpyTileAvx2(const float* coef, size_t coefStride, int nT, const float* w, size_t wStride, int nR, int64_t nC,
                  float* out, size_t outStride)
{
    int t = 0;
    for (; t + 4 <= nT; t += 4) {
        const float* k0 = coef + size_t(t) * coefStride;
        const float* k1 = k0 + coefStride;
        const float* k2 = k1 + coefStride;
        const float* k3 = k2 + coefStride;
        float* o0 = out + size_t(t) * outStride;
        float* o1 = o0 + outStride;
        float* o2 = o1 + outStride;
        float* o3 = o2 + outStride;
        int64_t c = 0;
        for (; c + 16 <= nC; c += 16) {
            __m256 a0 = _mm256_loadu_ps(o0 + c), b0 = _mm256_loadu_ps(o0 + c + 8);
            __m256 a1 = _mm256_loadu_ps(o1 + c), b1 = _mm256_loadu_ps(o1 + c + 8);
            __m256 a2 = _mm256_loadu_ps(o2 + c), b2 = _mm256_loadu_ps(o2 + c + 8);
            __m256 a3 = _mm256_loadu_ps(o3 + c), b3 = _mm256_loadu_ps(o3 + c + 8);
            for (int r = 0; r < nR; ++r) {
                const float* wr = w + size_t(r) * wStride + c;
                const __m256 w0 = _mm256_loadu_ps(wr), w1 = _mm256_loadu_ps(wr + 8);
                __m256 s = _mm256_broadcast_ss(k0 + r);
                a0 = _mm256_fmadd_ps(s, w0, a0);
                b0 = _mm256_fmadd_ps(s, w1, b0);
                s = _mm256_broadcast_ss(k1 + r);
                a1 = _mm256_fmadd_ps(s, w0, a1);
                b1 = _mm256_fmadd_ps(s, w1, b1);
                s = _mm256_broadcast_ss(k2 + r);
                a2 = _mm256_fmadd_ps(s, w0, a2);
                b2 = _mm256_fmadd_ps(s, w1, b2);
                s = _mm256_broadcast_ss(k3 + r);
                a3 = _mm256_fmadd_ps(s, w0, a3);
                b3 = _mm256_fmadd_ps(s, w1, b3);
            }
            _mm256_storeu_ps(o0 + c, a0);
            _mm256_storeu_ps(o0 + c + 8, b0);
            _mm256_storeu_ps(o1 + c, a1);
            _mm256_storeu_ps(o1 + c + 8, b1);
            _mm256_storeu_ps(o2 + c, a2);
            _mm256_storeu_ps(o2 + c + 8, b2);
            _mm256_storeu_ps(o3 + c, a3);
            _mm256_storeu_ps(o3 + c + 8, b3);
        }
        for (; c < nC; ++c) {
            float v0 = o0[c], v1 = o1[c], v2 = o2[c], v3 = o3[c];
            for (int r = 0; r < nR; ++r) {
                const float x = w[size_t(r) * wStride + size_t(c)];
                v0 = std::fma(k0[r], x, v0);
                v1 = std::fma(k1[r], x, v1);
                v2 = std::fma(k2[r], x, v2);
                v3 = std::fma(k3[r], x, v3);
            }
            o0[c] = v0;
            o1[c] = v1;
            o2[c] = v2;
            o3[c] = v3;
        }
    }
    for (; t < nT; ++t) {
        const float* k0 = coef + size_t(t) * coefStride;
        float* o0 = out + size_t(t) * outStride;
        int64_t c = 0;
        for (; c + 8 <= nC; c += 8) {
            __m256 a0 = _mm256_loadu_ps(o0 + c);
            for (int r = 0; r < nR; ++r)
                a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(k0 + r), _mm256_loadu_ps(w + size_t(r) * wStride + size_t(c)), a0);
            _mm256_storeu_ps(o0 + c, a0);
        }
        for (; c < nC; ++c) {
            float v0 = o0[c];
            for (int r = 0; r < nR; ++r)
                v0 = std::fma(k0[r], w[size_t(r) * wStride + size_t(c)], v0);
            o0[c] = v0;
        }
    }
}

} // namespace

void fillAvx2TrainKernels(TrainKernels& table)
{
    table.dotRows = dotRowsAvx2;
    table.combine = combineAvx2;
    table.dotTile = dotTileAvx2;
    table.axpyTile = axpyTileAvx2;
}

} // namespace triad::train
