// triad-cli bench-engine --model-file PATH [--threads N] [--repetitions R] [--phase pp|tg] [--json]
// Measures prompt processing of 128 tokens (pp128) and generation of 64 tokens (tg64), best of
// R runs (default 3), like llama-bench; the memory read bandwidth in the same run (summing the
// model's mapped weights with the same threads), the fraction of it that decoding reaches
// (weight bytes x tg64 / bandwidth) and the peak resident memory. --phase runs only one of
// the two measurements (for profiling); the other is reported as 0.

#include "ArgParser.h"
#include "Command.h"

#include "core/engine/CpuFeatures.h"
#include "core/engine/GgufFile.h"
#include "core/engine/Model.h"
#include "core/engine/ThreadPool.h"
#include "core/engine/Transformer.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>

namespace {

using namespace triad::engine;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage =
    "usage: triad-cli bench-engine --model-file PATH [--threads N] [--repetitions R] [--phase pp|tg] [--json]\n";

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

/** CPU time of the whole process (all threads) in seconds. */
double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/**
 * Reads [data, data + bytes) with all threads, 64 bytes per step in four independent vector
 * sums, so the loop is limited by memory rather than by the adds (a scalar loop measured
 * the core instead of the memory).
 */
double readBandwidthGbs(ThreadPool& pool, const uint8_t* data, size_t bytes)
{
    using Vec = uint64_t __attribute__((vector_size(16)));
    constexpr size_t kStep = 64;
    const size_t steps = bytes / kStep;
    std::vector<uint64_t> sums(size_t(pool.threadCount()) * 8, 0);
    const auto t0 = Clock::now();
    pool.parallelFor(int64_t(steps), 1 << 12, [&](int64_t b, int64_t e, int thread) {
        Vec s0{}, s1{}, s2{}, s3{};
        for (int64_t i = b; i < e; ++i) {
            Vec v[4];
            std::memcpy(v, data + size_t(i) * kStep, sizeof v);
            s0 += v[0];
            s1 += v[1];
            s2 += v[2];
            s3 += v[3];
        }
        const Vec s = s0 + s1 + s2 + s3;
        sums[size_t(thread) * 8] += s[0] + s[1];
    });
    const double t = seconds(t0, Clock::now());
    volatile uint64_t sink = 0;
    for (uint64_t s : sums)
        sink = sink + s;
    (void)sink;
    return double(steps * kStep) / t / 1e9;
}

/** Resident set high-water mark in MB (VmHWM; getrusage as a fallback). */
double peakRssMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

/** Current anonymous (non-file) resident memory in MB: heap, KV cache, scratch. */
double anonRssMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("RssAnon:", 0) == 0)
            return std::stod(line.substr(8)) / 1024.0;
    return 0.0;
}

int runBench(const std::vector<std::string>& args)
{
    triad::cli::ArgParser p;
    p.option("--model-file").option("--threads").option("--repetitions").option("--phase").flag("--json").flag("--help");
    if (!p.parse(args)) {
        std::cerr << "bench-engine: " << p.error() << "\n" << kUsage;
        return 2;
    }
    if (p.has("--help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto path = p.value("--model-file");
    if (!path) {
        std::cerr << "bench-engine: --model-file is required\n" << kUsage;
        return 2;
    }
    long long threads = 0, reps = 3;
    if ((p.has("--threads") && (!p.intValue("--threads", threads) || threads < 1 || threads > 1024)) ||
        (p.has("--repetitions") && (!p.intValue("--repetitions", reps) || reps < 1 || reps > 100))) {
        std::cerr << "bench-engine: --threads (1..1024) and --repetitions (1..100) take numbers\n";
        return 2;
    }
    const std::string phase = p.value("--phase").value_or("both");
    if (phase != "both" && phase != "pp" && phase != "tg") {
        std::cerr << "bench-engine: --phase takes pp or tg, not '" << phase << "'\n";
        return 2;
    }
    const bool runPp = phase != "tg", runTg = phase != "pp";
    try {
        const auto model = Model::load(*path);
        const int pp = 128, tg = 64;
        TransformerParams params;
        params.contextLength = pp + tg;
        params.threadCount = int(threads);
        params.kvCacheType = KvCacheType::F16; // llama-bench's default
        auto ctx = model->createContext(params);

        std::mt19937 rng(1234);
        std::uniform_int_distribution<int32_t> pick(0, int32_t(model->config().vocabSize - 1));
        std::vector<int32_t> prompt(pp);
        for (int32_t& t : prompt)
            t = pick(rng);
        std::vector<float> logits;

        // Warm-up: pages the weights in so the first timed run is not a disk benchmark.
        ctx->evaluate(std::span<const int32_t>(prompt.data(), 16), LogitsMode::LastPosition, logits);

        // CPU time per token (all threads, best run) next to the wall-clock rates: on a shared,
        // busy machine it moves less with the load, so it shows what a change saves.
        double bestPp = 0, bestTg = 0, ppCpuMs = 0, tgCpuMs = 0;
        for (long long r = 0; r < reps; ++r) {
            if (runPp) {
                ctx->cache().clear();
                const auto t0 = Clock::now();
                const double c0 = processCpuSeconds();
                ctx->evaluate(prompt, LogitsMode::LastPosition, logits);
                const double cpuMs = (processCpuSeconds() - c0) * 1e3 / pp;
                ppCpuMs = ppCpuMs == 0 ? cpuMs : std::min(ppCpuMs, cpuMs);
                bestPp = std::max(bestPp, pp / seconds(t0, Clock::now()));
            }
            if (!runTg)
                continue;
            ctx->cache().clear();
            int32_t token = prompt[0];
            const auto t1 = Clock::now();
            const double c1 = processCpuSeconds();
            for (int i = 0; i < tg; ++i) {
                ctx->evaluate(std::span<const int32_t>(&token, 1), LogitsMode::LastPosition, logits);
                token = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            }
            const double cpuMs = (processCpuSeconds() - c1) * 1e3 / tg;
            tgCpuMs = tgCpuMs == 0 ? cpuMs : std::min(tgCpuMs, cpuMs);
            bestTg = std::max(bestTg, tg / seconds(t1, Clock::now()));
        }

        // Bandwidth over the weights themselves: the memory decoding streams.
        const GgufFile& file = model->file();
        const uint8_t* data = file.bytes().data() + file.dataOffset();
        const size_t bytes = file.bytes().size() - file.dataOffset();
        double bandwidth = 0;
        for (long long r = 0; r < reps; ++r)
            bandwidth = std::max(bandwidth, readBandwidthGbs(ctx->threadPool(), data, bytes));

        const double modelBytes = double(model->info().weightBytes);
        const double fraction = modelBytes * bestTg / (bandwidth * 1e9);
        nlohmann::json j{
            {"pp128_tps", bestPp},
            {"tg64_tps", bestTg},
            {"read_bandwidth_gbs", bandwidth},
            {"pp128_cpu_ms_per_token", ppCpuMs},
            {"tg64_cpu_ms_per_token", tgCpuMs},
            {"peak_rss_mb", peakRssMb()},
            {"model_bytes", uint64_t(modelBytes)},
            {"decode_bandwidth_fraction", fraction},
            {"anon_rss_mb", anonRssMb()},
            {"kv_cache_mb", double(ctx->cache().byteSize()) / 1048576.0},
            {"file_mb", double(file.fileSizeBytes()) / 1048576.0},
            {"threads", ctx->threadPool().threadCount()},
            {"cpu_level", std::string(cpuLevelName(activeCpuLevel()))},
            {"quantization", model->info().quantization},
        };
        if (p.has("--json")) {
            std::cout << j.dump() << "\n";
        } else {
            std::cout << model->info().name << " " << model->info().quantization << ", " << j["threads"] << " threads, "
                      << j["cpu_level"].get<std::string>() << "\n"
                      << "  pp128: " << bestPp << " tok/s (" << ppCpuMs << " CPU ms/token)\n"
                      << "  tg64:  " << bestTg << " tok/s (" << tgCpuMs << " CPU ms/token)\n"
                      << "  read bandwidth: " << bandwidth << " GB/s; decoding reaches " << fraction << " of it\n"
                      << "  peak RSS: " << j["peak_rss_mb"] << " MB (file " << j["file_mb"] << " MB, anonymous "
                      << j["anon_rss_mb"] << " MB incl. KV " << j["kv_cache_mb"] << " MB)\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench-engine: " << e.what() << "\n";
        return 1;
    }
}

triad::cli::Registrar registrar{"bench-engine", "measure pp128/tg64 tokens per second of a local model", runBench};

} // namespace
