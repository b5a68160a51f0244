#pragma once
// `triad-cli serve`: an OpenAI-compatible HTTP server over any Provider (the local engine,
// later routers). Endpoints: GET /v1/models, POST /v1/chat/completions (streamed or not,
// usage, stream_options.include_usage), POST /v1/completions.
//
// Usage:
//   OpenAiServer server({.host = "127.0.0.1", .port = 8080});
//   server.addModel({.id = "tiny", .provider = local, .providerModel = "tiny"});
//   server.start();           // throws ServerError (port in use, key missing, …)
//   server.wait();            // until stop() from another thread or a signal handler

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/providers/Provider.h"

namespace triad::server {

class ServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;          ///< 0 = pick a free port (see OpenAiServer::port())
    std::string apiKey;       ///< bearer token; required unless host is loopback
};

struct ServedModel {
    std::string id;                                   ///< what clients put in "model"
    std::shared_ptr<providers::Provider> provider;
    std::string providerModel;                        ///< model name the provider expects
    std::string ownedBy = "triad";
    std::optional<int64_t> contextLength;
};

bool isLoopbackHost(const std::string& host);

class OpenAiServer {
public:
    explicit OpenAiServer(ServerOptions options);
    ~OpenAiServer();
    OpenAiServer(const OpenAiServer&) = delete;
    OpenAiServer& operator=(const OpenAiServer&) = delete;

    void addModel(ServedModel model);
    const std::vector<ServedModel>& models() const;

    /** Binds and serves on background threads. Throws ServerError. */
    void start();
    /** The bound port (useful with port 0). */
    int port() const;
    void stop();
    /** Blocks until stop() was called. */
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace triad::server
