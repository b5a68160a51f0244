#include "core/net/TransferHandle.h"

#include <chrono>

namespace triad::net {

TransferHandle::TransferHandle(std::function<void()> wake) : m_wake(std::move(wake)) {}

void TransferHandle::cancel()
{
    if (m_cancel.exchange(true))
        return;
    if (m_wake)
        m_wake();
}

void TransferHandle::wait()
{
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [this] { return m_finished; });
}

bool TransferHandle::waitForMs(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_finished; });
}

bool TransferHandle::finished() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

void TransferHandle::markFinished()
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_cv.notify_all();
}

} // namespace triad::net
