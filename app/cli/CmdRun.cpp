// triad-cli run --base-url URL --model NAME [--api-key-env VAR] [--max-tokens N]
//               [--temperature T] [--system TEXT] [--anthropic] [--json] PROMPT
// triad-cli run --model-file PATH [--adapter ADAPTER.gguf [--adapter-scale X]] [--max-tokens N]
//               [--temperature T] [--seed S] [--raw] [--threads N] [--context N] [--system TEXT]
//               [--json] PROMPT
//
// Streams one chat request to an OpenAI-compatible (or, with --anthropic, an Anthropic)
// endpoint, or runs it on a local GGUF model with Triad's engine (no --model-file and no
// --base-url: the built-in model, core/local/BundledModel.h; --raw: PROMPT is sent
// without the chat template; --adapter applies a LoRA adapter in llama.cpp's GGUF format, checked
// against the model, with s = scale · alpha / r). With --json it prints exactly one JSON object when the request ends:
//   {"text", "ttft_ms", "e2e_ms", "prompt_tokens", "completion_tokens",
//    "tokens_estimated", "error"}            (error: null or a message)
// Other tools depend on that shape: keep the keys stable (see runOutcomeToJson).
// Without --json the answer streams to stdout and a metrics line goes to stderr.
// Exit code: 0 success, 1 the request failed, 2 bad arguments.
//
// Adding a source of answers (e.g. a local model file) means one more option in
// declareOptions() and one more branch in makeProvider(); the rest is shared.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ArgParser.h"
#include "Command.h"
#include "core/metrics/RequestMetrics.h"
#include "core/local/BundledModel.h"
#include "core/local/LocalModelManager.h"
#include "core/net/ErrorMapper.h"
#include "core/providers/ApiKeySource.h"
#include "core/providers/ProviderFactory.h"
#include "core/providers/RunRecorder.h"

namespace {

using namespace triad;
using providers::ChatEvent;
using providers::ChatEventKind;

constexpr const char* kUsage =
    "usage: triad-cli run --base-url URL --model NAME [--api-key-env VAR] [--max-tokens N]\n"
    "                     [--temperature T] [--system TEXT] [--anthropic] [--json]\n"
    "                     [--connect-timeout-ms MS] [--idle-timeout-ms MS] PROMPT|-\n"
    "       triad-cli run --model-file PATH [--adapter ADAPTER.gguf [--adapter-scale X]]\n"
    "                     [--max-tokens N] [--temperature T] [--seed S] [--raw] [--threads N]\n"
    "                     [--context N] [--system TEXT] [--json] PROMPT|-\n"
    "  Without --model-file or --base-url the built-in model (triad-mini) answers.\n"
    "  PROMPT '-' reads the prompt from stdin.\n";

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

/** How one run ended: what --json prints and the exit code depends on. */
struct RunOutcome {
    std::string text;
    metrics::RequestMetrics metrics;
    std::optional<std::string> error;
};

nlohmann::json optionalNumber(const std::optional<double>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json optionalCount(const std::optional<int64_t>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/** The command-line contract of `run --json`. */
nlohmann::json runOutcomeToJson(const RunOutcome& o)
{
    nlohmann::json j;
    j["text"] = o.text;
    j["ttft_ms"] = optionalNumber(o.metrics.ttftMs);
    j["e2e_ms"] = optionalNumber(o.metrics.e2eMs);
    j["prompt_tokens"] = optionalCount(o.metrics.promptTokens);
    j["completion_tokens"] = optionalCount(o.metrics.completionTokens);
    j["tokens_estimated"] = o.metrics.tokensEstimated;
    j["error"] = o.error ? nlohmann::json(*o.error) : nlohmann::json(nullptr);
    return j;
}

void printJson(const RunOutcome& o)
{
    // replace: model text can end inside a UTF-8 sequence when a stream breaks.
    std::cout << runOutcomeToJson(o).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << std::endl;
}

void declareOptions(cli::ArgParser& args)
{
    args.option("--base-url").option("--model").option("--api-key-env").option("--max-tokens")
        .option("--temperature").option("--system").option("--connect-timeout-ms")
        .option("--idle-timeout-ms").option("--model-file").option("--seed").option("--threads")
        .option("--context").option("--adapter").option("--adapter-scale").flag("--raw").flag("--anthropic").flag("--json");
}

/** The local engine behind --model-file: the manager must live as long as its provider. */
struct LocalSource {
    std::unique_ptr<local::LocalModelManager> manager;
    std::string modelId;
};

std::shared_ptr<providers::Provider> makeLocalProvider(cli::ArgParser& args, LocalSource& local, std::string& error)
{
    long long threads = 0, context = 0;
    if (!args.intValue("--threads", threads) || !args.intValue("--context", context)) {
        error = args.error();
        return nullptr;
    }
    local::LocalModelOptions options;
    if (args.value("--threads"))
        options.threads = static_cast<int>(threads);
    if (args.value("--context"))
        options.contextLength = context;
    local.manager = std::make_unique<local::LocalModelManager>(options);
    local.modelId = local.manager->add(*args.value("--model-file"), &error);
    if (local.modelId.empty() || !local.manager->load(local.modelId, &error))
        return nullptr;
    if (auto adapterPath = args.value("--adapter")) {
        local::LocalAdapterOptions adapter;
        double scale = 1.0;
        if (!args.doubleValue("--adapter-scale", scale)) {
            error = args.error();
            return nullptr;
        }
        adapter.scale = float(scale);
        // The request goes to "<model>+<adapter>": the same worker, with the adapter applied.
        local.modelId = local.manager->addAdapter(local.modelId, *adapterPath, &error, adapter);
        if (local.modelId.empty())
            return nullptr;
    }
    return local.manager->provider();
}

std::shared_ptr<providers::Provider> makeProvider(cli::ArgParser& args, LocalSource& local, std::string& error)
{
    if (args.value("--model-file"))
        return makeLocalProvider(args, local, error);
    auto baseUrl = args.value("--base-url");
    if (!baseUrl) {
        error = "missing --base-url (e.g. http://127.0.0.1:8080/v1)";
        return nullptr;
    }
    providers::ProviderConfig config;
    config.id = "cli";
    config.displayName = net::ErrorMapper::hostOf(*baseUrl);
    config.kind = args.has("--anthropic") ? providers::ApiKind::Anthropic : providers::ApiKind::OpenAiCompatible;
    config.baseUrl = *baseUrl;
    config.maxRetries = 2;
    long long ms = 0;
    if (!args.intValue("--connect-timeout-ms", ms) || !args.intValue("--idle-timeout-ms", ms)) {
        error = args.error();
        return nullptr;
    }
    if (args.value("--connect-timeout-ms") && args.intValue("--connect-timeout-ms", ms))
        config.connectTimeoutMs = static_cast<int>(ms);
    if (args.value("--idle-timeout-ms") && args.intValue("--idle-timeout-ms", ms))
        config.idleReadTimeoutMs = static_cast<int>(ms);

    std::string key;
    if (auto envName = args.value("--api-key-env")) {
        config.apiKeyEnv = *envName;
        auto fromEnv = providers::ApiKeySource::fromEnvironment(config);
        if (!fromEnv) {
            error = "environment variable " + *envName + " is not set (it should hold the API key)";
            return nullptr;
        }
        key = *fromEnv;
    }
    return std::shared_ptr<providers::Provider>(providers::ProviderFactory::create(config, key, &error));
}

bool makeRequest(cli::ArgParser& args, providers::ChatRequest& request, std::string& error)
{
    auto model = args.value("--model");
    const bool localModel = args.value("--model-file").has_value();
    if (!model && !localModel) {
        error = "missing --model";
        return false;
    }
    if (localModel && (args.value("--base-url") || args.has("--anthropic"))) {
        error = "--model-file runs a local model: it cannot be combined with --base-url or --anthropic";
        return false;
    }
    if (!localModel && (args.has("--raw") || args.value("--threads") || args.value("--context") || args.value("--adapter"))) {
        error = "--raw, --threads, --context and --adapter apply to local models: give --model-file PATH";
        return false;
    }
    if (args.value("--adapter-scale") && !args.value("--adapter")) {
        error = "--adapter-scale scales a LoRA adapter: give --adapter ADAPTER.gguf too";
        return false;
    }
    double adapterScale = 1.0;
    if (!args.doubleValue("--adapter-scale", adapterScale)) {
        error = args.error();
        return false;
    }
    std::string prompt;
    for (const auto& p : args.positionals())
        prompt += (prompt.empty() ? "" : " ") + p;
    if (prompt == "-")
        prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (prompt.empty()) {
        error = "missing PROMPT (give it as the last argument, or '-' to read stdin)";
        return false;
    }
    request.model = model.value_or("");
    request.system = args.value("--system").value_or("");
    if (args.has("--raw"))
        request.rawPrompt = prompt;
    else
        request.messages.push_back({"user", prompt, {}, nullptr, {}, {}});
    long long maxTokens = 0;
    long long seed = 0;
    double temperature = 0;
    if (!args.intValue("--max-tokens", maxTokens) || !args.doubleValue("--temperature", temperature)
        || !args.intValue("--seed", seed)) {
        error = args.error();
        return false;
    }
    if (args.value("--max-tokens")) {
        if (maxTokens <= 0) {
            error = "option --max-tokens expects a positive number, got " + std::to_string(maxTokens);
            return false;
        }
        request.params.maxTokens = static_cast<int>(maxTokens);
    }
    if (args.value("--temperature"))
        request.params.temperature = temperature;
    if (args.value("--seed"))
        request.params.seed = seed;
    return true;
}

/** Runs the request to its end; Ctrl+C cancels it (the text so far is kept). */
RunOutcome runRequest(providers::Provider& provider, const providers::ChatRequest& request,
                      bool streamToTerminal)
{
    auto recorder = providers::RunRecorder::create(request);
    providers::ChatSink print;
    if (streamToTerminal) {
        print = [](const ChatEvent& e) {
            // Answer on stdout, everything else on stderr, so `> file` keeps only the answer.
            if (e.kind == ChatEventKind::TextDelta) {
                std::fwrite(e.text.data(), 1, e.text.size(), stdout);
                std::fflush(stdout);
            } else if (e.kind == ChatEventKind::ReasoningDelta) {
                std::fwrite(e.text.data(), 1, e.text.size(), stderr);
            } else if (e.kind == ChatEventKind::Retrying) {
                std::fprintf(stderr, "triad-cli: %s\n", e.text.c_str());
            }
        };
    }
    auto previous = std::signal(SIGINT, onInterrupt);
    auto handle = provider.chat(request, recorder->sink(print));
    while (!handle->finished()) {
        if (g_interrupted.exchange(false))
            handle->cancel();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    handle->wait();
    std::signal(SIGINT, previous);

    RunOutcome outcome;
    auto run = recorder->snapshot();
    outcome.text = run.text;
    outcome.metrics = recorder->metrics();
    if (run.error)
        outcome.error = run.error->message;
    else if (!run.done)
        outcome.error = "the request ended without a final event (internal error)";
    return outcome;
}

void printMetricsLine(const RunOutcome& o)
{
    const auto& m = o.metrics;
    std::vector<std::string> parts;
    char buf[96];
    if (m.ttftMs) {
        std::snprintf(buf, sizeof buf, "ttft %.1f ms", *m.ttftMs);
        parts.push_back(buf);
    }
    if (m.e2eMs) {
        std::snprintf(buf, sizeof buf, "e2e %.1f ms", *m.e2eMs);
        parts.push_back(buf);
    }
    if (m.promptTokens || m.completionTokens) {
        std::snprintf(buf, sizeof buf, "tokens %lld in / %lld out%s",
                      static_cast<long long>(m.promptTokens.value_or(0)),
                      static_cast<long long>(m.completionTokens.value_or(0)),
                      m.tokensEstimated ? " (estimated)" : "");
        parts.push_back(buf);
    }
    if (m.outputTokensPerSec) {
        std::snprintf(buf, sizeof buf, "%.1f tok/s", *m.outputTokensPerSec);
        parts.push_back(buf);
    }
    if (parts.empty())
        return;
    std::string line;
    for (const auto& p : parts)
        line += (line.empty() ? "" : " · ") + p;
    std::fprintf(stderr, "\n-- %s\n", line.c_str());
}

int runCommand(const std::vector<std::string>& argv)
{
    cli::ArgParser args;
    declareOptions(args);
    const bool wantsJson = [&] {
        for (const auto& a : argv)
            if (a == "--json")
                return true;
        return false;
    }();
    auto usageError = [&](const std::string& message) {
        if (wantsJson) {
            RunOutcome o;
            o.error = message;
            printJson(o);
        }
        std::fprintf(stderr, "triad-cli run: %s\n%s", message.c_str(), kUsage);
        return 2;
    };
    if (!args.parse(argv))
        return usageError(args.error());
    // Neither a local file nor an endpoint: the built-in model answers (no network, no key).
    if (!args.value("--model-file") && !args.value("--base-url") && !args.value("--model") && !args.has("--anthropic")) {
        std::string why;
        const auto builtIn = local::bundledModelPath(&why);
        if (!builtIn)
            return usageError("no model: give --model-file PATH or --base-url URL --model NAME (" + why + ")");
        std::vector<std::string> withModel{"--model-file", *builtIn};
        withModel.insert(withModel.end(), argv.begin(), argv.end());
        args = cli::ArgParser();
        declareOptions(args);
        if (!args.parse(withModel))
            return usageError(args.error());
    }

    providers::ChatRequest request;
    std::string error;
    if (!makeRequest(args, request, error))
        return usageError(error);
    LocalSource local;
    auto provider = makeProvider(args, local, error);
    if (provider && local.manager)
        request.model = local.modelId;
    if (!provider) {
        RunOutcome o;
        o.error = error;
        if (wantsJson)
            printJson(o);
        std::fprintf(stderr, "triad-cli run: %s\n", error.c_str());
        return 1;
    }

    RunOutcome outcome = runRequest(*provider, request, !wantsJson);
    if (wantsJson) {
        printJson(outcome);
    } else {
        printMetricsLine(outcome);
        if (outcome.error)
            std::fprintf(stderr, "triad-cli run: %s\n", outcome.error->c_str());
    }
    return outcome.error ? 1 : 0;
}

triad::cli::Registrar registrar{"run", "stream one chat request to an OpenAI-compatible or Anthropic endpoint, "
                                       "or to a local GGUF model",
                                runCommand};

} // namespace
