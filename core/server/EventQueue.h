#pragma once
// Hands provider events (pushed on a provider thread) to an HTTP handler thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "core/providers/ChatTypes.h"

namespace triad::server {

class EventQueue {
public:
    void push(const providers::ChatEvent& event)
    {
        {
            std::lock_guard lock(m_mutex);
            m_events.push_back(event);
        }
        m_cv.notify_one();
    }

    /** Waits up to `timeout` for the next event; nullopt on time-out. */
    std::optional<providers::ChatEvent> pop(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_cv.wait_for(lock, timeout, [this] { return !m_events.empty(); }))
            return std::nullopt;
        providers::ChatEvent e = std::move(m_events.front());
        m_events.pop_front();
        return e;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<providers::ChatEvent> m_events;
};

} // namespace triad::server
