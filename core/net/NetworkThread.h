#pragma once
// One thread owning one libcurl multi handle: every remote request of the process runs
// here, so hundreds of concurrent streams cost one thread. Other threads hand transfers in
// and wake the loop (curl_multi_wakeup); handlers are called on this thread.
//
// Usage:
//   auto handle = NetworkThread::shared().start(request, std::make_shared<MyHandler>());
//   handle->cancel();    // from any thread; onComplete(Cancelled) follows within ms
//   handle->wait();
//
//   HttpResponse r = NetworkThread::shared().fetch(getRequest);   // blocking helper

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/net/HttpRequest.h"
#include "core/net/HttpResponse.h"
#include "core/net/TransferHandle.h"
#include "core/net/TransferHandler.h"

namespace triad::net {

class NetworkThread {
public:
    NetworkThread();
    /** Cancels what is still running (handlers see Cancelled) and joins the thread. */
    ~NetworkThread();
    NetworkThread(const NetworkThread&) = delete;
    NetworkThread& operator=(const NetworkThread&) = delete;

    /** The process-wide instance, started on first use. */
    static NetworkThread& shared();

    /** Queues a transfer; thread-safe, never blocks on the network. */
    std::shared_ptr<TransferHandle> start(HttpRequest request,
                                          std::shared_ptr<TransferHandler> handler);

    /** Runs a request to the end and returns the whole body. Blocks the caller; must not
     *  be called on the network thread (it returns an error instead of deadlocking). */
    HttpResponse fetch(HttpRequest request);

    bool isNetworkThread() const;
    /** Transfers queued, running or waiting for a retry. */
    size_t pendingTransfers() const { return m_pending.load(); }

    struct Transfer;   // internal; public only so the libcurl callbacks can reach it

private:
    struct Waker;

    void run();
    void takeIncoming();
    void startAttempt(Transfer& t);
    void finishAttempt(Transfer& t, int curlCode);
    bool scheduleRetry(Transfer& t, const providers::ErrorInfo& cause);
    void complete(Transfer& t, TransferOutcome outcome, std::optional<providers::ErrorInfo> error);
    void detachEasy(Transfer& t);
    void sweep(int64_t nowNs);
    int pollTimeoutMs(int64_t nowNs) const;

    void* m_multi = nullptr;   // CURLM*; void* keeps curl.h out of every includer
    std::shared_ptr<Waker> m_waker;
    std::thread m_thread;
    std::thread::id m_threadId;
    std::atomic<bool> m_stop{false};
    std::atomic<size_t> m_pending{0};

    mutable std::mutex m_incomingMutex;
    std::vector<std::unique_ptr<Transfer>> m_incoming;
    std::vector<std::unique_ptr<Transfer>> m_transfers;   // network thread only
    unsigned m_jitterState = 0x9e3779b9u;
};

} // namespace triad::net
