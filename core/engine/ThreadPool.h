#pragma once
// A small pool of persistent worker threads for the engine's matrix work. The calling thread
// takes part as thread 0, so a pool of N threads starts N - 1 workers. Work is handed out in
// chunks from an atomic counter; workers spin briefly between jobs (a forward pass issues
// hundreds of short jobs per token) and then sleep on an atomic wait.
//
//   ThreadPool pool(2);
//   pool.parallelFor(rows, 16, [&](int64_t begin, int64_t end, int thread) { ... });

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace triad::engine {

class ThreadPool {
public:
    /** @p threadCount total threads including the caller; values < 1 mean 1. */
    explicit ThreadPool(int threadCount);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int threadCount() const { return m_threadCount; }

    /** Runs fn(threadIndex) once on every thread and returns when all have finished. */
    template <class Fn>
    void run(Fn&& fn)
    {
        runErased(&fn, [](void* ctx, int thread) { (*static_cast<Fn*>(ctx))(thread); });
    }

    /**
     * Calls fn(begin, end, threadIndex) for chunks of [0, itemCount) of @p chunkSize items,
     * taken by whichever thread is free first. Returns when all chunks are done.
     */
    template <class Fn>
    void parallelFor(int64_t itemCount, int64_t chunkSize, Fn&& fn)
    {
        if (itemCount <= 0)
            return;
        if (chunkSize < 1)
            chunkSize = 1;
        if (m_threadCount == 1 || itemCount <= chunkSize) {
            for (int64_t b = 0; b < itemCount; b += chunkSize)
                fn(b, b + chunkSize < itemCount ? b + chunkSize : itemCount, 0);
            return;
        }
        std::atomic<int64_t> next{0};
        run([&](int thread) {
            for (;;) {
                const int64_t b = next.fetch_add(chunkSize, std::memory_order_relaxed);
                if (b >= itemCount)
                    break;
                fn(b, b + chunkSize < itemCount ? b + chunkSize : itemCount, thread);
            }
        });
    }

private:
    using Trampoline = void (*)(void*, int);
    void runErased(void* ctx, Trampoline call);
    void workerLoop(int index);

    int m_threadCount = 1;
    std::vector<std::thread> m_workers;
    std::atomic<uint32_t> m_generation{0};
    std::atomic<int> m_pending{0};
    std::atomic<bool> m_stop{false};
    void* m_ctx = nullptr;
    Trampoline m_call = nullptr;
};

} // namespace triad::engine
