// Client overhead on TTFT: the scripted server writes the first content exactly T ms after
// it received the request; Triad's measured TTFT minus T is what the client (connect,
// libcurl, the network thread, SSE and JSON parsing, event dispatch) adds. A second figure
// compares against the moment the server really wrote the bytes, which removes the
// server's own sleep overshoot.
//
//   bench_ttft_overhead [--requests N] [--first-ms T] [--concurrency C]
//
// Prints median / p90 / p99 / max in milliseconds.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics/Percentiles.h"
#include "core/providers/OpenAiCompatibleProvider.h"
#include "core/providers/RunRecorder.h"
#include "tests/support/ScriptedServer.h"

using namespace triad;
using triad::testsupport::ScriptedServer;
using triad::testsupport::StreamScript;

namespace {

struct Options {
    int requests = 200;
    int firstMs = 50;
    int concurrency = 1;
    int warmup = 5;
};

bool parse(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        auto next = [&](int& target) {
            if (i + 1 >= argc)
                return false;
            target = std::atoi(argv[++i]);
            return target > 0;
        };
        if (!std::strcmp(argv[i], "--requests")) {
            if (!next(o.requests)) return false;
        } else if (!std::strcmp(argv[i], "--first-ms")) {
            if (!next(o.firstMs)) return false;
        } else if (!std::strcmp(argv[i], "--concurrency")) {
            if (!next(o.concurrency)) return false;
        } else {
            return false;
        }
    }
    return true;
}

void printRow(const char* name, const metrics::Summary& s)
{
    std::printf("%-44s %8.3f %8.3f %8.3f %8.3f %8.3f\n", name, s.median, s.p90, s.p99, s.max, s.mean);
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr, "usage: %s [--requests N] [--first-ms T] [--concurrency C]\n", argv[0]);
        return 2;
    }
    ScriptedServer server;
    if (!server.start()) {
        std::fprintf(stderr, "could not start the scripted server on 127.0.0.1\n");
        return 1;
    }
    StreamScript script;
    script.pieces = {"The", " first", " content", " arrives", " on", " time."};
    script.firstDelayMs = o.firstMs;
    server.setDefault("/v1/chat/completions", ScriptedServer::openAiStream(script));

    providers::ProviderConfig config;
    config.id = "bench";
    config.displayName = "Scripted";
    config.baseUrl = server.baseUrl();
    config.maxRetries = 0;
    providers::OpenAiCompatibleProvider provider(config, "");

    providers::ChatRequest request;
    request.model = "scripted-model";
    request.messages.push_back({"user", "How fast is the first token?", {}, nullptr, {}, {}});

    std::mutex mutex;
    std::vector<double> vsScripted, vsServerWrite, ttfbVsServer;
    int failures = 0;
    std::atomic<int> nextIndex{0};
    const int total = o.requests + o.warmup;

    auto worker = [&] {
        for (;;) {
            const int index = nextIndex++;
            if (index >= total)
                return;
            auto recorder = providers::RunRecorder::create(request);
            auto handle = provider.chat(request, recorder->sink());
            handle->wait();
            auto run = recorder->snapshot();
            auto m = recorder->metrics();
            std::lock_guard lock(mutex);
            if (run.error || !m.ttftMs || !m.ttfbMs) {
                ++failures;
                continue;
            }
            if (index < o.warmup)
                continue;   // connection set-up and first-use costs are not steady state
            vsScripted.push_back(*m.ttftMs - o.firstMs);
            // Find this request on the server by its send time (sequential or not, the
            // server's request whose arrival is closest after our send is ours).
            auto sent = *run.timeline.sentNs();
            auto firstContent = *run.timeline.firstContentNs();
            for (const auto& r : server.requests()) {
                auto written = r.firstContentWrittenNs();
                if (r.receivedNs >= sent && written && *written <= firstContent
                    && firstContent - *written < 1'000'000'000) {
                    vsServerWrite.push_back((firstContent - *written) / 1e6);
                    ttfbVsServer.push_back((*run.timeline.firstByteNs() - r.stepWrittenNs.at(0)) / 1e6);
                    break;
                }
            }
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < o.concurrency; ++i)
        threads.emplace_back(worker);
    for (auto& t : threads)
        t.join();

    std::printf("TTFT client overhead against the scripted server (127.0.0.1, OpenAI-style SSE)\n");
    std::printf("requests %d (+%d warm-up), first content scripted at %d ms, concurrency %d, failures %d\n\n",
                o.requests, o.warmup, o.firstMs, o.concurrency, failures);
    std::printf("%-44s %8s %8s %8s %8s %8s\n", "figure (ms)", "median", "p90", "p99", "max", "mean");
    printRow("measured TTFT - scripted T", metrics::Percentiles::summarize(vsScripted));
    if (o.concurrency == 1) {
        printRow("first content: client seen - server wrote", metrics::Percentiles::summarize(vsServerWrite));
        printRow("first byte: client seen - server wrote", metrics::Percentiles::summarize(ttfbVsServer));
    }
    return failures == 0 ? 0 : 1;
}
