#pragma once
// A small pool of persistent worker threads for the engine's matrix work. The calling thread
// takes part as thread 0, so a pool of N threads starts N - 1 workers.
//
// A job is a range of chunks claimed from one atomic word that holds the job's generation
// and the next chunk index. The caller returns as soon as every chunk is *done*, not when
// every worker has checked in: on a busy machine a descheduled worker costs nothing unless
// it holds a chunk, because the caller simply takes the remaining chunks itself. A worker
// that wakes late finds the generation changed and claims nothing (the claim is a
// compare-and-swap on generation + index, so it can never run a finished job's chunk).
// Idle workers spin for a short while (a forward pass issues hundreds of short jobs per
// token) and then sleep on a futex.
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

    /**
     * Calls fn(begin, end, threadIndex) for chunks of [0, itemCount) of @p chunkSize items,
     * taken by whichever thread is free first; threadIndex < threadCount() and no two
     * concurrent calls share one. Returns when all chunks are done.
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
        // The claim word counts chunks in 32 bits: very long ranges get bigger chunks.
        while ((itemCount + chunkSize - 1) / chunkSize > int64_t(0x7FFFFFFF))
            chunkSize *= 2;
        Job job{&fn, [](void* ctx, int64_t b, int64_t e, int thread) { (*static_cast<Fn*>(ctx))(b, e, thread); },
                itemCount, chunkSize};
        runJob(job);
    }

private:
    struct Job {
        void* ctx;
        void (*call)(void*, int64_t, int64_t, int);
        int64_t itemCount;
        int64_t chunkSize;
    };

    void runJob(const Job& job);
    /** Claims and runs chunks of generation @p generation until none is left or it is over. */
    void runChunks(uint32_t generation, int thread);
    void workerLoop(int index);

    int m_threadCount = 1;
    uint32_t m_generation = 0; ///< last published job (caller side only)
    std::vector<std::thread> m_workers;
    std::atomic<uint64_t> m_claim{0};     ///< generation << 32 | next chunk index
    std::atomic<const Job*> m_job{nullptr};
    std::atomic<int64_t> m_chunkCount{0};
    std::atomic<int64_t> m_doneChunks{0};
    std::atomic<uint32_t> m_wakeups{0};   ///< futex word sleeping workers wait on
    std::atomic<int> m_sleepers{0};
    std::atomic<bool> m_stop{false};
};

} // namespace triad::engine
