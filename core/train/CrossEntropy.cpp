#include "core/train/CrossEntropy.h"

#include "core/engine/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace triad::train {

double crossEntropy(engine::ThreadPool& pool, const float* logits, int64_t nTok, int64_t vocab, const int32_t* targets,
                    const float* weights, float gradScale, float* dLogits)
{
    std::vector<double> perToken(size_t(nTok), 0.0);
    std::vector<std::vector<float>> rows(size_t(pool.threadCount()));
    pool.parallelFor(nTok, 4, [&](int64_t begin, int64_t end, int thread) {
        for (int64_t t = begin; t < end; ++t) {
            const float* z = logits + size_t(t) * size_t(vocab);
            float* dz = dLogits ? dLogits + size_t(t) * size_t(vocab) : nullptr;
            const float w = weights[t];
            if (w == 0.0f) {
                if (dz)
                    std::fill(dz, dz + vocab, 0.0f);
                continue;
            }
            const float max = *std::max_element(z, z + vocab);
            // exp(z - max) once, in float (the row's dominant cost), kept in dz for the gradient.
            std::vector<float>& e = rows[size_t(thread)];
            e.resize(size_t(vocab));
            double sum = 0.0;
            for (int64_t i = 0; i < vocab; ++i) {
                e[size_t(i)] = std::exp(z[i] - max);
                sum += double(e[size_t(i)]);
            }
            const double lse = double(max) + std::log(sum);
            perToken[size_t(t)] = double(w) * (lse - double(z[targets[t]]));
            if (dz) {
                const float scale = float(double(gradScale * w) / sum);
                for (int64_t i = 0; i < vocab; ++i)
                    dz[i] = scale * e[size_t(i)];
                dz[targets[t]] -= gradScale * w;
            }
        }
    });
    double total = 0.0;
    for (double l : perToken)
        total += l;
    return total;
}

} // namespace triad::train
