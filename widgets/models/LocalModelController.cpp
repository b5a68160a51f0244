#include "widgets/models/LocalModelController.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "widgets/models/ModelFormat.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

/** The manager calls back from its threads; this lets those calls find the controller while
 *  it lives and do nothing afterwards. Coalesces a burst of changes into one refresh. */
class LocalModelController::Link {
public:
    explicit Link(LocalModelController* target) : m_target(target) {}

    void notify()
    {
        std::lock_guard lock(m_mutex);
        if (!m_target || m_queued) return;
        m_queued = true;
        QMetaObject::invokeMethod(m_target, [target = m_target] { target->onManagerChanged(); },
                                  Qt::QueuedConnection);
    }
    /** Called on the GUI thread when the queued refresh runs. */
    void clearQueued()
    {
        std::lock_guard lock(m_mutex);
        m_queued = false;
    }
    void detach()
    {
        std::lock_guard lock(m_mutex);
        m_target = nullptr;
    }

private:
    std::mutex m_mutex;
    LocalModelController* m_target;
    bool m_queued = false;
};

namespace {

std::string str(const QString& s) { return QFile::encodeName(s).toStdString(); }

} // namespace

LocalModelController::LocalModelController(ProviderRegistry* registry, QObject* parent,
                                           local::LocalModelOptions options)
    : QObject(parent)
    , m_manager(std::make_shared<local::LocalModelManager>(options))
    , m_link(std::make_shared<Link>(this))
    , m_registry(registry)
{
    m_manager->setChangedCallback([link = m_link] { link->notify(); });
    // Lets anything built through ProviderFactory with kind Local reach these models too.
    m_manager->registerAsLocalFactory();
}

LocalModelController::~LocalModelController()
{
    m_manager->setChangedCallback({});
    m_link->detach();
    waitForPendingWork();
    if (m_registry && !m_registeredIds.isEmpty())
        m_registry->unregisterProvider(providerId());
    // The manager unloads every model as it goes; requests still running in the playground
    // keep the provider alive and fail with a local-engine error.
}

QString LocalModelController::normalized(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

LocalModelController::Entry* LocalModelController::entry(const QString& path)
{
    for (Entry& e : m_entries)
        if (e.path == path) return &e;
    return nullptr;
}

const LocalModelController::Entry* LocalModelController::entry(const QString& path) const
{
    for (const Entry& e : m_entries)
        if (e.path == path) return &e;
    return nullptr;
}

void LocalModelController::track(const QFuture<void>& task)
{
    m_tasks.erase(std::remove_if(m_tasks.begin(), m_tasks.end(), [](const QFuture<void>& f) { return f.isFinished(); }),
                  m_tasks.end());
    m_tasks << task;
}

bool LocalModelController::hasPendingWork() const
{
    for (const QFuture<void>& f : m_tasks)
        if (!f.isFinished()) return true;
    return false;
}

void LocalModelController::waitForPendingWork()
{
    // Only the workers are waited for: their continuations run on this (GUI) thread later,
    // and drop themselves when the catalogue changed meanwhile.
    for (QFuture<void>& f : m_tasks) f.waitForFinished();
    m_tasks.clear();
}

// --- catalogue ---------------------------------------------------------------------------

void LocalModelController::setSettings(store::SettingsRepository* settings)
{
    ++m_generation;
    waitForPendingWork();
    m_pendingAdds = 0;
    for (const Entry& e : m_entries)
        if (!e.id.empty()) m_manager->remove(e.id);
    m_entries.clear();
    m_settings = settings;
    syncRegistry();
    emit rowsChanged();
    if (!m_settings) return;

    QStringList paths;
    QStringList loadAfter;
    QHash<QString, QList<AdapterRecord>> adapters;
    try {
        const nlohmann::json stored = m_settings->value(kCatalogueKey, nlohmann::json::array());
        if (stored.is_array()) {
            for (const nlohmann::json& item : stored) {
                if (!item.is_object() || !item.contains("path") || !item["path"].is_string()) continue;
                const QString path = QFile::decodeName(item["path"].get<std::string>().c_str());
                if (path.isEmpty() || paths.contains(path)) continue;
                paths << path;
                if (item.value("load_on_start", false)) loadAfter << path;
                const nlohmann::json stored = item.value("adapters", nlohmann::json::array());
                if (!stored.is_array()) continue;
                for (const nlohmann::json& a : stored) {
                    if (!a.is_object() || !a.contains("path") || !a["path"].is_string()) continue;
                    AdapterRecord record;
                    record.path = QFile::decodeName(a["path"].get<std::string>().c_str());
                    if (a.contains("name") && a["name"].is_string()) record.name = QString::fromStdString(a["name"].get<std::string>());
                    if (a.contains("scale") && a["scale"].is_number()) record.scale = a["scale"].get<double>();
                    record.pending = true;
                    adapters[path] << record;
                }
            }
        }
    } catch (const store::StoreError& e) {
        emit problem(tr("Could not read the list of local models from the workspace: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!paths.isEmpty()) startAdding(paths, true, loadAfter, adapters);
}

void LocalModelController::addFiles(const QStringList& paths)
{
    QStringList fresh;
    for (const QString& p : paths) {
        const QString path = normalized(p);
        if (!entry(path) && !fresh.contains(path)) fresh << path;
    }
    if (fresh.isEmpty()) {
        if (!paths.isEmpty()) emit addFinished({}, {});
        return;
    }
    startAdding(fresh, false, {});
}

void LocalModelController::addFolder(const QString& folder)
{
    const QStringList files = ggufFilesIn(folder);
    if (files.isEmpty()) {
        emit addFinished({}, {tr("No .gguf files in “%1” (subfolders are not searched).")
                                  .arg(QDir::toNativeSeparators(folder))});
        return;
    }
    addFiles(files);
}

QStringList LocalModelController::ggufFilesIn(const QString& folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.gguf"), QStringLiteral("*.GGUF")},
                                                   QDir::Files | QDir::Readable, QDir::Name))
        out << info.absoluteFilePath();
    out.removeDuplicates();
    return out;
}

void LocalModelController::startAdding(const QStringList& paths, bool restoring, const QStringList& loadAfter,
                                       const QHash<QString, QList<AdapterRecord>>& adapters)
{
    ++m_pendingAdds;
    emit rowsChanged();
    const int generation = m_generation;
    auto manager = m_manager;
    // Reading a header maps the file and validates every tensor entry: quick, but a folder
    // of large files or a slow disk would still stall the window.
    QFuture<QList<AddResult>> work = QtConcurrent::run([manager, paths] {
        QList<AddResult> results;
        for (const QString& path : paths) {
            AddResult r;
            r.path = path;
            if (!QFileInfo::exists(path)) {
                r.missing = true;
            } else {
                std::string error;
                r.id = manager->add(str(path), &error);
                r.error = QString::fromStdString(error);
            }
            results << r;
        }
        return results;
    });
    track(QFuture<void>(work));
    work.then(this, [this, restoring, loadAfter, adapters, generation](const QList<AddResult>& results) {
        finishAdding(results, restoring, loadAfter, adapters, generation);
    });
}

void LocalModelController::finishAdding(const QList<AddResult>& results, bool restoring,
                                        const QStringList& loadAfter,
                                        const QHash<QString, QList<AdapterRecord>>& adapters, int generation)
{
    if (generation != m_generation) {
        // Meant for a workspace that is closed now: take back what was added to the manager.
        for (const AddResult& r : results)
            if (!r.id.empty() && !std::any_of(m_entries.begin(), m_entries.end(),
                                              [&](const Entry& e) { return e.id == r.id; }))
                m_manager->remove(r.id);
        return;
    }
    --m_pendingAdds;
    QStringList added;
    QStringList errors;
    for (AddResult r : results) {
        if (r.missing) r.error = tr("file not found: %1").arg(QDir::toNativeSeparators(r.path));
        else if (r.id.empty() && r.error.isEmpty()) r.error = tr("%1 could not be read").arg(QDir::toNativeSeparators(r.path));
        if (entry(r.path)) {   // added twice in quick succession: keep the first
            if (!r.id.empty()) m_manager->remove(r.id);
            continue;
        }
        if (r.id.empty()) {
            errors << r.error;
            // A file the catalogue already had stays listed as Failed (it may come back when
            // a drive is mounted); a new file core refuses is only reported.
            if (!restoring) continue;
        } else {
            added << r.path;
        }
        Entry e;
        e.path = r.path;
        e.id = r.id;
        e.rejection = r.error;
        e.loadOnStart = loadAfter.contains(r.path);
        e.adapters = adapters.value(r.path);
        if (r.id.empty()) {
            // The model is gone: its adapters cannot be checked, but stay listed with it.
            for (AdapterRecord& a : e.adapters) {
                a.pending = false;
                a.rejection = tr("the model %1 could not be added").arg(QDir::toNativeSeparators(r.path));
            }
        }
        m_entries << e;
        for (const AdapterRecord& a : e.adapters)
            if (a.pending) startAddingAdapter(e.path, a.path, a.name, a.scale, true);
    }
    if (!restoring) saveCatalogue();
    emit rowsChanged();
    if (!restoring) emit addFinished(added, errors);
    for (const QString& path : loadAfter)
        if (const Entry* e = entry(path); e && !e->id.empty()) load(path);
}

void LocalModelController::saveCatalogue()
{
    if (!m_settings) return;
    nlohmann::json list = nlohmann::json::array();
    for (const Entry& e : m_entries) {
        nlohmann::json item{{"path", str(e.path)}, {"load_on_start", e.loadOnStart}};
        if (!e.adapters.isEmpty()) {
            nlohmann::json adapters = nlohmann::json::array();
            for (const AdapterRecord& a : e.adapters)
                adapters.push_back({{"path", str(a.path)}, {"name", a.name.toStdString()}, {"scale", a.scale}});
            item["adapters"] = adapters;
        }
        list.push_back(item);
    }
    try {
        m_settings->set(kCatalogueKey, list);
    } catch (const store::StoreError& e) {
        emit problem(tr("Could not save the list of local models: %1").arg(QString::fromUtf8(e.what())));
    }
}

// --- adapters ----------------------------------------------------------------------------

void LocalModelController::addAdapter(const QString& modelPath, const QString& adapterPath)
{
    const Entry* e = entry(modelPath);
    const QString path = normalized(adapterPath);
    if (!e || e->id.empty()) {
        emit adapterAdded(modelPath, path, QString(),
                          tr("%1 is not a model in the list, so the adapter %2 cannot be added to it")
                              .arg(QDir::toNativeSeparators(modelPath), QDir::toNativeSeparators(path)));
        return;
    }
    startAddingAdapter(modelPath, path, QString(), 1.0, false);
}

void LocalModelController::startAddingAdapter(const QString& modelPath, const QString& adapterPath, const QString& name,
                                              double scale, bool restoring)
{
    const Entry* e = entry(modelPath);
    if (!e || e->id.empty()) return;
    const std::string id = e->id;
    const int generation = m_generation;
    auto manager = m_manager;
    // Reading an adapter reads all its factors (small, but a file on a slow disk still stalls).
    struct Result {
        std::string target;
        QString error;
    };
    QFuture<Result> work = QtConcurrent::run([manager, id, adapterPath, name, scale] {
        Result r;
        if (!QFileInfo::exists(adapterPath)) {
            r.error = tr("file not found: %1").arg(QDir::toNativeSeparators(adapterPath));
            return r;
        }
        std::string error;
        local::LocalAdapterOptions options;
        options.name = name.toStdString();
        options.scale = float(scale);
        r.target = manager->addAdapter(id, str(adapterPath), &error, options);
        r.error = r.target.empty() ? QString::fromStdString(error) : QString();
        return r;
    });
    track(QFuture<void>(work));
    work.then(this, [this, modelPath, adapterPath, id, scale, restoring, generation](const Result& r) {
        if (generation != m_generation) return;
        Entry* current = entry(modelPath);
        if (!current || current->id != id) {
            if (!r.target.empty()) m_manager->removeAdapter(r.target);
            return;
        }
        const QString name = r.target.empty() ? QString() : QString::fromStdString(r.target.substr(id.size() + 1));
        auto record = std::find_if(current->adapters.begin(), current->adapters.end(),
                                   [&](const AdapterRecord& a) { return a.path == adapterPath; });
        if (restoring) {
            if (record != current->adapters.end()) {
                record->pending = false;
                record->rejection = r.error;
                if (!name.isEmpty()) record->name = name;
            }
        } else if (!r.target.empty() && record == current->adapters.end()) {
            AdapterRecord added;
            added.path = adapterPath;
            added.name = name;
            added.scale = scale;
            current->adapters << added;
            saveCatalogue();
        }
        onManagerChanged();
        if (!restoring) emit adapterAdded(modelPath, adapterPath, QString::fromStdString(r.target), r.error);
    });
}

void LocalModelController::removeAdapter(const QString& modelPath, const QString& adapterPath)
{
    Entry* e = entry(modelPath);
    if (!e) return;
    const auto record = std::find_if(e->adapters.begin(), e->adapters.end(),
                                     [&](const AdapterRecord& a) { return a.path == adapterPath; });
    if (record == e->adapters.end()) return;
    if (!e->id.empty() && !record->name.isEmpty())
        m_manager->removeAdapter(e->id + "+" + record->name.toStdString()); // quick: no file is read
    e->adapters.erase(record);
    saveCatalogue();
    syncRegistry();
    emit rowsChanged();
}

// --- load, unload, remove ----------------------------------------------------------------

void LocalModelController::load(const QString& path)
{
    Entry* e = entry(path);
    if (!e || e->id.empty() || e->loadPending || e->unloadPending) return;
    if (const auto status = m_manager->model(e->id); status && status->state == local::ModelState::Loaded) return;
    e->loadPending = true;
    emit rowsChanged();   // before the work starts: a tiny model may be loaded right away
    const std::string id = e->id;
    const int generation = m_generation;
    auto manager = m_manager;
    QFuture<bool> work = QtConcurrent::run([manager, id] {
        std::string error;   // the manager keeps it in the model's status (state Failed)
        return manager->load(id, &error);
    });
    track(QFuture<void>(work));
    work.then(this, [this, path, id, generation](bool ok) {
        if (generation != m_generation) return;
        Entry* current = entry(path);
        if (!current || current->id != id) return;
        current->loadPending = false;
        if (current->loadOnStart != ok) {
            current->loadOnStart = ok;
            saveCatalogue();
        }
        onManagerChanged();
    });
}

void LocalModelController::unload(const QString& path)
{
    Entry* e = entry(path);
    if (!e || e->id.empty() || e->unloadPending) return;
    e->unloadPending = true;
    if (e->loadOnStart) {
        e->loadOnStart = false;
        saveCatalogue();
    }
    emit rowsChanged();
    const std::string id = e->id;
    const int generation = m_generation;
    auto manager = m_manager;
    // Unloading cancels the running answer and waits for the worker to end: not long, but
    // a token of a large model can take a moment.
    QFuture<void> work = QtConcurrent::run([manager, id] { manager->unload(id); });
    track(QFuture<void>(work));
    work.then(this, [this, path, id, generation] {
        if (generation != m_generation) return;
        if (Entry* current = entry(path); current && current->id == id) current->unloadPending = false;
        onManagerChanged();
    });
}

void LocalModelController::remove(const QString& path)
{
    const Entry* e = entry(path);
    if (!e) return;
    const std::string id = e->id;
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(), [&](const Entry& x) { return x.path == path; }),
                    m_entries.end());
    saveCatalogue();
    if (!id.empty()) {
        auto manager = m_manager;
        QFuture<void> work = QtConcurrent::run([manager, id] { manager->remove(id); });
        track(QFuture<void>(work));
    }
    syncRegistry();
    emit rowsChanged();
}

// --- state -------------------------------------------------------------------------------

void LocalModelController::onManagerChanged()
{
    m_link->clearQueued();
    syncRegistry();
    emit rowsChanged();
}

void LocalModelController::syncRegistry()
{
    // Ids of the listed models and of their adapters: a model removed from the list may
    // still be unloading, and is no target any more.
    std::map<std::string, bool> listed;
    for (const local::LocalModelStatus& s : m_manager->models()) {
        if (!std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.id == s.id; })) continue;
        listed[s.id] = true;
        for (const local::LocalAdapterStatus& a : s.adapters) listed[a.id] = true;
    }
    QStringList loaded;
    for (const std::string& id : m_manager->loadedIds())
        if (listed.count(id)) loaded << QString::fromStdString(id);
    if (loaded == m_registeredIds || !m_registry) return;
    m_registeredIds = loaded;
    // Registered only while something is loaded: an empty "Local models" entry would hide
    // the playground's and the Providers view's first steps.
    if (loaded.isEmpty()) m_registry->unregisterProvider(providerId());
    else m_registry->registerProvider(m_manager->provider(), loaded);
}

QList<LocalModelRow> LocalModelController::rows() const
{
    std::map<std::string, local::LocalModelStatus> byId;
    for (local::LocalModelStatus& s : m_manager->models()) byId.emplace(s.id, std::move(s));
    QList<LocalModelRow> out;
    for (const Entry& e : m_entries) {
        LocalModelRow row;
        row.path = e.path;
        if (!e.id.empty()) {
            if (auto it = byId.find(e.id); it != byId.end()) row.status = it->second;
        }
        if (!row.status)
            row.rejection = e.rejection.isEmpty() ? tr("%1 is no longer in the engine's catalogue")
                                                        .arg(QDir::toNativeSeparators(e.path))
                                                  : e.rejection;
        row.loadPending = e.loadPending;
        row.unloadPending = e.unloadPending;
        out << row;
        for (const AdapterRecord& a : e.adapters) {
            LocalModelRow adapterRow;
            adapterRow.basePath = e.path;
            adapterRow.path = a.path;
            adapterRow.status = row.status;
            adapterRow.rejection = a.rejection;
            adapterRow.loadPending = e.loadPending || a.pending;
            if (row.status)
                for (const local::LocalAdapterStatus& st : row.status->adapters)
                    if (QFile::decodeName(st.path.c_str()) == a.path) adapterRow.adapter = st;
            out << adapterRow;
        }
    }
    return out;
}

LocalModelRow LocalModelController::row(const QString& key) const
{
    for (const LocalModelRow& r : rows())
        if (r.key() == key) return r;
    return {};
}

int LocalModelController::loadedCount() const
{
    int n = 0;
    for (const LocalModelRow& r : rows())
        if (!r.isAdapter() && r.state() == LocalRowState::Loaded) ++n;
    return n;
}

quint64 LocalModelController::memoryInUseBytes() const
{
    // A model's memory already counts the adapters its worker holds.
    quint64 total = 0;
    for (const LocalModelRow& r : rows())
        if (!r.isAdapter()) total += r.memoryBytes();
    return total;
}

QString LocalModelController::providerId() const
{
    return QString::fromStdString(m_manager->provider()->id());
}

QString LocalModelController::summaryText() const
{
    const int n = loadedCount();
    if (n == 0) return QString();
    return tr("Local: %n loaded, %1", nullptr, n).arg(ModelFormat::bytes(memoryInUseBytes()));
}

} // namespace triad::widgets
