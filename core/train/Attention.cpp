#include "core/train/Attention.h"

#include "core/engine/ThreadPool.h"
#include "core/train/TrainKernels.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace triad::train {

void attentionForward(engine::ThreadPool& pool, const AttentionShape& s, std::span<const Segment> segments,
                      const float* q, const float* k, const float* v, float* out, float* lse)
{
    const size_t qStride = size_t(s.heads * s.headDimK), kStride = size_t(s.kvHeads * s.headDimK);
    const size_t vStride = size_t(s.kvHeads * s.headDimV), oStride = size_t(s.heads * s.headDimV);
    const int64_t group = s.heads / s.kvHeads;
    const float scale = 1.0f / std::sqrt(float(s.headDimK));
    const int64_t total = segments.empty() ? 0 : segments.back().start + segments.back().length;
    const TrainKernels& kern = trainKernels();
    std::vector<std::vector<float>> scratch(size_t(pool.threadCount()));

    pool.parallelFor(int64_t(segments.size()) * s.heads, 1, [&](int64_t begin, int64_t end, int thread) {
        std::vector<float>& p = scratch[size_t(thread)];
        for (int64_t task = begin; task < end; ++task) {
            const Segment& seg = segments[size_t(task / s.heads)];
            const int64_t h = task % s.heads, kvh = h / group;
            p.resize(size_t(seg.length));
            const float* kBase = k + size_t(seg.start) * kStride + size_t(kvh * s.headDimK);
            const float* vBase = v + size_t(seg.start) * vStride + size_t(kvh * s.headDimV);
            for (int64_t i = 0; i < seg.length; ++i) {
                const int64_t t = seg.start + i;
                kern.dotRows(kBase, kStride, int(i + 1), q + size_t(t) * qStride + size_t(h * s.headDimK), s.headDimK,
                             p.data());
                float max = -INFINITY;
                for (int64_t j = 0; j <= i; ++j) {
                    p[size_t(j)] *= scale;
                    max = std::max(max, p[size_t(j)]);
                }
                double sum = 0.0;
                for (int64_t j = 0; j <= i; ++j) {
                    p[size_t(j)] = std::exp(p[size_t(j)] - max);
                    sum += p[size_t(j)];
                }
                const float inv = float(1.0 / sum);
                for (int64_t j = 0; j <= i; ++j)
                    p[size_t(j)] *= inv;
                float* o = out + size_t(t) * oStride + size_t(h * s.headDimV);
                std::fill(o, o + s.headDimV, 0.0f);
                kern.combine(o, s.headDimV, vBase, vStride, p.data(), 1, int(i + 1));
                lse[size_t(h) * size_t(total) + size_t(t)] = max + float(std::log(sum));
            }
        }
    });
}

void attentionBackward(engine::ThreadPool& pool, const AttentionShape& s, std::span<const Segment> segments,
                       const float* q, const float* k, const float* v, const float* out, const float* lse,
                       const float* dOut, float* dq, float* dk, float* dv)
{
    const size_t qStride = size_t(s.heads * s.headDimK), kStride = size_t(s.kvHeads * s.headDimK);
    const size_t vStride = size_t(s.kvHeads * s.headDimV), oStride = size_t(s.heads * s.headDimV);
    const int64_t group = s.heads / s.kvHeads;
    const float scale = 1.0f / std::sqrt(float(s.headDimK));
    const int64_t total = segments.empty() ? 0 : segments.back().start + segments.back().length;
    const TrainKernels& kern = trainKernels();
    struct Scratch {
        std::vector<float> p, ds, row; // p, dS: (L, L) of one head
    };
    std::vector<Scratch> scratch(size_t(pool.threadCount()));

    // One task per (segment, KV head): the query heads of a group all write that KV head's
    // dk and dv, so they run in one task, in order.
    pool.parallelFor(int64_t(segments.size()) * s.kvHeads, 1, [&](int64_t begin, int64_t end, int thread) {
        Scratch& sc = scratch[size_t(thread)];
        for (int64_t task = begin; task < end; ++task) {
            const Segment& seg = segments[size_t(task / s.kvHeads)];
            const int64_t kvh = task % s.kvHeads, L = seg.length;
            sc.p.assign(size_t(L * L), 0.0f);
            sc.ds.assign(size_t(L * L), 0.0f);
            sc.row.resize(size_t(L));
            const float* kBase = k + size_t(seg.start) * kStride + size_t(kvh * s.headDimK);
            const float* vBase = v + size_t(seg.start) * vStride + size_t(kvh * s.headDimV);
            float* dkBase = dk + size_t(seg.start) * kStride + size_t(kvh * s.headDimK);
            float* dvBase = dv + size_t(seg.start) * vStride + size_t(kvh * s.headDimV);
            for (int64_t h = kvh * group; h < (kvh + 1) * group; ++h) {
                const float* qBase = q + size_t(seg.start) * qStride + size_t(h * s.headDimK);
                const float* doBase = dOut + size_t(seg.start) * oStride + size_t(h * s.headDimV);
                const float* oBase = out + size_t(seg.start) * oStride + size_t(h * s.headDimV);
                float* dqBase = dq + size_t(seg.start) * qStride + size_t(h * s.headDimK);
                for (int64_t i = 0; i < L; ++i) {
                    float* p = sc.p.data() + size_t(i * L);
                    float* ds = sc.ds.data() + size_t(i * L);
                    const float rowLse = lse[size_t(h) * size_t(total) + size_t(seg.start + i)];
                    kern.dotRows(kBase, kStride, int(i + 1), qBase + size_t(i) * qStride, s.headDimK, p);
                    for (int64_t j = 0; j <= i; ++j)
                        p[j] = std::exp(p[j] * scale - rowLse);
                    // dP_ij = dO_i · v_j;  D_i = dO_i · O_i;  dS_ij = P_ij (dP_ij − D_i) · scale
                    const float* doRow = doBase + size_t(i) * oStride;
                    kern.dotRows(vBase, vStride, int(i + 1), doRow, s.headDimV, sc.row.data());
                    float d = 0.0f;
                    kern.dotRows(oBase + size_t(i) * oStride, 0, 1, doRow, s.headDimV, &d);
                    for (int64_t j = 0; j <= i; ++j)
                        ds[j] = p[j] * (sc.row[size_t(j)] - d) * scale;
                    // dq_i += Σ_j dS_ij k_j
                    kern.combine(dqBase + size_t(i) * qStride, s.headDimK, kBase, kStride, ds, 1, int(i + 1));
                }
                for (int64_t j = 0; j < L; ++j) {
                    // dk_j += Σ_{i≥j} dS_ij q_i;  dv_j += Σ_{i≥j} P_ij dO_i
                    kern.combine(dkBase + size_t(j) * kStride, s.headDimK, qBase + size_t(j) * qStride, qStride,
                                 sc.ds.data() + size_t(j * L + j), size_t(L), int(L - j));
                    kern.combine(dvBase + size_t(j) * vStride, s.headDimV, doBase + size_t(j) * oStride, oStride,
                                 sc.p.data() + size_t(j * L + j), size_t(L), int(L - j));
                }
            }
        }
    });
}

} // namespace triad::train
