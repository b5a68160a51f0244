#pragma once
// The thread that owns one loaded model's inference context (KV cache, thread pool) and
// serves its chat requests one at a time, first come first served. Keeping the context on one
// thread is what lets the Generator reuse the cached prefix across requests (a multi-turn
// chat does not recompute earlier turns) and keeps concurrent answers from mixing.
//
// LoRA adapters: the worker keeps the adapters of its model (read once, small) by name; a
// request names the one it wants (or none) and the context switches to it before the prompt
// is evaluated. Switching empties the KV cache (Transformer::setAdapter), so a prefix cached
// under other weights is never reused; requests that stay on one adapter keep the reuse.
//
// Events on the sink: Started (at submit, on the caller's thread: the queue wait counts in
// the latency), then on the worker thread FirstByte with the first generated text,
// TextDelta / ReasoningDelta (inline <think> blocks), Usage with exact token counts, and
// Finished ("stop" or "length") or Failed (Cancelled; BadRequest for a prompt that does
// not fit the context or bad parameters; Local for an engine failure).

#include "core/engine/LoraAdapter.h"
#include "core/engine/Model.h"
#include "core/engine/Transformer.h"
#include "core/providers/Provider.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace triad::local {

class LocalJob;

class ModelWorker : public std::enable_shared_from_this<ModelWorker> {
public:
    /**
     * Creates the inference context for @p model (allocates the KV cache; throws ModelError
     * or std::bad_alloc when that fails) and starts the thread. @p onChanged is called from
     * any thread when the worker becomes busy or idle or its queue changes.
     */
    static std::shared_ptr<ModelWorker> start(std::string id, std::shared_ptr<const engine::Model> model,
                                              const engine::TransformerParams& params,
                                              std::function<void()> onChanged);
    /** Stops the thread (as stop()). */
    ~ModelWorker();

    ModelWorker(const ModelWorker&) = delete;
    ModelWorker& operator=(const ModelWorker&) = delete;

    /**
     * Queues @p request, answered with the adapter named @p adapter ("" = the base model);
     * Started is delivered before this returns. An adapter the worker does not hold when the
     * request starts fails it (BadRequest). Never throws.
     */
    std::shared_ptr<providers::RequestHandle> submit(const providers::ChatRequest& request,
                                                     providers::ChatSink sink, const std::string& adapter = {});

    /** Keeps @p adapter (read for this worker's model) under @p name, applied with @p scale;
     *  replaces an adapter of the same name. */
    void addAdapter(const std::string& name, std::shared_ptr<const engine::LoraAdapter> adapter, float scale);
    /** Forgets adapter @p name; requests queued for it fail when they start. */
    void removeAdapter(const std::string& name);
    bool hasAdapter(const std::string& name) const;
    /** The adapter held under @p name, or nullptr. */
    std::shared_ptr<const engine::LoraAdapter> adapter(const std::string& name) const;

    /**
     * Cancels the running request and fails the queued ones with Cancelled (naming @p reason),
     * then waits for the thread to end. Later submits fail at once. Idempotent.
     */
    void stop(const std::string& reason = "the model was unloaded");

    const std::string& id() const { return m_id; }
    const engine::Model& model() const { return *m_model; }
    /** KV cache positions of the context. */
    int64_t contextLength() const { return m_contextLength; }
    /** KV cache plus scratch held by the context and the adapters' factors, in bytes
     *  (updated after each request). */
    uint64_t memoryBytes() const;
    /** A request is being generated. */
    bool busy() const;
    /** Requests waiting behind the running one. */
    int queuedCount() const;

    /** Removes @p job from the queue if it is still waiting there and fails it (Cancelled). */
    void cancelQueued(const std::shared_ptr<LocalJob>& job);

private:
    ModelWorker(std::string id, std::shared_ptr<const engine::Model> model, const engine::TransformerParams& params,
                std::function<void()> onChanged);
    void run();
    void serve(LocalJob& job);
    void notifyChanged();

    const std::string m_id;
    const std::shared_ptr<const engine::Model> m_model;
    std::unique_ptr<engine::Transformer> m_context;   // touched only by the worker thread after start
    int64_t m_contextLength = 0;
    std::function<void()> m_onChanged;
    std::atomic<uint64_t> m_memoryBytes{0};

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::shared_ptr<LocalJob>> m_queue;
    struct HeldAdapter {
        std::shared_ptr<const engine::LoraAdapter> adapter;
        float scale = 1.0f;
    };
    std::map<std::string, HeldAdapter> m_adapters;
    std::shared_ptr<LocalJob> m_current;
    bool m_stopping = false;
    std::string m_stopReason;
    std::thread m_thread;
};

} // namespace triad::local
