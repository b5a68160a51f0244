#include "core/local/LocalJob.h"

#include "core/metrics/Clock.h"

namespace triad::local {

using providers::ChatEvent;
using providers::ChatEventKind;

LocalJob::LocalJob(providers::ChatRequest request, providers::ChatSink sink, std::string adapter)
    : m_request(std::move(request))
    , m_sink(std::move(sink))
    , m_adapter(std::move(adapter))
{
}

void LocalJob::emit(const ChatEvent& event)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_finishing)
            return;
    }
    if (m_sink)
        m_sink(event);
}

void LocalJob::finish(const ChatEvent& event)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_finishing)
            return;
        m_finishing = true;
    }
    // The sink runs outside the lock: it may call done() or cancel() on this job.
    if (m_sink)
        m_sink(event);
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
    }
    m_cv.notify_all();
}

void LocalJob::fail(providers::ErrorKind kind, const std::string& message)
{
    ChatEvent e;
    e.kind = ChatEventKind::Failed;
    e.atNs = metrics::nowNs();
    e.error = providers::ErrorInfo{kind, 0, message};
    finish(e);
}

void LocalJob::wait()
{
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [this] { return m_done; });
}

bool LocalJob::done() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

} // namespace triad::local
