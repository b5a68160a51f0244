#include "core/engine/ThreadPool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TRIAD_PAUSE() _mm_pause()
#else
#define TRIAD_PAUSE() std::this_thread::yield()
#endif

namespace triad::engine {

namespace {
// A few µs of spinning (pause is slow on recent cores): enough to bridge the gap between two matmuls of one
// token, short enough not to burn a shared machine's CPU between requests.
constexpr int kSpinIterations = 2000;
}

ThreadPool::ThreadPool(int threadCount)
    : m_threadCount(threadCount < 1 ? 1 : threadCount)
{
    for (int i = 1; i < m_threadCount; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    m_stop.store(true, std::memory_order_release);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    m_generation.notify_all();
    for (std::thread& t : m_workers)
        t.join();
}

void ThreadPool::runErased(void* ctx, Trampoline call)
{
    if (m_threadCount == 1) {
        call(ctx, 0);
        return;
    }
    m_ctx = ctx;
    m_call = call;
    m_pending.store(m_threadCount - 1, std::memory_order_relaxed);
    m_generation.fetch_add(1, std::memory_order_acq_rel); // publishes m_ctx/m_call
    m_generation.notify_all();
    call(ctx, 0);
    int spins = 0;
    while (m_pending.load(std::memory_order_acquire) != 0) {
        if (++spins < kSpinIterations)
            TRIAD_PAUSE();
        else
            std::this_thread::yield();
    }
}

void ThreadPool::workerLoop(int index)
{
    // Generation 0 is the pool's state before any job: a worker that starts late must
    // still run the first job, so it must not read the counter here.
    uint32_t seen = 0;
    for (;;) {
        int spins = 0;
        uint32_t now;
        while ((now = m_generation.load(std::memory_order_acquire)) == seen) {
            if (++spins < kSpinIterations) {
                TRIAD_PAUSE();
            } else {
                m_generation.wait(seen, std::memory_order_acquire);
                spins = 0;
            }
        }
        seen = now;
        if (m_stop.load(std::memory_order_acquire))
            return;
        m_call(m_ctx, index);
        m_pending.fetch_sub(1, std::memory_order_acq_rel);
    }
}

} // namespace triad::engine
