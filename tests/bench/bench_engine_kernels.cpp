// bench_engine_kernels [--level scalar|avx2|avx512] [--cols N] [--ms T]
// Single-thread throughput of the dot-product kernels for the weight types of the benchmark
// models, on a 2816 x 1024 matrix (the shape of an FFN gate of bench-engine's model). Times
// are thread CPU time, not wall time: the machine is shared, and CPU time of one thread is
// what a kernel change moves. Prints GB/s of weights and GMAC/s for 1 column (decoding) and
// for --cols columns in chunks of 16 rows as MatMul schedules them (prompt processing,
// default 16), with the per-row kernel (Ncol dot) and the GEMM (Ncol gemm, what MatMul uses
// from 4 columns on; GMAC/s).

#include "core/engine/CpuFeatures.h"
#include "core/engine/Kernels.h"
#include "core/engine/Quantize.h"

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace triad::engine;

namespace {

double threadSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/** Best time of one call of @p fn over about @p budgetMs of CPU time. */
template <class Fn>
double bestSeconds(Fn&& fn, double budgetMs)
{
    double best = 1e30, spent = 0;
    int runs = 0;
    while (spent < budgetMs * 1e-3 || runs < 3) {
        const double t0 = threadSeconds();
        fn();
        const double t = threadSeconds() - t0;
        best = std::min(best, t);
        spent += t;
        ++runs;
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    CpuLevel level = activeCpuLevel();
    int cols = 16;
    double budgetMs = 300;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--level")
            level = v == "scalar" ? CpuLevel::Scalar : v == "avx512" ? CpuLevel::Avx512 : CpuLevel::Avx2;
        else if (k == "--cols")
            cols = std::max(1, std::atoi(v.c_str()));
        else if (k == "--ms")
            budgetMs = std::atof(v.c_str());
    }
    const KernelTable* table = kernelsFor(level);
    if (!table) {
        std::fprintf(stderr, "bench_engine_kernels: this CPU cannot run level %s\n", cpuLevelName(level).data());
        return 1;
    }
    const int64_t n = 1024;
    const int rows = 2816;
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.0f, 0.05f);
    std::vector<float> wf(size_t(n) * rows), xf(size_t(n) * size_t(cols));
    for (float& v : wf)
        v = dist(rng);
    for (float& v : xf)
        v = dist(rng) * 20.0f;

    std::printf("level %s, %d x %lld weights, thread CPU time\n", cpuLevelName(level).data(), rows, (long long)n);
    std::printf("%-6s %10s %10s %12s %12s %12s\n", "type", "1col GB/s", "1col GMAC", "Ncol dot", "Ncol gemm", "quant us/row");
    for (GgmlType type : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::F16, GgmlType::F32}) {
        const TypeKernel& k = table->forType(type);
        const size_t rowBytes = ggmlRowBytes(type, n);
        std::vector<uint8_t> w(rowBytes * rows);
        for (int r = 0; r < rows; ++r)
            quantizeRow(type, wf.data() + size_t(r) * size_t(n), w.data() + size_t(r) * rowBytes, n);
        const size_t aStride = activationRowBytes(k.activationType, n);
        std::vector<uint8_t> act(aStride * size_t(cols));
        for (int c = 0; c < cols; ++c)
            table->quantize(k.activationType, xf.data() + size_t(c) * size_t(n), act.data() + size_t(c) * aStride, n);
        std::vector<float> out(size_t(rows) * size_t(cols));

        const double t1 = bestSeconds([&] { k.dot(n, w.data(), rowBytes, rows, act.data(), aStride, 1, out.data(), rows); },
                                      budgetMs);
        // Like MatMul: chunks of 16 rows, each multiplied with every column (weights stay in
        // L1), once with the per-row kernel and once with the GEMM MatMul picks from 4
        // columns on (the two alternate, so both see the same machine load).
        const auto chunked = [&](DotTileFn fn) {
            for (int r0 = 0; r0 < rows; r0 += 16)
                fn(n, w.data() + size_t(r0) * rowBytes, rowBytes, 16, act.data(), aStride, cols, out.data() + r0, rows);
        };
        double tDot = 1e30, tGemm = 1e30;
        for (int round = 0; round < 3; ++round) {
            tDot = std::min(tDot, bestSeconds([&] { chunked(k.dot); }, budgetMs / 3));
            if (k.gemm)
                tGemm = std::min(tGemm, bestSeconds([&] { chunked(k.gemm); }, budgetMs / 3));
        }
        const double tq = bestSeconds(
            [&] {
                for (int c = 0; c < cols; ++c)
                    table->quantize(k.activationType, xf.data() + size_t(c) * size_t(n), act.data() + size_t(c) * aStride, n);
            },
            budgetMs / 4);
        const double macs = double(n) * rows;
        std::printf("%-6s %10.2f %10.2f %12.2f %12.2f %12.3f\n", ggmlTypeName(type).data(), double(w.size()) / t1 / 1e9,
                    macs / t1 / 1e9, macs * cols / tDot / 1e9, k.gemm ? macs * cols / tGemm / 1e9 : 0.0, tq / cols * 1e6);
    }
    return 0;
}
