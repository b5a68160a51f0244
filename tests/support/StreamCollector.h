#pragma once
// Collects the ChatEvents of one request for a test: thread-safe (sinks run on the network
// thread), with a wait for the final event and a RunRecorder for text and metrics.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/providers/Provider.h"
#include "core/providers/RunRecorder.h"

namespace triad::testsupport {

/** Everything one finished request produced. */
struct CollectedRun {
    bool completed = false;                  ///< the final event arrived in time
    providers::RunSnapshot run;
    metrics::RequestMetrics metrics;
    std::vector<providers::ChatEvent> events;
    std::string kinds;                       ///< StreamCollector::kindSequence()
    bool onProviderThread = false;           ///< no event ran on the calling thread
};

class StreamCollector {
public:
    /** Runs one request to its end (cancelling it after timeoutMs) and collects it. */
    static CollectedRun runToEnd(providers::Provider& provider,
                                 const providers::ChatRequest& request, int timeoutMs = 15000);

    explicit StreamCollector(const providers::ChatRequest& request);

    /** The sink to pass to Provider::chat. Records the thread it ran on, too. */
    providers::ChatSink sink();

    /** Waits for Finished/Failed; false on timeout. */
    bool waitDone(int timeoutMs);
    std::vector<providers::ChatEvent> events() const;
    /** Kinds in order, e.g. "Started,FirstByte,TextDelta,…" (consecutive deltas collapsed). */
    std::string kindSequence() const;
    const std::shared_ptr<providers::RunRecorder>& recorder() const { return m_recorder; }
    providers::RunSnapshot run() const { return m_recorder->snapshot(); }
    /** Did any event arrive on a thread other than the given one? */
    bool allOnThreadOtherThan(std::thread::id id) const;

    static const char* kindName(providers::ChatEventKind kind);

private:
    std::shared_ptr<providers::RunRecorder> m_recorder;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<providers::ChatEvent> m_events;
    std::vector<std::thread::id> m_threads;
    bool m_done = false;
};

} // namespace triad::testsupport
