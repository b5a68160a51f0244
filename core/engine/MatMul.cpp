#include "core/engine/MatMul.h"

#include "core/engine/Kernels.h"
#include "core/engine/ThreadPool.h"

#include <algorithm>

namespace triad::engine {

namespace {

/**
 * Tokens multiplied per pass over a chunk of rows. The GEMM kernels repack a chunk's weights
 * once per pass (14% of Q4_K prompt time at 64), so a whole 128-token prompt is one pass;
 * its activations (at most ~410 KB of Q8_K for 2816 columns) still fit the L2.
 */
constexpr int kTokenBlock = 128;

} // namespace

MatMul::MatMul(const KernelTable* kernels)
    : m_kernels(kernels ? kernels : &engine::kernels())
{
}

size_t MatMul::scratchBytes() const
{
    size_t total = 0;
    for (const Quantized& q : m_quantized)
        total += q.bytes.capacity();
    return total;
}

const MatMul::Quantized& MatMul::quantized(ThreadPool& pool, GgmlType type, const float* x, int64_t columns, int nTok)
{
    const size_t slot = type == GgmlType::Q8_0 ? 1 : type == GgmlType::Q8_1 ? 2 : type == GgmlType::Q8_K ? 3 : 0;
    Quantized& q = m_quantized[slot];
    if (q.filled)
        return q;
    q.filled = true;
    q.rowBytes = activationRowBytes(type, columns);
    q.bytes.resize(q.rowBytes * size_t(nTok));
    if (nTok == 1) {
        m_kernels->quantize(type, x, q.bytes.data(), columns);
    } else {
        pool.parallelFor(nTok, 4, [&](int64_t b, int64_t e, int) {
            for (int64_t t = b; t < e; ++t)
                m_kernels->quantize(type, x + t * columns, q.bytes.data() + size_t(t) * q.rowBytes, columns);
        });
    }
    return q;
}

void MatMul::multiply(ThreadPool& pool, const WeightMatrix& w, const float* x, int nTok, float* out)
{
    const MatMulTarget target{&w, out};
    multiplyMany(pool, std::span<const MatMulTarget>(&target, 1), x, nTok);
}

void MatMul::multiplyMany(ThreadPool& pool, std::span<const MatMulTarget> targets, const float* x, int nTok)
{
    if (targets.empty() || nTok <= 0)
        return;
    const int64_t columns = targets[0].weight->columns;
    for (Quantized& q : m_quantized)
        q.filled = false;
    struct Job {
        const TypeKernel* kernel;
        const Quantized* act;
        const WeightMatrix* w;
        float* out;
        int64_t firstChunk;
    };
    std::vector<Job> jobs;
    jobs.reserve(targets.size());
    int64_t totalRows = 0;
    for (const MatMulTarget& t : targets)
        totalRows += t.weight->rows;

    // Chunks of rows: enough chunks for the threads to balance, at least 4 rows each.
    const int threads = pool.threadCount();
    int64_t chunkRows = totalRows / (int64_t(threads) * 8);
    chunkRows = std::clamp<int64_t>(chunkRows, 4, nTok > 1 ? 16 : 64);
    chunkRows = (chunkRows + 3) / 4 * 4;

    int64_t chunks = 0;
    for (const MatMulTarget& t : targets) {
        const TypeKernel& k = m_kernels->forType(t.weight->type);
        const Quantized& act = quantized(pool, k.activationType, x, columns, nTok);
        jobs.push_back(Job{&k, &act, t.weight, t.out, chunks});
        chunks += (t.weight->rows + chunkRows - 1) / chunkRows;
    }

    pool.parallelFor(chunks, 1, [&](int64_t chunkBegin, int64_t chunkEnd, int) {
        for (int64_t chunk = chunkBegin; chunk < chunkEnd; ++chunk) {
            size_t j = 0;
            while (j + 1 < jobs.size() && jobs[j + 1].firstChunk <= chunk)
                ++j;
            const Job& job = jobs[j];
            const int64_t r0 = (chunk - job.firstChunk) * chunkRows;
            const int nRows = int(std::min<int64_t>(chunkRows, job.w->rows - r0));
            const uint8_t* wRows = job.w->data + size_t(r0) * job.w->rowBytes;
            for (int t0 = 0; t0 < nTok; t0 += kTokenBlock) {
                const int nCols = std::min(kTokenBlock, nTok - t0);
                job.kernel->forColumns(nCols)(columns, wRows, job.w->rowBytes, nRows, job.act->bytes.data() + size_t(t0) * job.act->rowBytes,
                                job.act->rowBytes, nCols, job.out + size_t(t0) * size_t(job.w->rows) + size_t(r0),
                                size_t(job.w->rows));
            }
        }
    });
}

} // namespace triad::engine
