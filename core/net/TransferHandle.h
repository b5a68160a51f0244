#pragma once
// The caller's side of a running transfer: cancel from any thread, wait for its end.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace triad::net {

class TransferHandle {
public:
    /** `wake` nudges the network thread so a cancel is seen at once. */
    explicit TransferHandle(std::function<void()> wake);

    /** Ends the transfer within milliseconds; onComplete reports Cancelled. Idempotent. */
    void cancel();
    bool cancelRequested() const { return m_cancel.load(); }

    /** Blocks until onComplete has returned. Never call it from a handler callback. */
    void wait();
    /** Like wait() with a limit; returns false on timeout. */
    bool waitForMs(int timeoutMs);
    bool finished() const;

    /** Called by the NetworkThread after onComplete returned. */
    void markFinished();

private:
    std::function<void()> m_wake;
    std::atomic<bool> m_cancel{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_finished = false;
};

} // namespace triad::net
