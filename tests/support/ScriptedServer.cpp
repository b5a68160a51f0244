#include "tests/support/ScriptedServer.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <httplib.h>

#include "core/metrics/Clock.h"

namespace triad::testsupport {

using nlohmann::json;

struct ScriptedServer::Record {
    std::mutex mutex;
    RecordedRequest request;
};

namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

json chunk(const StreamScript& s, const json& delta, const json& finishReason = nullptr)
{
    return {{"id", "chatcmpl-scripted"},
            {"object", "chat.completion.chunk"},
            {"created", 1700000000},
            {"model", s.model},
            {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", finishReason}}})}};
}

/** Delay of the n-th content step: the first waits firstDelayMs, the others interDelayMs. */
int contentDelay(const StreamScript& s, size_t n)
{
    return n == 0 ? s.firstDelayMs : s.interDelayMs;
}

int completionTokens(const StreamScript& s)
{
    return s.completionTokens.value_or(static_cast<int>(s.pieces.size() + s.reasoningPieces.size()));
}

} // namespace

std::optional<std::string> RecordedRequest::header(const std::string& name) const
{
    for (const auto& [n, v] : headers) {
        if (equalsIgnoreCase(n, name))
            return v;
    }
    return std::nullopt;
}

json RecordedRequest::json() const
{
    return json::parse(body, nullptr, false);
}

std::optional<int64_t> RecordedRequest::firstContentWrittenNs() const
{
    for (size_t i = 0; i < stepWrittenNs.size() && i < stepIsContent.size(); ++i) {
        if (stepIsContent[i])
            return stepWrittenNs[i];
    }
    return std::nullopt;
}

ScriptedServer::ScriptedServer() : m_models{"scripted-model", "scripted-model-large"} {}

ScriptedServer::~ScriptedServer()
{
    stop();
}

bool ScriptedServer::start()
{
    if (m_server)
        return true;
    m_server = std::make_unique<httplib::Server>();
    // Many concurrent streams each hold a worker for their whole (sleepy) life.
    m_server->new_task_queue = [] { return new httplib::ThreadPool(96); };
    m_server->set_tcp_nodelay(true);   // timing tests must not wait for Nagle
    m_server->set_keep_alive_timeout(1);
    auto handler = [this](const char* method) {
        return [this, method](const httplib::Request& req, httplib::Response& res) {
            serve(method, &req, &res);
        };
    };
    m_server->Get(".*", handler("GET"));
    m_server->Post(".*", handler("POST"));
    m_server->Delete(".*", handler("DELETE"));
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0) {
        m_server.reset();
        return false;
    }
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    for (int i = 0; i < 200 && !m_server->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return m_server->is_running();
}

void ScriptedServer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_server)
        m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
}

std::string ScriptedServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/v1";
}

void ScriptedServer::enqueue(const std::string& path, ScriptedResponse response)
{
    std::lock_guard lock(m_mutex);
    m_queues[path].push_back(std::move(response));
}

void ScriptedServer::setDefault(const std::string& path, ScriptedResponse response)
{
    std::lock_guard lock(m_mutex);
    m_defaults[path] = std::move(response);
}

void ScriptedServer::setModels(const std::vector<std::string>& ids)
{
    std::lock_guard lock(m_mutex);
    m_models = ids;
}

std::vector<RecordedRequest> ScriptedServer::requests() const
{
    std::vector<std::shared_ptr<Record>> records;
    {
        std::lock_guard lock(m_mutex);
        records = m_records;
    }
    std::vector<RecordedRequest> out;
    for (const auto& r : records) {
        std::lock_guard lock(r->mutex);
        out.push_back(r->request);
    }
    return out;
}

size_t ScriptedServer::requestCount() const
{
    std::lock_guard lock(m_mutex);
    return m_records.size();
}

bool ScriptedServer::waitForRequests(size_t count, int timeoutMs) const
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                         [&] { return m_records.size() >= count; });
}

bool ScriptedServer::sleepUnlessStopping(int ms)
{
    if (ms <= 0)
        return true;
    std::unique_lock lock(m_mutex);
    return !m_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
}

void ScriptedServer::serve(const std::string& method, const void* reqPtr, void* resPtr)
{
    const auto& req = *static_cast<const httplib::Request*>(reqPtr);
    auto& res = *static_cast<httplib::Response*>(resPtr);

    auto record = std::make_shared<Record>();
    record->request.method = method;
    record->request.path = req.path;
    record->request.body = req.body;
    record->request.receivedNs = metrics::nowNs();
    for (const auto& [n, v] : req.headers)
        record->request.headers.emplace_back(n, v);

    std::optional<ScriptedResponse> scripted;
    std::vector<std::string> models;
    {
        std::lock_guard lock(m_mutex);
        m_records.push_back(record);
        auto& queue = m_queues[req.path];
        if (!queue.empty()) {
            scripted = std::move(queue.front());
            queue.pop_front();
        } else if (auto it = m_defaults.find(req.path); it != m_defaults.end()) {
            scripted = it->second;
        }
        models = m_models;
    }
    m_cv.notify_all();

    if (!scripted) {
        if (method == "GET" && req.path == "/v1/models") {
            json data = json::array();
            for (const auto& id : models)
                data.push_back({{"id", id}, {"object", "model"}, {"created", 1700000000}, {"owned_by", "triad-tests"}});
            res.set_content(json{{"object", "list"}, {"data", data}}.dump(), "application/json");
            return;
        }
        res.status = 404;
        res.set_content(json{{"error", {{"message", "no script for " + method + " " + req.path},
                                        {"type", "not_found"}}}}
                            .dump(),
                        "application/json");
        return;
    }

    if (!sleepUnlessStopping(scripted->delayBeforeHeadersMs))
        return;
    res.status = scripted->status;
    for (const auto& [n, v] : scripted->headers)
        res.set_header(n.c_str(), v.c_str());
    if (scripted->steps.empty()) {
        res.set_content("", scripted->contentType.c_str());
        return;
    }
    auto steps = std::make_shared<std::vector<ScriptStep>>(std::move(scripted->steps));
    auto next = std::make_shared<size_t>(0);
    res.set_chunked_content_provider(
        scripted->contentType, [this, steps, next, record](size_t, httplib::DataSink& sink) {
            if (*next >= steps->size()) {
                sink.done();
                return true;
            }
            const ScriptStep& step = (*steps)[(*next)++];
            if (!sleepUnlessStopping(step.delayMs))
                return false;
            if (step.disconnect)
                return false;   // httplib drops the connection without the final chunk
            {
                // Stamped just before the write: the client cannot see the bytes earlier.
                std::lock_guard lock(record->mutex);
                record->request.stepWrittenNs.push_back(metrics::nowNs());
                record->request.stepIsContent.push_back(step.content);
            }
            if (!step.bytes.empty() && !sink.write(step.bytes.data(), step.bytes.size()))
                return false;
            if (*next >= steps->size())
                sink.done();
            return true;
        });
}

std::string ScriptedServer::sse(const json& data, const std::string& eventName)
{
    std::string out;
    if (!eventName.empty())
        out += "event: " + eventName + "\n";
    return out + "data: " + data.dump() + "\n\n";
}

ScriptedResponse ScriptedServer::openAiStream(const StreamScript& s)
{
    ScriptedResponse r;
    if (s.roleChunk)
        r.steps.push_back({0, sse(chunk(s, {{"role", "assistant"}, {"content", ""}})), false, false});
    size_t n = 0;
    for (const auto& p : s.reasoningPieces)
        r.steps.push_back({contentDelay(s, n++), sse(chunk(s, {{"reasoning_content", p}})), false, true});
    for (const auto& p : s.pieces)
        r.steps.push_back({contentDelay(s, n++), sse(chunk(s, {{"content", p}})), false, true});
    if (!s.finishReason.empty())
        r.steps.push_back({0, sse(chunk(s, json::object(), s.finishReason)), false, false});
    if (s.includeUsage) {
        const int out = completionTokens(s);
        json usage = {{"prompt_tokens", s.promptTokens}, {"completion_tokens", out},
                      {"total_tokens", s.promptTokens + out}};
        json u = {{"id", "chatcmpl-scripted"}, {"object", "chat.completion.chunk"}, {"created", 1700000000},
                  {"model", s.model}, {"choices", json::array()}, {"usage", usage}};
        r.steps.push_back({0, sse(u), false, false});
    }
    if (s.done)
        r.steps.push_back({0, "data: [DONE]\n\n", false, false});
    return r;
}

ScriptedResponse ScriptedServer::ollamaStream(const StreamScript& s)
{
    ScriptedResponse r;
    auto ollamaChunk = [&](const std::string& content, const json& finish) {
        json c = chunk(s, {{"role", "assistant"}, {"content", content}}, finish);
        c["id"] = "chatcmpl-417";
        c["system_fingerprint"] = "fp_ollama";
        return sse(c);
    };
    size_t n = 0;
    for (const auto& p : s.pieces)
        r.steps.push_back({contentDelay(s, n++), ollamaChunk(p, nullptr), false, true});
    r.steps.push_back({0, ollamaChunk("", s.finishReason.empty() ? json(nullptr) : json(s.finishReason)), false, false});
    if (s.done)
        r.steps.push_back({0, "data: [DONE]\n\n", false, false});
    return r;
}

ScriptedResponse ScriptedServer::anthropicStream(const StreamScript& s)
{
    ScriptedResponse r;
    json start = {{"type", "message_start"},
                  {"message", {{"id", "msg_scripted"}, {"type", "message"}, {"role", "assistant"},
                               {"model", s.model}, {"content", json::array()}, {"stop_reason", nullptr},
                               {"usage", {{"input_tokens", s.includeUsage ? s.promptTokens : 0}, {"output_tokens", 1}}}}}};
    r.steps.push_back({0, sse(start, "message_start"), false, false});
    r.steps.push_back({0, sse({{"type", "ping"}}, "ping"), false, false});
    int block = 0;
    size_t n = 0;
    if (!s.reasoningPieces.empty()) {
        r.steps.push_back({0, sse({{"type", "content_block_start"}, {"index", block},
                                   {"content_block", {{"type", "thinking"}, {"thinking", ""}}}},
                                  "content_block_start"), false, false});
        for (const auto& p : s.reasoningPieces)
            r.steps.push_back({contentDelay(s, n++),
                               sse({{"type", "content_block_delta"}, {"index", block},
                                    {"delta", {{"type", "thinking_delta"}, {"thinking", p}}}},
                                   "content_block_delta"), false, true});
        r.steps.push_back({0, sse({{"type", "content_block_stop"}, {"index", block}}, "content_block_stop"), false, false});
        ++block;
    }
    r.steps.push_back({0, sse({{"type", "content_block_start"}, {"index", block},
                               {"content_block", {{"type", "text"}, {"text", ""}}}},
                              "content_block_start"), false, false});
    for (const auto& p : s.pieces)
        r.steps.push_back({contentDelay(s, n++),
                           sse({{"type", "content_block_delta"}, {"index", block},
                                {"delta", {{"type", "text_delta"}, {"text", p}}}},
                               "content_block_delta"), false, true});
    r.steps.push_back({0, sse({{"type", "content_block_stop"}, {"index", block}}, "content_block_stop"), false, false});
    std::string stop = s.finishReason == "length" ? "max_tokens"
        : s.finishReason == "tool_calls"         ? "tool_use"
                                                 : "end_turn";
    json delta = {{"type", "message_delta"}, {"delta", {{"stop_reason", stop}, {"stop_sequence", nullptr}}}};
    if (s.includeUsage)
        delta["usage"] = {{"output_tokens", completionTokens(s)}};
    r.steps.push_back({0, sse(delta, "message_delta"), false, false});
    if (s.done)
        r.steps.push_back({0, sse({{"type", "message_stop"}}, "message_stop"), false, false});
    return r;
}

ScriptedResponse ScriptedServer::errorResponse(int status, const std::string& message,
                                               std::optional<int> retryAfterSec)
{
    ScriptedResponse r = jsonResponse(status, {{"error", {{"message", message},
                                                          {"type", status == 401 ? "invalid_request_error" : "error"},
                                                          {"code", status}}}});
    if (retryAfterSec)
        r.headers.emplace_back("Retry-After", std::to_string(*retryAfterSec));
    return r;
}

ScriptedResponse ScriptedServer::jsonResponse(int status, const json& body)
{
    ScriptedResponse r;
    r.status = status;
    r.contentType = "application/json";
    r.steps.push_back({0, body.dump(), false, false});
    return r;
}

} // namespace triad::testsupport
