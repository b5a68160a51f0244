#include "core/datasets/ImportQueue.h"

#include <algorithm>

namespace triad::datasets {

ImportQueue::ImportQueue(size_t batches)
{
    for (size_t i = 0; i < std::max<size_t>(batches, 1); ++i) {
        m_batches.push_back(std::make_unique<ImportBatch>());
        m_free.push_back(m_batches.back().get());
    }
}

ImportBatch* ImportQueue::acquire()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_aborted || !m_free.empty(); });
    if (m_aborted)
        return nullptr;
    ImportBatch* batch = m_free.front();
    m_free.pop_front();
    batch->count = 0;
    return batch;
}

void ImportQueue::submit(ImportBatch* batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_filled.push_back(batch);
    }
    m_changed.notify_all();
}

void ImportQueue::finish()
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_changed.notify_all();
}

ImportBatch* ImportQueue::take()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_aborted || m_finished || !m_filled.empty(); });
    if (m_aborted || m_filled.empty())
        return nullptr;
    ImportBatch* batch = m_filled.front();
    m_filled.pop_front();
    return batch;
}

void ImportQueue::release(ImportBatch* batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(batch);
    }
    m_changed.notify_all();
}

void ImportQueue::abort()
{
    {
        std::lock_guard lock(m_mutex);
        m_aborted = true;
    }
    m_changed.notify_all();
}

bool ImportQueue::aborted() const
{
    std::lock_guard lock(m_mutex);
    return m_aborted;
}

} // namespace triad::datasets
