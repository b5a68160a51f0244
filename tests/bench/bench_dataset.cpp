// Dataset scale benchmark (issue 5): generates an N-example chat JSONL, then measures
//   - python3 json.loads over every line of that file (the baseline), vs. our import,
//     with the import's peak RSS growth (constant memory);
//   - opening the workspace and reading the first page;
//   - filtering by status (count and first page);
//   - p50/p99 of a label action (each its own committed transaction);
//   - export time vs. import time.
//
//   bench_dataset [--examples N] [--dir DIR] [--keep]     (N defaults to 1,000,000, ~500 MB)
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
#include <random>
#include <string>
#include <vector>

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
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--examples" && i + 1 < argc)
            examples = std::atoll(argv[++i]);
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--keep")
            keep = true;
        else {
            std::cerr << "usage: bench_dataset [--examples N] [--dir DIR] [--keep]\n";
            return 2;
        }
    }
    namespace fs = std::filesystem;
    if (dir.empty())
        dir = (fs::temp_directory_path() / ("triad-bench-dataset-" + std::to_string(::getpid()))).string();
    fs::create_directories(dir);
    const std::string jsonl = dir + "/chat.jsonl";
    const std::string wsPath = dir + "/bench.triad";
    fs::remove(wsPath);
    fs::remove(wsPath + "-wal");
    fs::remove(wsPath + "-shm");

    auto t0 = Clock::now();
    generate(jsonl, examples);
    const double generateMs = msSince(t0);
    const auto fileBytes = fs::file_size(jsonl);
    std::cerr << "generated " << examples << " examples, " << fileBytes / 1e6 << " MB in " << generateMs << " ms\n";

    t0 = Clock::now();
    const std::string py = "python3 -c 'import json,sys\nfor l in open(sys.argv[1],\"rb\"): json.loads(l)' " + jsonl;
    const int pyStatus = std::system(py.c_str());
    const double pythonMs = msSince(t0);
    if (pyStatus != 0)
        std::cerr << "python3 baseline failed (status " << pyStatus << ")\n";

    nlohmann::json r;
    try {
        auto ws = store::Workspace::open(wsPath);
        datasets::DatasetRepository repo(*ws);
        const int64_t id = repo.create("bench");
        resetPeakRss();
        const long rssBeforeKb = procStatusKb("VmRSS:");
        t0 = Clock::now();
        datasets::ImportSummary s = datasets::DatasetImporter(*ws).importFile(id, jsonl);
        const double importMs = msSince(t0);
        const long peakKb = procStatusKb("VmHWM:");
        std::cerr << "imported " << s.imported << " in " << importMs << " ms\n";
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

        r = {{"examples", examples},
             {"file_mb", double(fileBytes) / 1e6},
             {"python_json_loads_ms", pythonMs},
             {"import_ms", importMs},
             {"import_vs_python", importMs / pythonMs},
             {"imported", s.imported},
             {"rejected", s.rejected},
             {"duplicates", s.duplicates},
             {"import_rss_growth_mb", double(peakKb - rssBeforeKb) / 1024.0},
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
             {"export_vs_import", exportMs / importMs},
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
