// triad-cli serve --model-file PATH [--model-file PATH…] [--adapter [NAME=]PATH…] [--host H]
//                 [--port P] [--api-key KEY] [--threads N] [--context N]
//
// An OpenAI-compatible HTTP server (core/server/OpenAiServer) over local GGUF models run by
// Triad's engine: GET /v1/models, POST /v1/chat/completions, POST /v1/completions. Each model
// is served under its file name without ".gguf" and has its own worker thread; concurrent
// requests to one model wait in its queue, so answers never mix. Each --adapter (a LoRA adapter
// in llama.cpp's GGUF format, named NAME or its file name) is attached to the first model it
// fits and served as its own model "<model>+<name>": requests to it run on that model's worker
// with the adapter applied (switching adapters between requests is handled by the worker).
//
// Once the socket is bound, exactly one line goes to stdout (tools and tests read it):
//   Listening on http://HOST:PORT
// Progress and errors go to stderr. SIGINT/SIGTERM stop the server cleanly (exit 0).
// Exit code: 0 stopped by a signal, 1 a model or the socket failed, 2 bad arguments.

#include "ArgParser.h"
#include "Command.h"

#include "core/local/BundledModel.h"
#include "core/local/LocalModelManager.h"
#include "core/server/OpenAiServer.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace triad;

constexpr const char* kUsage =
    "usage: triad-cli serve --model-file PATH [--model-file PATH...] [--adapter [NAME=]PATH...]\n"
    "                       [--host H] [--port P] [--api-key KEY] [--threads N] [--context N]\n"
    "  Without --model-file the built-in model (triad-mini) is served.\n"
    "  --adapter    a LoRA adapter GGUF, served as <model>+<NAME> (NAME defaults to the file name)\n"
    "  --host       address to bind (default 127.0.0.1; anything but loopback needs --api-key)\n"
    "  --port       TCP port (default 8080; 0 picks a free one)\n"
    "  --api-key    bearer token clients must send\n"
    "  --threads    matrix threads per model (default: all hardware threads)\n"
    "  --context    KV cache positions per model (default 4096, at most the trained context)\n";

int usageError(const std::string& message)
{
    std::fprintf(stderr, "triad-cli serve: %s\n%s", message.c_str(), kUsage);
    return 2;
}

/** "http://127.0.0.1:8080"; IPv6 literals get brackets. */
std::string urlOf(const std::string& host, int port)
{
    const bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

/** Serves @p target (a model or model+adapter id) under its own id; returns its context length. */
int64_t serveTarget(server::OpenAiServer& server, local::LocalModelManager& manager, const std::string& target,
                    const std::string& baseId)
{
    const auto status = manager.model(baseId);
    server::ServedModel model;
    model.id = target;
    model.provider = manager.provider();
    model.providerModel = target;
    model.ownedBy = "triad";
    if (status)
        model.contextLength = status->contextLength;
    server.addModel(model);
    return status ? status->contextLength : 0;
}

int runServe(const std::vector<std::string>& argv)
{
    cli::ArgParser args;
    args.option("--model-file").option("--adapter").option("--host").option("--port").option("--api-key").option("--threads")
        .option("--context");
    if (!args.parse(argv))
        return usageError(args.error());
    if (!args.positionals().empty())
        return usageError("unexpected argument '" + args.positionals().front() + "'");
    std::vector<std::string> files = args.values("--model-file");
    if (files.empty()) {
        // No file named: serve the built-in model, so `triad-cli serve` alone gives a working API.
        std::string why;
        const auto builtIn = local::bundledModelPath(&why);
        if (!builtIn)
            return usageError("missing --model-file PATH (a GGUF model to serve; " + why + ")");
        files.push_back(*builtIn);
    }
    long long port = 8080, threads = 0, context = 4096;
    if (!args.intValue("--port", port) || !args.intValue("--threads", threads) || !args.intValue("--context", context))
        return usageError(args.error());
    if (args.value("--port") && (port < 0 || port > 65535))
        return usageError("option --port expects 0..65535, got " + std::to_string(port));
    if (args.value("--threads") && threads < 0)
        return usageError("option --threads expects 0 or more, got " + std::to_string(threads));
    if (args.value("--context") && context < 1)
        return usageError("option --context expects a positive number, got " + std::to_string(context));

    const std::string host = args.value("--host").value_or("127.0.0.1");
    if (!server::isLoopbackHost(host) && !args.value("--api-key")) // checked before a long model load
        return usageError("refusing to serve on " + host + " without --api-key: any address but loopback "
                          "needs a bearer token");

    // Signals are taken by sigwait() below; blocking them before any thread starts makes
    // every worker and HTTP thread inherit the mask, so none of them is interrupted.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    local::LocalModelOptions options;
    options.threads = static_cast<int>(threads);
    options.contextLength = context;
    local::LocalModelManager manager(options);

    server::ServerOptions serverOptions;
    serverOptions.host = host;
    serverOptions.port = static_cast<int>(port);
    serverOptions.apiKey = args.value("--api-key").value_or("");
    server::OpenAiServer server(serverOptions);

    std::set<std::string> served;
    std::vector<std::string> baseIds;
    for (const std::string& file : files) {
        std::string error;
        const std::string id = manager.add(file, &error);
        if (id.empty() || !manager.load(id, &error)) {
            std::fprintf(stderr, "triad-cli serve: %s\n", error.c_str());
            return 1;
        }
        if (!served.insert(id).second)
            continue; // the same file given twice
        baseIds.push_back(id);
        const int64_t context = serveTarget(server, manager, id, id);
        std::fprintf(stderr, "triad-cli serve: model '%s' from %s (context %lld)\n", id.c_str(), file.c_str(),
                     static_cast<long long>(context));
    }

    for (const std::string& spec : args.values("--adapter")) {
        // NAME=PATH, unless the '=' belongs to the path (a name has no path separator).
        std::string name, path = spec;
        const size_t eq = spec.find('=');
        if (eq != std::string::npos && spec.find('/') > eq) {
            name = spec.substr(0, eq);
            path = spec.substr(eq + 1);
            if (name.empty() || path.empty())
                return usageError("option --adapter expects NAME=PATH or PATH, got '" + spec + "'");
        }
        std::string target, reasons, baseOfTarget;
        for (const std::string& base : baseIds) {
            std::string error;
            local::LocalAdapterOptions options;
            options.name = name;
            target = manager.addAdapter(base, path, &error, options);
            if (!target.empty()) {
                baseOfTarget = base;
                break;
            }
            reasons += "\n  " + base + ": " + error;
        }
        if (target.empty()) {
            std::fprintf(stderr, "triad-cli serve: the adapter %s fits none of the models:%s\n", path.c_str(),
                         reasons.c_str());
            return 1;
        }
        if (!served.insert(target).second)
            continue;
        serveTarget(server, manager, target, baseOfTarget);
        std::fprintf(stderr, "triad-cli serve: model '%s' (adapter %s)\n", target.c_str(), path.c_str());
    }

    try {
        server.start();
    } catch (const server::ServerError& e) {
        std::fprintf(stderr, "triad-cli serve: %s\n", e.what());
        return 1;
    }
    std::cout << "Listening on " << urlOf(serverOptions.host, server.port()) << std::endl;

    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::fprintf(stderr, "triad-cli serve: %s received, stopping\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
    return 0; // the manager's destructor cancels what is still running and joins the workers
}

triad::cli::Registrar registrar{"serve", "serve local GGUF models over an OpenAI-compatible HTTP API", runServe};

} // namespace
