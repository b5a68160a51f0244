#pragma once
// The GUI's side of local models: owns core's LocalModelManager, keeps the workspace's
// catalogue (the GGUF files a person added, and which of them to load on start) in the
// workspace settings, runs every slow step (reading headers, loading, unloading) off the GUI
// thread, and makes the loaded models playground targets by registering the manager's
// provider ("local", "Local models") with the ProviderRegistry.
//
// The manager reports changes from its own threads; they reach this object as one queued
// refresh, so views only ever see rowsChanged() on the GUI thread.
//
// LoRA adapters: addAdapter() checks an adapter file against a catalogued model in the
// background (core names the file and the mismatch when it does not fit) and keeps it in the
// catalogue beside the model; while the model is loaded the adapter is the playground target
// "local/<model id>+<adapter name>". An adapter that cannot be read when the catalogue comes
// back stays listed as Failed, so nothing a person added disappears silently.
//
// Usage:
//   auto* local = new LocalModelController(registry, this);
//   local->setSettings(&workspace->settings());   // re-adds the catalogue, loads "load on start"
//   local->addFiles({"/models/smollm-135m-q8_0.gguf"});
//   local->load("/models/smollm-135m-q8_0.gguf");  // the playground can pick local/<id> soon

#include <memory>

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include "core/local/LocalModelManager.h"
#include "widgets/models/LocalModelRow.h"

namespace triad::store {
class SettingsRepository;
}

namespace triad::widgets {

class ProviderRegistry;

class LocalModelController : public QObject {
    Q_OBJECT
public:
    /** Workspace settings key of the catalogue: [{"path": …, "load_on_start": bool,
     *  "adapters": [{"path": …, "name": …, "scale": 1.0}, …] (only when there are some)}, …]. */
    static constexpr const char* kCatalogueKey = "local.models";

    /** `registry` may be null (loaded models are then no playground targets). */
    explicit LocalModelController(ProviderRegistry* registry, QObject* parent = nullptr,
                                  local::LocalModelOptions options = {});
    /** Waits for loads in flight, then unloads everything. */
    ~LocalModelController() override;

    /** Switches to another workspace's catalogue: waits for work in flight, unloads and
     *  forgets the current models, then re-adds the stored files (in the background) and
     *  loads those marked "load on start". Null leaves the catalogue empty. */
    void setSettings(store::SettingsRepository* settings);

    /** Adds GGUF files in the background; addFinished() reports what was refused and why.
     *  Files already in the catalogue are skipped. */
    void addFiles(const QStringList& paths);
    /** Adds every *.gguf file directly inside `folder` (not its subfolders: a models folder
     *  is usually flat, and a deep scan of a home folder would take long). */
    void addFolder(const QString& folder);
    /** The *.gguf files directly inside `folder`, sorted by name. */
    static QStringList ggufFilesIn(const QString& folder);

    /** Loads the model of `path` in the background (its row shows Loading… at once). */
    void load(const QString& path);
    void unload(const QString& path);
    /** Removes the row (unloading the model in the background first). */
    void remove(const QString& path);

    /** Adds the LoRA adapter `adapterPath` to the catalogued model `modelPath` in the
     *  background; adapterAdded() reports the new target or core's reason for refusing it. */
    void addAdapter(const QString& modelPath, const QString& adapterPath);
    /** Removes the adapter `adapterPath` from model `modelPath` (the file stays on disk). */
    void removeAdapter(const QString& modelPath, const QString& adapterPath);

    /** Model rows in catalogue order, each followed by its adapter rows. */
    QList<LocalModelRow> rows() const;
    /** The row whose key() is `key` (a model's path), or an empty row when it is not listed. */
    LocalModelRow row(const QString& key) const;
    int loadedCount() const;
    /** Memory of every loaded model: mapped files plus KV caches and scratch. */
    quint64 memoryInUseBytes() const;
    /** "Local: 2 loaded, 312 MB", or "" when nothing is loaded (the status bar hides it). */
    QString summaryText() const;
    /** True while files are being added (headers read in the background). */
    bool isAdding() const { return m_pendingAdds > 0; }
    /** True while headers are read or models load or unload in the background. */
    bool hasPendingWork() const;
    /** Blocks until the background work started so far has ended (closing, tests). */
    void waitForPendingWork();

    local::LocalModelManager& manager() { return *m_manager; }
    /** The id loaded models have as playground targets ("local"). */
    QString providerId() const;

signals:
    /** Rows were added, removed, or a model's state, memory or activity changed. */
    void rowsChanged();
    /** A batch of addFiles()/addFolder() ended: `added` paths, and one message per refused
     *  file that names the file and the reason (core's own text). */
    void addFinished(const QStringList& added, const QStringList& errors);
    /** An addAdapter() ended: the playground target id ("<model id>+<name>"), or "" and
     *  core's message naming the adapter file and the mismatch. */
    void adapterAdded(const QString& modelPath, const QString& adapterPath, const QString& targetId,
                      const QString& error);
    /** The catalogue could not be read or saved, in plain words. */
    void problem(const QString& message);

private:
    struct AdapterRecord {
        QString path;
        QString name;           ///< core's name ("" until a restore or add has returned)
        double scale = 1.0;
        QString rejection;      ///< why it could not be added back when the catalogue reopened
        bool pending = false;   ///< being read in the background
    };
    struct Entry {
        QList<AdapterRecord> adapters;
        QString path;
        std::string id;         ///< "" when core refused the file
        QString rejection;
        bool loadOnStart = false;
        bool loadPending = false;
        bool unloadPending = false;
    };
    struct AddResult {
        QString path;
        std::string id;
        QString error;          ///< core's message when it refused the file
        bool missing = false;
    };
    class Link;

    void startAdding(const QStringList& paths, bool restoring, const QStringList& loadAfter,
                     const QHash<QString, QList<AdapterRecord>>& adapters = {});
    void startAddingAdapter(const QString& modelPath, const QString& adapterPath, const QString& name, double scale,
                            bool restoring);
    void finishAdding(const QList<AddResult>& results, bool restoring, const QStringList& loadAfter,
                      const QHash<QString, QList<AdapterRecord>>& adapters, int generation);
    void onManagerChanged();
    void syncRegistry();
    void saveCatalogue();
    void track(const QFuture<void>& task);
    Entry* entry(const QString& path);
    const Entry* entry(const QString& path) const;
    static QString normalized(const QString& path);

    std::shared_ptr<local::LocalModelManager> m_manager;
    std::shared_ptr<Link> m_link;             ///< lets manager threads reach this object safely
    QPointer<ProviderRegistry> m_registry;
    store::SettingsRepository* m_settings = nullptr;
    QList<Entry> m_entries;                   ///< catalogue order
    QStringList m_registeredIds;              ///< loaded ids last given to the registry
    QList<QFuture<void>> m_tasks;
    int m_pendingAdds = 0;
    int m_generation = 0;                     ///< drops results meant for a previous workspace
};

} // namespace triad::widgets
