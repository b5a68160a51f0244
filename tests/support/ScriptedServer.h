#pragma once
// A real HTTP server on 127.0.0.1 (random free port) for tests and benchmarks. It replays
// OpenAI-, Anthropic- and Ollama-style streams at scripted times and injects faults: error
// statuses with bodies and Retry-After, stalls before the first byte or mid-stream, a
// disconnect mid-stream, garbage bytes. It records every request and the moment each
// scripted step was written (nowNs(), the clock the client's timeline uses), so tests can
// compare measured latencies with what the server really did.
//
// Usage:
//   ScriptedServer server;
//   QVERIFY(server.start());
//   StreamScript s; s.pieces = {"Hel", "lo"}; s.firstDelayMs = 100;
//   server.enqueue("/v1/chat/completions", ScriptedServer::openAiStream(s));
//   ... point a provider at server.baseUrl() ...
//   auto req = server.requests().front();   // what the client sent

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace triad::testsupport {

/** One step of a scripted body: wait, then write bytes (or drop the connection). */
struct ScriptStep {
    int delayMs = 0;
    std::string bytes;
    bool disconnect = false;   ///< close the connection abruptly instead of writing
    bool content = false;      ///< carries answer text (for "first content" timing)
};

struct ScriptedResponse {
    int status = 200;
    std::string contentType = "text/event-stream";
    std::vector<std::pair<std::string, std::string>> headers;
    /** Stall before the status line: the client sees no byte at all. */
    int delayBeforeHeadersMs = 0;
    std::vector<ScriptStep> steps;   ///< streamed (chunked) body
};

/** Text of a typical streamed answer and its timing. */
struct StreamScript {
    std::vector<std::string> pieces;            ///< answer text, one chunk each
    std::vector<std::string> reasoningPieces;   ///< streamed before the answer
    int firstDelayMs = 0;       ///< from the request to the first content piece
    int interDelayMs = 0;       ///< between content pieces
    bool roleChunk = true;      ///< OpenAI: a role-only first chunk, sent at once
    bool includeUsage = true;   ///< usage chunk / Anthropic usage
    int promptTokens = 11;
    std::optional<int> completionTokens;   ///< default: number of pieces
    std::string finishReason = "stop";     ///< OpenAI-style; mapped for Anthropic
    std::string model = "scripted-model";
    bool done = true;           ///< end with [DONE] / message_stop
};

/** What the server received, and when it wrote each step of its answer. */
struct RecordedRequest {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int64_t receivedNs = 0;
    std::vector<int64_t> stepWrittenNs;   ///< one entry per step written (in order)
    std::vector<bool> stepIsContent;

    std::optional<std::string> header(const std::string& name) const;
    nlohmann::json json() const;   ///< body parsed (discarded value when not JSON)
    /** When the first content step was written, if one was. */
    std::optional<int64_t> firstContentWrittenNs() const;
};

class ScriptedServer {
public:
    ScriptedServer();
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    /** Binds 127.0.0.1 on a free port and starts serving; false on failure. */
    bool start();
    void stop();
    int port() const { return m_port; }
    /** "http://127.0.0.1:PORT/v1" */
    std::string baseUrl() const;

    /** Serves `response` once for the next request to `path` (FIFO per path). */
    void enqueue(const std::string& path, ScriptedResponse response);
    /** Served for `path` whenever its queue is empty. */
    void setDefault(const std::string& path, ScriptedResponse response);
    /** The models GET /v1/models lists (default: two scripted models). */
    void setModels(const std::vector<std::string>& ids);

    std::vector<RecordedRequest> requests() const;
    size_t requestCount() const;
    /** Blocks until `count` requests arrived or the timeout passed. */
    bool waitForRequests(size_t count, int timeoutMs) const;

    // Builders for typical responses.
    static std::string sse(const nlohmann::json& data, const std::string& eventName = {});
    static ScriptedResponse openAiStream(const StreamScript& script);
    /** Ollama's /v1 flavour: no role-only chunk, role in every delta, no usage chunk. */
    static ScriptedResponse ollamaStream(const StreamScript& script);
    static ScriptedResponse anthropicStream(const StreamScript& script);
    /** An OpenAI-style error body {"error":{"message","type","code"}}. */
    static ScriptedResponse errorResponse(int status, const std::string& message,
                                          std::optional<int> retryAfterSec = std::nullopt);
    static ScriptedResponse jsonResponse(int status, const nlohmann::json& body);

private:
    struct Record;
    void serve(const std::string& method, const void* request, void* response);
    bool sleepUnlessStopping(int ms);

    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    bool m_stopping = false;
    std::map<std::string, std::deque<ScriptedResponse>> m_queues;
    std::map<std::string, ScriptedResponse> m_defaults;
    std::vector<std::string> m_models;
    std::vector<std::shared_ptr<Record>> m_records;
};

} // namespace triad::testsupport
