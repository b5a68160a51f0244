#include "core/local/LocalModelManager.h"

#include "core/engine/GgufFile.h"
#include "core/local/LocalProvider.h"
#include "core/local/ManagerLink.h"
#include "core/local/ModelWorker.h"
#include "core/providers/ProviderFactory.h"

#include <algorithm>
#include <exception>
#include <filesystem>

namespace triad::local {

struct LocalModelManager::Entry {
    std::string id;
    std::string path;
    engine::GgufSummary summary;
    ModelState state = ModelState::NotLoaded;
    std::string error;
    std::shared_ptr<const engine::Model> model;   // set while loaded
    std::shared_ptr<ModelWorker> worker;          // set while loaded
};

LocalModelManager::LocalModelManager(Options options)
    : m_options(options)
    , m_link(std::make_shared<ManagerLink>(this))
    , m_provider(std::make_shared<LocalProvider>(m_link))
{
}

LocalModelManager::~LocalModelManager()
{
    if (m_registeredFactory)
        providers::ProviderFactory::setLocalFactory(nullptr);
    m_link->detach(); // no callbacks and no new requests from here on
    std::vector<std::shared_ptr<ModelWorker>> workers;
    {
        std::lock_guard lock(m_mutex);
        for (auto& entry : m_entries)
            if (entry->worker)
                workers.push_back(std::move(entry->worker));
    }
    for (auto& worker : workers)
        worker->stop("Triad closed its local models");
}

std::shared_ptr<LocalModelManager::Entry> LocalModelManager::find(const std::string& id) const
{
    for (const auto& entry : m_entries)
        if (entry->id == id)
            return entry;
    return nullptr;
}

std::string LocalModelManager::add(const std::string& path, std::string* error)
{
    auto setError = [&](const std::string& message) {
        if (error)
            *error = message;
        return std::string();
    };
    engine::GgufSummary summary;
    try {
        summary = engine::summarizeGguf(path);
    } catch (const std::exception& e) {
        // GgufError already names the file; other exceptions (I/O) may not.
        const std::string what = e.what();
        return setError(what.find(path) != std::string::npos ? what : path + ": " + what);
    }
    if (!summary.supported)
        return setError(path + ": " + summary.unsupportedReason);

    std::string id;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& entry : m_entries)
            if (entry->path == path)
                return entry->id; // already catalogued: adding it again changes nothing
        std::string stem = std::filesystem::path(path).stem().string();
        if (stem.empty())
            stem = "model";
        id = stem;
        for (int n = 2; find(id); ++n)
            id = stem + "-" + std::to_string(n);
        auto entry = std::make_shared<Entry>();
        entry->id = id;
        entry->path = path;
        entry->summary = std::move(summary);
        m_entries.push_back(std::move(entry));
    }
    notifyChanged();
    return id;
}

bool LocalModelManager::load(const std::string& id, std::string* error)
{
    auto setError = [&](const std::string& message) {
        if (error)
            *error = message;
        return false;
    };
    std::shared_ptr<Entry> entry;
    std::string path;
    {
        std::lock_guard lock(m_mutex);
        entry = find(id);
        if (!entry)
            return setError("no local model '" + id + "' in the catalogue");
        if (entry->state == ModelState::Loaded)
            return true;
        if (entry->state == ModelState::Loading)
            return setError("local model '" + id + "' is already being loaded");
        entry->state = ModelState::Loading;
        entry->error.clear();
        path = entry->path;
    }
    notifyChanged();

    std::shared_ptr<const engine::Model> model;
    std::shared_ptr<ModelWorker> worker;
    std::string failure;
    try {
        model = engine::Model::load(path);
        engine::TransformerParams params;
        params.threadCount = m_options.threads;
        const int64_t trained = model->config().contextLengthTrain;
        params.contextLength = m_options.contextLength > 0 ? m_options.contextLength : trained;
        if (trained > 0) // positions past the trained context give garbage
            params.contextLength = std::min(params.contextLength, trained);
        std::weak_ptr<ManagerLink> link = m_link;
        worker = ModelWorker::start(id, model, params, [link] {
            if (auto l = link.lock())
                l->notifyChanged();
        });
    } catch (const std::exception& e) {
        const std::string what = e.what();
        failure = what.find(path) != std::string::npos ? what : path + ": " + what;
    }

    bool keep = false;
    {
        std::lock_guard lock(m_mutex);
        // unload() or remove() during the load asked for it not to stay loaded.
        if (find(id) == entry && entry->state == ModelState::Loading) {
            keep = true;
            if (worker) {
                entry->state = ModelState::Loaded;
                entry->model = model;
                entry->worker = worker;
            } else {
                entry->state = ModelState::Failed;
                entry->error = failure;
            }
        }
    }
    if (worker && !keep)
        worker->stop("the model was unloaded while it loaded");
    notifyChanged();
    if (!worker)
        return setError(failure);
    if (!keep)
        return setError("local model '" + id + "' was unloaded or removed while it loaded");
    return true;
}

void LocalModelManager::unload(const std::string& id)
{
    std::shared_ptr<ModelWorker> worker;
    {
        std::lock_guard lock(m_mutex);
        auto entry = find(id);
        if (!entry || entry->state == ModelState::NotLoaded || entry->state == ModelState::Failed)
            return;
        worker = std::move(entry->worker);
        entry->model.reset();
        entry->state = ModelState::NotLoaded;
    }
    if (worker)
        worker->stop("the model was unloaded");
    notifyChanged();
}

void LocalModelManager::remove(const std::string& id)
{
    std::shared_ptr<ModelWorker> worker;
    {
        std::lock_guard lock(m_mutex);
        auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e->id == id; });
        if (it == m_entries.end())
            return;
        worker = std::move((*it)->worker);
        (*it)->state = ModelState::NotLoaded; // a load in progress sees it is no longer wanted
        m_entries.erase(it);
    }
    if (worker)
        worker->stop("the model was removed");
    notifyChanged();
}

LocalModelStatus LocalModelManager::statusOf(const Entry& entry) const
{
    LocalModelStatus s;
    s.id = entry.id;
    s.path = entry.path;
    s.summary = entry.summary;
    s.state = entry.state;
    s.error = entry.error;
    if (entry.model) {
        s.info = entry.model->info();
        s.mappedBytes = entry.model->info().fileSizeBytes;
    }
    if (entry.worker) {
        s.memoryBytes = entry.worker->memoryBytes();
        s.contextLength = entry.worker->contextLength();
        s.busy = entry.worker->busy();
        s.queuedRequests = entry.worker->queuedCount();
    }
    return s;
}

std::vector<LocalModelStatus> LocalModelManager::models() const
{
    std::lock_guard lock(m_mutex);
    std::vector<LocalModelStatus> out;
    out.reserve(m_entries.size());
    for (const auto& entry : m_entries)
        out.push_back(statusOf(*entry));
    return out;
}

std::optional<LocalModelStatus> LocalModelManager::model(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    if (auto entry = find(id))
        return statusOf(*entry);
    return std::nullopt;
}

std::shared_ptr<providers::Provider> LocalModelManager::provider()
{
    return m_provider;
}

void LocalModelManager::setChangedCallback(std::function<void()> callback)
{
    std::lock_guard lock(m_changedMutex);
    m_changed = std::move(callback);
}

std::shared_ptr<ModelWorker> LocalModelManager::worker(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    auto entry = find(id);
    return entry ? entry->worker : nullptr;
}

std::vector<std::string> LocalModelManager::loadedIds() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> ids;
    for (const auto& entry : m_entries)
        if (entry->worker)
            ids.push_back(entry->id);
    return ids;
}

void LocalModelManager::registerAsLocalFactory()
{
    std::shared_ptr<ManagerLink> link = m_link;
    providers::ProviderFactory::setLocalFactory(
        [link](const providers::ProviderConfig&, std::string*) -> std::unique_ptr<providers::Provider> {
            return std::make_unique<LocalProvider>(link);
        });
    m_registeredFactory = true;
}

void LocalModelManager::notifyChanged()
{
    m_link->notifyChanged();
}

void LocalModelManager::callChanged()
{
    std::lock_guard lock(m_changedMutex);
    if (m_changed)
        m_changed();
}

} // namespace triad::local
