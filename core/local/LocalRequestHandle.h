#pragma once
// RequestHandle of a local chat: cancel sets the job's flag (checked before every token) and,
// while the job still waits in its worker's queue, takes it out at once.

#include "core/local/LocalJob.h"
#include "core/local/ModelWorker.h"
#include "core/providers/Provider.h"

#include <memory>

namespace triad::local {

class LocalRequestHandle : public providers::RequestHandle {
public:
    LocalRequestHandle(std::shared_ptr<LocalJob> job, std::weak_ptr<ModelWorker> worker)
        : m_job(std::move(job))
        , m_worker(std::move(worker))
    {
    }

    void cancel() override
    {
        m_job->cancelFlag().store(true);
        if (auto worker = m_worker.lock())
            worker->cancelQueued(m_job);
    }
    void wait() override { m_job->wait(); }
    bool finished() const override { return m_job->done(); }

private:
    std::shared_ptr<LocalJob> m_job;
    std::weak_ptr<ModelWorker> m_worker;
};

} // namespace triad::local
