#include "core/server/OpenAiServer.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/server/ApiError.h"
#include "core/server/EventQueue.h"
#include "core/server/RequestParsing.h"

namespace triad::server {

using nlohmann::json;
using providers::ChatEvent;
using providers::ChatEventKind;

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(100);
constexpr auto kMaxWaitForFirstEvent = std::chrono::minutes(10);

int64_t unixSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string newId(const char* prefix)
{
    static std::atomic<uint64_t> counter{0};
    return std::string(prefix) + std::to_string(unixSeconds()) + "-" + std::to_string(++counter);
}

void sendError(httplib::Response& res, const ApiError& err)
{
    res.status = err.httpStatus;
    res.set_content(err.toJson().dump(), "application/json");
}

std::string sse(const json& j)
{
    return "data: " + j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

bool isContentEvent(ChatEventKind kind)
{
    return kind == ChatEventKind::TextDelta || kind == ChatEventKind::ReasoningDelta
        || kind == ChatEventKind::ToolCallDelta || kind == ChatEventKind::Finished
        || kind == ChatEventKind::Failed;
}

/** One generation in flight: the provider pushes events, the HTTP thread drains them. */
struct Generation {
    std::shared_ptr<EventQueue> queue = std::make_shared<EventQueue>();
    std::shared_ptr<providers::RequestHandle> handle;
    std::vector<ChatEvent> pending;   // popped while deciding the status, not yet sent
    providers::Usage usage;
    std::string id;
    std::string model;
    int64_t created = 0;
    bool chat = true;
    bool includeUsage = false;
    bool sentRole = false;
    bool ended = false;
};

json chunkFor(const Generation& g, const json& choice)
{
    json j = {{"id", g.id},
              {"object", g.chat ? "chat.completion.chunk" : "text_completion"},
              {"created", g.created},
              {"model", g.model},
              {"choices", json::array({choice})}};
    return j;
}

json usageJson(const providers::Usage& u)
{
    const int64_t p = u.promptTokens.value_or(0);
    const int64_t c = u.completionTokens.value_or(0);
    return {{"prompt_tokens", p}, {"completion_tokens", c}, {"total_tokens", p + c}};
}

// Serialises one event as SSE text ("" when it carries nothing for the client).
std::string streamEvent(Generation& g, const ChatEvent& e)
{
    std::string out;
    auto choice = [&](json delta, json finish) {
        if (g.chat)
            return json{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish)}};
        return json{{"index", 0}, {"text", delta.value("content", "")}, {"logprobs", nullptr},
                    {"finish_reason", std::move(finish)}};
    };
    if (g.chat && !g.sentRole && e.kind != ChatEventKind::Failed) {
        g.sentRole = true;
        out += sse(chunkFor(g, choice({{"role", "assistant"}, {"content", ""}}, nullptr)));
    }
    switch (e.kind) {
    case ChatEventKind::TextDelta:
        out += sse(chunkFor(g, choice({{"content", e.text}}, nullptr)));
        break;
    case ChatEventKind::ReasoningDelta:
        if (g.chat)
            out += sse(chunkFor(g, choice({{"reasoning_content", e.text}}, nullptr)));
        break;
    case ChatEventKind::ToolCallDelta:
        if (g.chat)
            out += sse(chunkFor(g, choice({{"tool_calls", e.json}}, nullptr)));
        break;
    case ChatEventKind::Usage:
        g.usage = e.usage;
        break;
    case ChatEventKind::Finished: {
        out += sse(chunkFor(g, choice(json::object(), e.finishReason.empty() ? "stop" : e.finishReason)));
        if (g.includeUsage) {
            json u = {{"id", g.id},
                      {"object", g.chat ? "chat.completion.chunk" : "text_completion"},
                      {"created", g.created},
                      {"model", g.model},
                      {"choices", json::array()},
                      {"usage", usageJson(g.usage)}};
            out += sse(u);
        }
        out += "data: [DONE]\n\n";
        g.ended = true;
        break;
    }
    case ChatEventKind::Failed:
        out += sse(fromProviderError(e.error).toJson());
        out += "data: [DONE]\n\n";
        g.ended = true;
        break;
    default:
        break;
    }
    return out;
}

} // namespace

bool isLoopbackHost(const std::string& host)
{
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]"
        || host.rfind("127.", 0) == 0;
}

struct OpenAiServer::Impl {
    ServerOptions options;
    std::vector<ServedModel> models;
    httplib::Server http;
    std::thread thread;
    int boundPort = 0;
    std::atomic<bool> started{false};

    const ServedModel* find(const std::string& id) const
    {
        for (const auto& m : models)
            if (m.id == id)
                return &m;
        return nullptr;
    }

    bool authorized(const httplib::Request& req, httplib::Response& res) const
    {
        if (options.apiKey.empty())
            return true;
        if (req.get_header_value("Authorization") == "Bearer " + options.apiKey)
            return true;
        ApiError err;
        err.httpStatus = 401;
        err.message = "Incorrect API key provided: send 'Authorization: Bearer <key>' with the key "
                      "given to triad-cli serve --api-key";
        err.code = "invalid_api_key";
        sendError(res, err);
        return false;
    }

    void handleModels(const httplib::Request& req, httplib::Response& res) const
    {
        if (!authorized(req, res))
            return;
        json data = json::array();
        for (const auto& m : models) {
            json entry = {{"id", m.id}, {"object", "model"}, {"created", unixSeconds()}, {"owned_by", m.ownedBy}};
            if (m.contextLength)
                entry["context_length"] = *m.contextLength;
            data.push_back(entry);
        }
        res.set_content(json{{"object", "list"}, {"data", data}}.dump(), "application/json");
    }

    void handleGenerate(const httplib::Request& req, httplib::Response& res, bool chat)
    {
        if (!authorized(req, res))
            return;
        auto parsed = chat ? parseChatCompletionBody(req.body) : parseCompletionBody(req.body);
        if (auto* err = std::get_if<ApiError>(&parsed)) {
            sendError(res, *err);
            return;
        }
        ParsedRequest& p = std::get<ParsedRequest>(parsed);
        const ServedModel* model = find(p.request.model);
        if (!model) {
            ApiError err;
            err.httpStatus = 404;
            err.message = "The model '" + p.request.model + "' does not exist; GET /v1/models lists the served ones";
            err.param = "model";
            err.code = "model_not_found";
            sendError(res, err);
            return;
        }

        auto g = std::make_shared<Generation>();
        g->id = newId(chat ? "chatcmpl-" : "cmpl-");
        g->model = model->id;
        g->created = unixSeconds();
        g->chat = chat;
        g->includeUsage = p.includeUsage;
        providers::ChatRequest request = p.request;
        request.model = model->providerModel;
        std::weak_ptr<EventQueue> weakQueue = g->queue;
        g->handle = model->provider->chat(request, [weakQueue](const ChatEvent& e) {
            if (auto q = weakQueue.lock())
                q->push(e);
        });

        // Wait for the first meaningful event so an early failure (context overflow, bad
        // parameter) is answered with a proper status instead of a broken stream.
        const auto deadline = std::chrono::steady_clock::now() + kMaxWaitForFirstEvent;
        for (;;) {
            auto e = g->queue->pop(kPollInterval);
            if (!e) {
                if (std::chrono::steady_clock::now() > deadline) {
                    g->handle->cancel();
                    ApiError err;
                    err.httpStatus = 504;
                    err.type = "timeout";
                    err.message = "the model produced nothing for 10 minutes";
                    sendError(res, err);
                    return;
                }
                continue;
            }
            if (e->kind == ChatEventKind::Failed) {
                sendError(res, fromProviderError(e->error));
                return;
            }
            if (e->kind == ChatEventKind::Usage)
                g->usage = e->usage;
            g->pending.push_back(*e);
            if (isContentEvent(e->kind))
                break;
        }

        if (p.stream)
            respondStreaming(res, g);
        else
            respondWhole(res, g);
    }

    void respondStreaming(httplib::Response& res, const std::shared_ptr<Generation>& g)
    {
        res.set_header("Cache-Control", "no-cache");
        res.set_chunked_content_provider(
            "text/event-stream",
            [g](size_t, httplib::DataSink& sink) {
                if (!sink.is_writable())
                    return false;
                std::string out;
                for (const auto& e : g->pending)
                    out += streamEvent(*g, e);
                g->pending.clear();
                if (!g->ended) {
                    if (auto e = g->queue->pop(kPollInterval))
                        out += streamEvent(*g, *e);
                }
                if (!out.empty() && !sink.write(out.data(), out.size()))
                    return false;
                if (g->ended)
                    sink.done();
                return true;
            },
            [g](bool success) {
                if (!success || !g->ended)
                    g->handle->cancel();
            });
    }

    void respondWhole(httplib::Response& res, const std::shared_ptr<Generation>& g)
    {
        std::string text, reasoning, finish = "stop";
        json toolCalls = json::array();
        auto consume = [&](const ChatEvent& e) -> bool {
            switch (e.kind) {
            case ChatEventKind::TextDelta: text += e.text; break;
            case ChatEventKind::ReasoningDelta: reasoning += e.text; break;
            case ChatEventKind::ToolCallDelta:
                if (e.json.is_array())
                    for (const auto& t : e.json)
                        toolCalls.push_back(t);
                break;
            case ChatEventKind::Usage: g->usage = e.usage; break;
            case ChatEventKind::Finished:
                if (!e.finishReason.empty())
                    finish = e.finishReason;
                return true;
            case ChatEventKind::Failed:
                sendError(res, fromProviderError(e.error));
                return true;
            default: break;
            }
            return false;
        };
        bool done = false;
        bool failed = false;
        for (const auto& e : g->pending) {
            failed = failed || e.kind == ChatEventKind::Failed;
            done = consume(e) || done;
        }
        while (!done) {
            if (auto e = g->queue->pop(kPollInterval)) {
                failed = e->kind == ChatEventKind::Failed;
                done = consume(*e);
            }
        }
        if (failed)
            return;
        json choice;
        if (g->chat) {
            json message = {{"role", "assistant"}, {"content", text}};
            if (!reasoning.empty())
                message["reasoning_content"] = reasoning;
            if (!toolCalls.empty())
                message["tool_calls"] = toolCalls;
            choice = {{"index", 0}, {"message", message}, {"finish_reason", finish}};
        } else {
            choice = {{"index", 0}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", finish}};
        }
        json body = {{"id", g->id},
                     {"object", g->chat ? "chat.completion" : "text_completion"},
                     {"created", g->created},
                     {"model", g->model},
                     {"choices", json::array({choice})},
                     {"usage", usageJson(g->usage)}};
        res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    }
};

OpenAiServer::OpenAiServer(ServerOptions options)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
}

OpenAiServer::~OpenAiServer()
{
    stop();
}

void OpenAiServer::addModel(ServedModel model)
{
    d->models.push_back(std::move(model));
}

const std::vector<ServedModel>& OpenAiServer::models() const
{
    return d->models;
}

void OpenAiServer::start()
{
    if (!isLoopbackHost(d->options.host) && d->options.apiKey.empty())
        throw ServerError("refusing to serve on " + d->options.host
                          + " without --api-key: any address but loopback needs a bearer token");
    auto& http = d->http;
    http.set_read_timeout(60, 0);
    http.set_write_timeout(600, 0);
    http.set_payload_max_length(64u * 1024u * 1024u);
    // Streamed tokens are small writes: without TCP_NODELAY, Nagle's algorithm holds the
    // next one until the client's delayed ACK (~40 ms), which shows up as a slow TTFT.
    http.set_tcp_nodelay(true);
    http.Get("/v1/models", [this](const httplib::Request& req, httplib::Response& res) {
        d->handleModels(req, res);
    });
    http.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
        d->handleGenerate(req, res, true);
    });
    http.Post("/v1/completions", [this](const httplib::Request& req, httplib::Response& res) {
        d->handleGenerate(req, res, false);
    });
    http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok"})", "application/json");
    });
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        ApiError err;
        err.httpStatus = res.status;
        err.message = res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                        : "request failed with HTTP " + std::to_string(res.status);
        res.set_content(err.toJson().dump(), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    }));

    if (d->options.port == 0) {
        d->boundPort = http.bind_to_any_port(d->options.host);
    } else {
        d->boundPort = http.bind_to_port(d->options.host, d->options.port) ? d->options.port : -1;
    }
    if (d->boundPort <= 0)
        throw ServerError("could not listen on " + d->options.host + ":" + std::to_string(d->options.port)
                          + " (the port is in use or the address is not available here)");
    d->started = true;
    d->thread = std::thread([this] { d->http.listen_after_bind(); });
    // httplib's stop() is a no-op until the listener runs: wait for it, so a quick
    // start/stop pair cannot leave a listener behind.
    for (int i = 0; i < 500 && !d->http.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

int OpenAiServer::port() const
{
    return d->boundPort;
}

void OpenAiServer::stop()
{
    if (d->started.exchange(false))
        d->http.stop();
    if (d->thread.joinable())
        d->thread.join();
}

void OpenAiServer::wait()
{
    while (d->started)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (d->thread.joinable())
        d->thread.join();
}

} // namespace triad::server
