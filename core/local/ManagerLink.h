#pragma once
// The LocalProvider's way back to its LocalModelManager. The provider is shared with the
// playground and the server and may outlive the manager; the manager clears the link in its
// destructor, after which the provider lists nothing and fails every request.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace triad::local {

class LocalModelManager;
class ModelWorker;
struct LocalTarget;

class ManagerLink {
public:
    explicit ManagerLink(LocalModelManager* manager)
        : m_manager(manager)
    {
    }

    /** The worker of loaded model @p id, or nullptr (also once the manager is gone). */
    std::shared_ptr<ModelWorker> worker(const std::string& id) const;
    /** The worker and adapter answering target @p id (empty once the manager is gone). */
    LocalTarget target(const std::string& id) const;
    /** Ids of the loaded models and adapter targets ({} once the manager is gone). */
    std::vector<std::string> loadedIds() const;
    /** Forwards to the manager's changed callback while the manager exists. */
    void notifyChanged() const;
    /** Called by the manager's destructor; waits for calls in progress. */
    void detach();

private:
    // Recursive: a changed callback (run under the lock) may list the models again.
    mutable std::recursive_mutex m_mutex;
    LocalModelManager* m_manager;
};

} // namespace triad::local
