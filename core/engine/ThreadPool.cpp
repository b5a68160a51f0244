#include "core/engine/ThreadPool.h"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TRIAD_PAUSE() _mm_pause()
#else
#define TRIAD_PAUSE() std::this_thread::yield()
#endif

namespace triad::engine {

namespace {

using Clock = std::chrono::steady_clock;

// How long an idle worker spins before it sleeps: longer than the gap between two matmuls
// of one token (so decoding never pays a futex wake-up), short enough not to burn a shared
// machine's CPU between requests.
constexpr auto kSpin = std::chrono::microseconds(300);

// The chunk index of a generation whose job is being published: nobody may claim yet.
constexpr uint32_t kPublishing = 0xFFFFFFFFu;

constexpr uint64_t claimWord(uint32_t generation, uint32_t chunk)
{
    return (uint64_t(generation) << 32) | chunk;
}

} // namespace

ThreadPool::ThreadPool(int threadCount)
    : m_threadCount(threadCount < 1 ? 1 : threadCount)
{
    for (int i = 1; i < m_threadCount; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    m_stop.store(true);
    m_wakeups.fetch_add(1);
    m_wakeups.notify_all();
    for (std::thread& t : m_workers)
        t.join();
}

void ThreadPool::runChunks(uint32_t generation, int thread)
{
    for (;;) {
        uint64_t word = m_claim.load(std::memory_order_acquire);
        if (uint32_t(word >> 32) != generation)
            return;
        if (uint32_t(word) == kPublishing) { // the caller is still writing this job's fields
            TRIAD_PAUSE();
            continue;
        }
        // Read before the claim; the claim's success proves they belong to this generation:
        // the caller changes m_claim (to kPublishing of the next generation) before it
        // replaces them, so a claim made on an older word fails.
        const Job* job = m_job.load(std::memory_order_relaxed);
        const int64_t chunks = m_chunkCount.load(std::memory_order_relaxed);
        if (int64_t(uint32_t(word)) >= chunks)
            return;
        if (!m_claim.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel, std::memory_order_relaxed))
            continue;
        const int64_t begin = int64_t(uint32_t(word)) * job->chunkSize;
        const int64_t end = begin + job->chunkSize < job->itemCount ? begin + job->chunkSize : job->itemCount;
        job->call(job->ctx, begin, end, thread);
        m_doneChunks.fetch_add(1, std::memory_order_acq_rel);
    }
}

void ThreadPool::runJob(const Job& job)
{
    const int64_t chunks = (job.itemCount + job.chunkSize - 1) / job.chunkSize;
    const uint32_t generation = ++m_generation;
    // Close the previous generation's claim word first: a worker that read it and the old
    // chunk count could otherwise claim a chunk of this job under the old generation (its
    // compare-exchange would still succeed), run it and count it twice.
    m_claim.store(claimWord(generation, kPublishing), std::memory_order_seq_cst);
    m_job.store(&job, std::memory_order_relaxed);
    m_chunkCount.store(chunks, std::memory_order_relaxed);
    m_doneChunks.store(0, std::memory_order_relaxed);
    m_claim.store(claimWord(generation, 0), std::memory_order_seq_cst); // publishes the three above
    if (m_sleepers.load(std::memory_order_seq_cst) > 0) {
        m_wakeups.fetch_add(1, std::memory_order_seq_cst);
        m_wakeups.notify_all();
    }
    runChunks(generation, 0);
    // Only chunks another thread is running right now are left.
    int spins = 0;
    while (m_doneChunks.load(std::memory_order_acquire) != chunks) {
        if (++spins < 4096) {
            TRIAD_PAUSE();
        } else {
            std::this_thread::yield(); // the worker holding the chunk may be descheduled
            spins = 0;
        }
    }
}

void ThreadPool::workerLoop(int index)
{
    uint32_t seen = 0; // generation 0 is "no job yet"
    for (;;) {
        auto spinUntil = Clock::now() + kSpin;
        int spins = 0;
        uint32_t generation;
        while ((generation = uint32_t(m_claim.load(std::memory_order_acquire) >> 32)) == seen) {
            if (m_stop.load(std::memory_order_relaxed))
                return;
            TRIAD_PAUSE();
            if ((++spins & 255) != 0 || Clock::now() < spinUntil)
                continue;
            // Sleep. Announce it first, then re-check: the caller reads m_sleepers after
            // publishing, so either it sees us and wakes us, or we see its job.
            const uint32_t ticket = m_wakeups.load(std::memory_order_seq_cst);
            m_sleepers.fetch_add(1, std::memory_order_seq_cst);
            if (uint32_t(m_claim.load(std::memory_order_seq_cst) >> 32) == seen && !m_stop.load())
                m_wakeups.wait(ticket, std::memory_order_seq_cst);
            m_sleepers.fetch_sub(1, std::memory_order_seq_cst);
            spinUntil = Clock::now() + kSpin;
        }
        seen = generation;
        runChunks(generation, index);
    }
}

} // namespace triad::engine
