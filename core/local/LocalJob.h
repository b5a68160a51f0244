#pragma once
// One chat request on its way through a ModelWorker: the request, the caller's sink, the
// cancel flag the generation loop polls, and the "final event delivered" state that
// RequestHandle::wait() blocks on. Shared by the worker (which runs it) and the handle
// (which cancels and waits for it).

#include "core/providers/Provider.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

namespace triad::local {

class LocalJob {
public:
    /** @p adapter names the worker's LoRA adapter to answer with ("" = the base model). */
    LocalJob(providers::ChatRequest request, providers::ChatSink sink, std::string adapter = {});

    const providers::ChatRequest& request() const { return m_request; }
    const std::string& adapter() const { return m_adapter; }

    /** Set by RequestHandle::cancel(); the generation loop checks it before every token. */
    std::atomic<bool>& cancelFlag() { return m_cancel; }
    bool cancelRequested() const { return m_cancel.load(std::memory_order_relaxed); }

    /** Delivers a non-final event to the sink (ignored once the job is done). */
    void emit(const providers::ChatEvent& event);
    /** Delivers the final event (Finished or Failed) and wakes wait(). Only the first counts. */
    void finish(const providers::ChatEvent& event);
    /** Shorthand for finish() with a Failed event. */
    void fail(providers::ErrorKind kind, const std::string& message);

    void wait();
    bool done() const;

private:
    providers::ChatRequest m_request;
    providers::ChatSink m_sink;
    std::string m_adapter;
    std::atomic<bool> m_cancel{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    bool m_finishing = false;   // a final event is being delivered; later ones are dropped
};

} // namespace triad::local
