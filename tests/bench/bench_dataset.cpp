// Dataset scale benchmark (issue 5): generates an N-example chat JSONL, then measures
//   - python3 json.loads over every line of that file (the baseline), vs. our import,
//     with the import's peak RSS growth (constant memory). The machine may be shared: each
//     round runs python and then our import (into a fresh workspace) back to back, and the
//     best of --rounds rounds of each is compared; the load average is printed with them;
//   - opening the workspace and reading the first page;
//   - filtering by status (count and first page);
//   - p50/p99 of a label action (each its own committed transaction);
//   - export time vs. import time.
//
//   bench_dataset [--examples N] [--dir DIR] [--keep] [--rounds R] [--rows-per-transaction N]
//                 [--jsonl FILE]   (an existing file instead of generating one; --examples is ignored)
//   (N defaults to 1,000,000, ~500 MB; R to 3)
//
// Prints one JSON object with the figures and ratios at the end.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/datasets/DatasetExporter.h"
#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"

namespace {

using namespace triad;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/** VmHWM / VmRSS of this process in KiB (Linux /proc). */
long procStatusKb(const char* key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0)
            return std::atol(line.c_str() + std::strlen(key));
    }
    return -1;
}

/** Resets VmHWM to the current RSS so the next peak belongs to the next phase. */
void resetPeakRss()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

void generate(const std::string& path, int64_t n)
{
    std::mt19937_64 rng(42);
    static const char* words[] = {"model", "token", "latency", "the", "answer", "of", "a", "label", "data", "quality",
                                  "cost", "speed", "über", "naïve", "数据", "\"quoted\"", "line\\nbreak", "router"};
    auto sentence = [&](int len) {
        std::string s;
        for (int i = 0; i < len; ++i) {
            if (i)
                s += ' ';
            s += words[rng() % (sizeof words / sizeof *words)];
        }
        return s;
    };
    std::ofstream out(path, std::ios::binary);
    for (int64_t i = 0; i < n; ++i) {
        nlohmann::json line = {
            {"messages",
             {{{"role", "system"}, {"content", "You are a careful assistant."}},
              {{"role", "user"}, {"content", "Question " + std::to_string(i) + ": " + sentence(20 + int(rng() % 20))}},
              {{"role", "assistant"}, {"content", sentence(30 + int(rng() % 30))}, {"weight", 1}}}},
            {"metadata", {{"id", i}, {"source", "bench"}}}};
        out << line.dump() << '\n';
    }
}

/** The 1-minute load average (Linux /proc/loadavg), -1 when unknown. */
double loadAverage()
{
    std::ifstream in("/proc/loadavg");
    double load = -1;
    in >> load;
    return load;
}

/** User + system CPU time (ms) of this process (all threads) or of its waited-for children. */
double cpuMs(int who)
{
    rusage u{};
    getrusage(who, &u);
    auto ms = [](const timeval& t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

/** Wall time of python3 json.loads over every line of `path` (the baseline);
 *  its CPU time in `cpuMsOut`. */
double pythonJsonLoadsMs(const std::string& path, double& cpuMsOut)
{
    const std::string py = "python3 -c 'import json,sys\nfor l in open(sys.argv[1],\"rb\"): json.loads(l)' " + path;
    const double cpu0 = cpuMs(RUSAGE_CHILDREN);
    auto t0 = Clock::now();
    const int status = std::system(py.c_str());
    const double ms = msSince(t0);
    cpuMsOut = cpuMs(RUSAGE_CHILDREN) - cpu0;
    if (status != 0)
        std::cerr << "python3 baseline failed (status " << status << ")\n";
    return ms;
}

void removeWorkspace(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix);
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char** argv)
{
    int64_t examples = 1000000;
    std::string dir;
    bool keep = false;
    int rounds = 3;
    std::string existingJsonl;
    int rowsPerTransaction = datasets::ImportOptions{}.rowsPerTransaction;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--examples" && i + 1 < argc)
            examples = std::atoll(argv[++i]);
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--keep")
            keep = true;
        else if (a == "--jsonl" && i + 1 < argc)
            existingJsonl = argv[++i];
        else if (a == "--rounds" && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--rows-per-transaction" && i + 1 < argc)
            rowsPerTransaction = std::atoi(argv[++i]);
        else {
            std::cerr << "usage: bench_dataset [--examples N] [--dir DIR] [--keep] [--rounds R]"
                         " [--rows-per-transaction N] [--jsonl EXISTING.jsonl]\n";
            return 2;
        }
    }
    namespace fs = std::filesystem;
    if (dir.empty())
        dir = (fs::temp_directory_path() / ("triad-bench-dataset-" + std::to_string(::getpid()))).string();
    fs::create_directories(dir);
    const std::string jsonl = existingJsonl.empty() ? dir + "/chat.jsonl" : existingJsonl;
    const std::string wsPath = dir + "/bench.triad";
    fs::remove(wsPath);
    fs::remove(wsPath + "-wal");
    fs::remove(wsPath + "-shm");

    auto t0 = Clock::now();
    if (existingJsonl.empty())
        generate(jsonl, examples);
    const double generateMs = msSince(t0);
    const auto fileBytes = fs::file_size(jsonl);
    if (!existingJsonl.empty())
        examples = 0;   // counted by the import
    std::cerr << (existingJsonl.empty() ? "generated " : "using ") << examples << " examples, " << fileBytes / 1e6 << " MB in " << generateMs << " ms\n";

    nlohmann::json r;
    try {
        // Rounds of python then import, back to back; the best of each counts.
        std::vector<double> pythonMs, importMs, rssGrowthMb, loads, pythonCpuMs, importCpuMs;
        datasets::ImportSummary s;
        int64_t id = 0;
        std::unique_ptr<store::Workspace> ws;
        for (int round = 0; round < rounds; ++round) {
            loads.push_back(loadAverage());
            double cpu = 0;
            pythonMs.push_back(pythonJsonLoadsMs(jsonl, cpu));
            pythonCpuMs.push_back(cpu);
            ws.reset();
            removeWorkspace(wsPath);
            ws = store::Workspace::open(wsPath);
            id = datasets::DatasetRepository(*ws).create("bench");
            resetPeakRss();
            const long rssBeforeKb = procStatusKb("VmRSS:");
            datasets::ImportOptions options;
            options.rowsPerTransaction = rowsPerTransaction;
            const double cpu0 = cpuMs(RUSAGE_SELF);
            t0 = Clock::now();
            s = datasets::DatasetImporter(*ws).importFile(id, jsonl, options);
            importMs.push_back(msSince(t0));
            importCpuMs.push_back(cpuMs(RUSAGE_SELF) - cpu0);
            rssGrowthMb.push_back(double(procStatusKb("VmHWM:") - rssBeforeKb) / 1024.0);
            std::cerr << "round " << round + 1 << ": load " << loads.back() << ", python " << pythonMs.back()
                      << " ms, import " << importMs.back() << " ms (" << s.imported << " examples, ratio "
                      << importMs.back() / pythonMs.back() << "), peak RSS growth " << rssGrowthMb.back()
                      << " MB; CPU python " << pythonCpuMs.back() << " ms, import " << importCpuMs.back() << " ms\n";
        }
        const double bestPythonMs = *std::min_element(pythonMs.begin(), pythonMs.end());
        const double bestImportMs = *std::min_element(importMs.begin(), importMs.end());
        ws.reset();

        t0 = Clock::now();
        ws = store::Workspace::open(wsPath);
        datasets::DatasetRepository reopened(*ws);
        auto first = reopened.page(id, {}, 0, 100);
        const double openFirstPageMs = msSince(t0);

        // Label actions spread over the whole dataset (random rows, like a person jumping around).
        std::mt19937_64 rng(7);
        std::vector<double> actionMs;
        const int actions = 1000;
        const int64_t firstId = first.examples.front().id;
        for (int i = 0; i < actions; ++i) {
            const int64_t ex = firstId + int64_t(rng() % uint64_t(s.imported));
            auto a0 = Clock::now();
            reopened.setStatus(ex, i % 4 == 3 ? datasets::ExampleStatus::Rejected : datasets::ExampleStatus::Accepted);
            actionMs.push_back(msSince(a0));
        }

        datasets::ExampleFilter accepted;
        accepted.status = datasets::ExampleStatus::Accepted;
        t0 = Clock::now();
        auto acceptedPage = reopened.page(id, accepted, 0, 100);
        const double filterPageMs = msSince(t0);
        t0 = Clock::now();
        const int64_t acceptedCount = reopened.count(id, accepted);
        const double filterCountMs = msSince(t0);
        datasets::ExampleFilter pending;
        pending.status = datasets::ExampleStatus::Pending;
        t0 = Clock::now();
        const int64_t pendingCount = reopened.count(id, pending);
        const double pendingCountMs = msSince(t0);
        // The last page by keyset costs what the first does.
        t0 = Clock::now();
        auto lastPage = reopened.page(id, {}, firstId + s.imported - 101, 100);
        const double lastPageMs = msSince(t0);

        datasets::ExportOptions all;
        all.status.reset();
        t0 = Clock::now();
        datasets::ExportSummary e = datasets::DatasetExporter(*ws).exportFile(id, dir + "/export.jsonl", all);
        const double exportMs = msSince(t0);

        r = {{"examples", s.lines - s.blankLines},
             {"file_mb", double(fileBytes) / 1e6},
             {"rounds", rounds},
             {"load_average_1min", loads},
             {"python_json_loads_ms", pythonMs},
             {"import_ms", importMs},
             {"best_python_json_loads_ms", bestPythonMs},
             {"best_import_ms", bestImportMs},
             {"import_vs_python", bestImportMs / bestPythonMs},
             {"python_cpu_ms", pythonCpuMs},
             {"import_cpu_ms", importCpuMs},
             {"import_vs_python_cpu", *std::min_element(importCpuMs.begin(), importCpuMs.end())
                                          / *std::min_element(pythonCpuMs.begin(), pythonCpuMs.end())},
             {"rows_per_transaction", rowsPerTransaction},
             {"imported", s.imported},
             {"rejected", s.rejected},
             {"duplicates", s.duplicates},
             {"import_rss_growth_mb", rssGrowthMb},
             {"import_peak_rss_growth_mb", *std::max_element(rssGrowthMb.begin(), rssGrowthMb.end())},
             {"open_and_first_page_ms", openFirstPageMs},
             {"first_page_rows", first.examples.size()},
             {"last_page_ms", lastPageMs},
             {"last_page_rows", lastPage.examples.size()},
             {"filter_status_first_page_ms", filterPageMs},
             {"filter_status_first_page_rows", acceptedPage.examples.size()},
             {"filter_status_count_ms", filterCountMs},
             {"filter_status_count", acceptedCount},
             {"filter_pending_count_ms", pendingCountMs},
             {"filter_pending_count", pendingCount},
             {"label_action_p50_ms", percentile(actionMs, 0.50)},
             {"label_action_p99_ms", percentile(actionMs, 0.99)},
             {"label_action_max_ms", percentile(actionMs, 1.0)},
             {"export_ms", exportMs},
             {"exported", e.written},
             {"export_vs_import", exportMs / bestImportMs},
             {"workspace_mb", double(fs::file_size(wsPath)) / 1e6}};
    } catch (const std::exception& ex) {
        std::cerr << "bench_dataset: " << ex.what() << "\n";
        return 1;
    }
    std::cout << r.dump(2) << std::endl;
    if (!keep)
        fs::remove_all(dir);
    return 0;
}
