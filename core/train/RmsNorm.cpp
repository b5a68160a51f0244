#include "core/train/RmsNorm.h"

#include <cmath>
#include <cstddef>

namespace triad::train {

void rmsNormForward(const float* x, const float* w, int64_t nTok, int64_t n, float eps, float* y, float* invRms)
{
    for (int64_t t = 0; t < nTok; ++t) {
        const float* xr = x + size_t(t) * size_t(n);
        float* yr = y + size_t(t) * size_t(n);
        // Double accumulation as the engine's rmsNorm does, so logits match inference.
        double sum = 0.0;
        for (int64_t i = 0; i < n; ++i)
            sum += double(xr[i]) * double(xr[i]);
        const float r = float(1.0 / std::sqrt(sum / double(n) + double(eps)));
        invRms[t] = r;
        for (int64_t i = 0; i < n; ++i)
            yr[i] = xr[i] * r * w[i];
    }
}

void rmsNormBackward(const float* x, const float* w, const float* invRms, const float* dy, int64_t nTok, int64_t n,
                     float* dx, float* dw)
{
    for (int64_t t = 0; t < nTok; ++t) {
        const float* xr = x + size_t(t) * size_t(n);
        const float* gr = dy + size_t(t) * size_t(n);
        float* dxr = dx + size_t(t) * size_t(n);
        const float r = invRms[t];
        double dot = 0.0; // Σ (w ⊙ dy ⊙ x)
        for (int64_t i = 0; i < n; ++i)
            dot += double(w[i]) * double(gr[i]) * double(xr[i]);
        const float c = float(dot * double(r) * double(r) * double(r) / double(n));
        for (int64_t i = 0; i < n; ++i)
            dxr[i] += r * w[i] * gr[i] - xr[i] * c;
        if (dw)
            for (int64_t i = 0; i < n; ++i)
                dw[i] += gr[i] * xr[i] * r;
    }
}

} // namespace triad::train
