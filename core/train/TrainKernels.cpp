#include "core/train/TrainKernels.h"

#include "core/engine/CpuFeatures.h"

#include <cmath>

namespace triad::train {

namespace {

/** Eight lanes summed pairwise at the end: the same order as the AVX2 kernel. */
float dotPortable(const float* w, const float* x, int64_t n)
{
    float lane[8] = {};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; ++l)
            lane[l] = std::fma(w[i + l], x[i + l], lane[l]);
    float sum = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
    for (; i < n; ++i)
        sum = std::fma(w[i], x[i], sum);
    return sum;
}

void dotRowsPortable(const float* w, size_t wStride, int nRows, const float* x, int64_t n, float* out)
{
    for (int r = 0; r < nRows; ++r)
        out[r] = dotPortable(w + size_t(r) * wStride, x, n);
}

void combinePortable(float* y, int64_t n, const float* x, size_t xStride, const float* coef, size_t coefStride,
                     int count)
{
    for (int k = 0; k < count; ++k) {
        const float c = coef[size_t(k) * coefStride];
        if (c == 0.0f)
            continue; // exact: fma(0, x, y) == y for finite x
        const float* row = x + size_t(k) * xStride;
        for (int64_t i = 0; i < n; ++i)
            y[i] = std::fma(c, row[i], y[i]);
    }
}

void dotTilePortable(const float* a, size_t aStride, int nA, const float* b, size_t bStride, int nB, int64_t n, float* out,
                     size_t outStride, bool accumulate)
{
    for (int j = 0; j < nB; ++j)
        for (int i = 0; i < nA; ++i) {
            const float d = dotPortable(a + size_t(i) * aStride, b + size_t(j) * bStride, n);
            float& o = out[size_t(j) * outStride + size_t(i)];
            o = accumulate ? o + d : d;
        }
}

void axpyTilePortable(const float* coef, size_t coefStride, int nT, const float* w, size_t wStride, int nR, int64_t nC,
                      float* out, size_t outStride)
{
    for (int t = 0; t < nT; ++t)
        combinePortable(out + size_t(t) * outStride, nC, w, wStride, coef + size_t(t) * coefStride, 1, nR);
}

struct Tables {
    TrainKernels portable, active;
    Tables()
    {
        fillPortableTrainKernels(portable);
        active = portable;
        if (engine::activeCpuLevel() >= engine::CpuLevel::Avx2)
            fillAvx2TrainKernels(active);
    }
};

const Tables& tables()
{
    static const Tables t;
    return t;
}

} // namespace

void fillPortableTrainKernels(TrainKernels& table)
{
    table.dotRows = dotRowsPortable;
    table.combine = combinePortable;
    table.dotTile = dotTilePortable;
    table.axpyTile = axpyTilePortable;
}

const TrainKernels& trainKernels()
{
    return tables().active;
}

const TrainKernels& portableTrainKernels()
{
    return tables().portable;
}

} // namespace triad::train
