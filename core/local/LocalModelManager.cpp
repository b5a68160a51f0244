#include "core/local/LocalModelManager.h"

#include "core/engine/GgufFile.h"
#include "core/engine/LoraAdapter.h"
#include "core/local/LocalProvider.h"
#include "core/local/ManagerLink.h"
#include "core/local/ModelWorker.h"
#include "core/providers/ProviderFactory.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>

namespace triad::local {

struct LocalModelManager::AdapterEntry {
    std::string name;
    std::string path;
    float scale = 1.0f;
    std::string error;                            // the last attempt to read it failed
};

struct LocalModelManager::Entry {
    std::vector<AdapterEntry> adapters;
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
    if (worker && keep)
        attachAdapters(entry, model, worker);
    notifyChanged();
    if (!worker)
        return setError(failure);
    if (!keep)
        return setError("local model '" + id + "' was unloaded or removed while it loaded");
    return true;
}

void LocalModelManager::attachAdapters(const std::shared_ptr<Entry>& entry,
                                       const std::shared_ptr<const engine::Model>& model,
                                       const std::shared_ptr<ModelWorker>& worker)
{
    std::vector<AdapterEntry> wanted;
    {
        std::lock_guard lock(m_mutex);
        wanted = entry->adapters;
    }
    for (const AdapterEntry& a : wanted) {
        if (worker->hasAdapter(a.name))
            continue;
        std::string error;
        try {
            worker->addAdapter(a.name, model->loadAdapter(a.path), a.scale);
        } catch (const std::exception& e) {
            const std::string what = e.what();
            error = what.find(a.path) != std::string::npos ? what : a.path + ": " + what;
        }
        std::lock_guard lock(m_mutex);
        for (AdapterEntry& current : entry->adapters)
            if (current.name == a.name && current.path == a.path)
                current.error = error;
    }
}

std::pair<std::shared_ptr<LocalModelManager::Entry>, int> LocalModelManager::findAdapter(const std::string& targetId) const
{
    // Base ids may contain '+' themselves: try every entry whose id prefixes the target.
    for (const auto& entry : m_entries) {
        const std::string prefix = entry->id + "+";
        if (targetId.size() <= prefix.size() || targetId.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string name = targetId.substr(prefix.size());
        for (size_t i = 0; i < entry->adapters.size(); ++i)
            if (entry->adapters[i].name == name)
                return {entry, int(i)};
    }
    return {nullptr, -1};
}

std::string LocalModelManager::addAdapter(const std::string& baseId, const std::string& path, std::string* error,
                                          const LocalAdapterOptions& options)
{
    auto setError = [&](const std::string& message) {
        if (error)
            *error = message;
        return std::string();
    };
    std::shared_ptr<Entry> entry;
    std::string basePath;
    std::shared_ptr<const engine::Model> model;
    std::string name = options.name;
    {
        std::lock_guard lock(m_mutex);
        entry = find(baseId);
        if (!entry)
            return setError("no local model '" + baseId + "' in the catalogue to add the adapter " + path + " to");
        for (const AdapterEntry& a : entry->adapters)
            if (a.path == path && (name.empty() || a.name == name))
                return baseId + "+" + a.name; // already there: adding it again changes nothing
        basePath = entry->path;
        model = entry->model;
    }
    if (!std::isfinite(options.scale))
        return setError(path + ": the adapter scale must be a finite number");

    // Read and check it now, so a mismatch is reported when it is added, not when it is used.
    std::shared_ptr<const engine::LoraAdapter> adapter;
    try {
        if (model) {
            adapter = model->loadAdapter(path);
        } else {
            const auto base = engine::GgufFile::open(basePath); // headers only; the data is mapped, not read
            engine::LoraAdapter::load(path, *base);
        }
    } catch (const std::exception& e) {
        const std::string what = e.what();
        return setError(what.find(path) != std::string::npos ? what : path + ": " + what);
    }

    std::shared_ptr<ModelWorker> worker;
    {
        std::lock_guard lock(m_mutex);
        if (find(baseId) != entry)
            return setError("local model '" + baseId + "' was removed while the adapter " + path + " was read");
        const bool explicitName = !name.empty();
        if (!explicitName) {
            name = std::filesystem::path(path).stem().string();
            if (name.empty())
                name = "adapter";
        }
        auto taken = [&](const std::string& n) {
            return std::any_of(entry->adapters.begin(), entry->adapters.end(), [&](const AdapterEntry& a) { return a.name == n; });
        };
        if (taken(name)) {
            if (explicitName)
                return setError("local model '" + baseId + "' already has an adapter named '" + name + "'");
            const std::string stem = name;
            for (int n = 2; taken(name); ++n)
                name = stem + "-" + std::to_string(n);
        }
        entry->adapters.push_back(AdapterEntry{name, path, options.scale, {}});
        worker = entry->worker;
        if (worker && !model)
            model = entry->model; // loaded while the adapter was checked against the file
    }
    if (worker) {
        if (adapter)
            worker->addAdapter(name, adapter, options.scale);
        else
            attachAdapters(entry, model, worker);
    }
    notifyChanged();
    return baseId + "+" + name;
}

void LocalModelManager::removeAdapter(const std::string& targetId)
{
    std::shared_ptr<ModelWorker> worker;
    std::string name;
    {
        std::lock_guard lock(m_mutex);
        auto [entry, index] = findAdapter(targetId);
        if (!entry)
            return;
        name = entry->adapters[size_t(index)].name;
        entry->adapters.erase(entry->adapters.begin() + index);
        worker = entry->worker;
    }
    if (worker)
        worker->removeAdapter(name);
    notifyChanged();
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
    for (const AdapterEntry& a : entry.adapters) {
        LocalAdapterStatus as;
        as.id = entry.id + "+" + a.name;
        as.name = a.name;
        as.path = a.path;
        as.scale = a.scale;
        as.error = a.error;
        if (auto held = entry.worker ? entry.worker->adapter(a.name) : nullptr) {
            as.loaded = true;
            as.memoryBytes = held->byteSize();
        }
        s.adapters.push_back(std::move(as));
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
    return target(id).worker;
}

LocalTarget LocalModelManager::target(const std::string& id) const
{
    std::lock_guard lock(m_mutex);
    if (auto entry = find(id))
        return {entry->worker, {}};
    auto [entry, index] = findAdapter(id);
    if (!entry)
        return {};
    return {entry->worker, entry->adapters[size_t(index)].name};
}

std::vector<std::string> LocalModelManager::loadedIds() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> ids;
    for (const auto& entry : m_entries) {
        if (!entry->worker)
            continue;
        ids.push_back(entry->id);
        for (const AdapterEntry& a : entry->adapters)
            if (entry->worker->hasAdapter(a.name))
                ids.push_back(entry->id + "+" + a.name);
    }
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
