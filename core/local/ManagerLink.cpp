#include "core/local/ManagerLink.h"

#include "core/local/LocalModelManager.h"
#include "core/local/ModelWorker.h"

namespace triad::local {

std::shared_ptr<ModelWorker> ManagerLink::worker(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    return m_manager ? m_manager->worker(id) : nullptr;
}

LocalTarget ManagerLink::target(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    return m_manager ? m_manager->target(id) : LocalTarget{};
}

std::vector<std::string> ManagerLink::loadedIds() const
{
    std::lock_guard lock(m_mutex);
    return m_manager ? m_manager->loadedIds() : std::vector<std::string>{};
}

void ManagerLink::notifyChanged() const
{
    std::lock_guard lock(m_mutex);
    if (m_manager)
        m_manager->callChanged();
}

void ManagerLink::detach()
{
    std::lock_guard lock(m_mutex);
    m_manager = nullptr;
}

} // namespace triad::local
