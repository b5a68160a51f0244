#pragma once
// The configured providers of the open workspace, for every view that needs a target.
//
// Owns the ProviderConfig rows (loaded from / saved to the workspace's ProviderRepository;
// never with keys), their API keys (from the keychain, else from the environment variable
// named in the config; held only in memory), one shared Provider instance per provider
// (built through ProviderFactory, rebuilt when the config or key changes) and a cache of
// each provider's model list (fetched off the GUI thread; manual entries when listing
// fails). Providers created elsewhere (the local engine, routers) can be registered too;
// those are not persisted.
//
// Usage (playground):
//   for (const ProviderTarget& t : registry->targets()) addToMenu(t.providerId, t.models);
//   std::shared_ptr<providers::Provider> p = registry->provider(t.providerId);
//   connect(registry, &ProviderRegistry::targetsChanged, this, &Pane::rebuildTargetMenu);

#include <functional>
#include <memory>
#include <optional>

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include "core/providers/Provider.h"
#include "core/providers/ProviderConfig.h"

namespace triad::store {
class ProviderRepository;
class SettingsRepository;
}

namespace triad::widgets {

class KeychainStore;

/** Where a provider's key came from. */
enum class KeySource {
    None = 1,      ///< no key (fine for local servers such as Ollama)
    Keychain,
    Environment,   ///< the variable named in ProviderConfig::apiKeyEnv
};

enum class ModelListState {
    NotLoaded = 1,
    Loading,
    Listed,        ///< from the provider's model listing
    Failed,        ///< listing failed; manual entries (if any) are used
};

/** One provider as the playground shows it: what to call it and which models it offers. */
struct ProviderTarget {
    QString providerId;
    QString displayName;
    QStringList models;      ///< listed models followed by manual entries, without duplicates
    bool persisted = true;   ///< false for registered (local/router) providers
};

/** Outcome of "Test connection": a model listing timed end to end. */
struct ConnectionTestResult {
    bool ok = false;
    double latencyMs = 0.0;
    QStringList models;
    QString error;           ///< plain words; never contains the key
};

class ProviderRegistry : public QObject {
    Q_OBJECT
public:
    /** `keychain` may be null (keys then come from the environment only). */
    explicit ProviderRegistry(KeychainStore* keychain, QObject* parent = nullptr);
    ~ProviderRegistry() override;

    /** Loads providers and manual model entries from the workspace and reads their keys.
     *  Either pointer may be null (nothing is persisted then). They must outlive this. */
    void setRepositories(store::ProviderRepository* providers, store::SettingsRepository* settings);

    // --- configured providers -----------------------------------------------------------
    QList<providers::ProviderConfig> configs() const;
    std::optional<providers::ProviderConfig> config(const QString& providerId) const;
    bool contains(const QString& providerId) const;
    /** An id not used yet, derived from `base` ("fireworks", "fireworks-2", …). */
    QString uniqueId(const QString& base) const;

    /** Adds a provider (its id made unique if taken) and returns the id used. A non-empty
     *  `key` goes to the keychain, or stays in memory for this session if none is available. */
    QString addProvider(providers::ProviderConfig config, const QString& key = {});
    /** Replaces a provider's settings. `key`: nullopt keeps the current key, "" deletes it. */
    void updateProvider(const providers::ProviderConfig& config,
                        const std::optional<QString>& key = std::nullopt);
    void removeProvider(const QString& providerId);

    /** Makes a provider built elsewhere (local engine, router) available as a target. */
    void registerProvider(std::shared_ptr<providers::Provider> provider, const QStringList& models);
    void unregisterProvider(const QString& providerId);

    // --- keys ---------------------------------------------------------------------------
    KeySource keySource(const QString& providerId) const;
    /** "••••abcd" (last four characters only), or "" when there is no key. */
    QString maskedKey(const QString& providerId) const;
    /** True when keys typed in the dialog are kept in the keychain across restarts. */
    bool keychainAvailable() const;

    // --- targets and providers ----------------------------------------------------------
    QList<ProviderTarget> targets() const;
    /** The shared provider instance, built on first use; null for an unknown id. */
    std::shared_ptr<providers::Provider> provider(const QString& providerId);

    // --- models -------------------------------------------------------------------------
    QStringList models(const QString& providerId) const;
    QStringList manualModels(const QString& providerId) const;
    ModelListState modelListState(const QString& providerId) const;
    /** Why the last listing failed, in plain words ("" unless Failed). */
    QString modelListError(const QString& providerId) const;
    /** Lists models in a worker thread; modelsChanged() follows. */
    void refreshModels(const QString& providerId);
    void refreshAllModels();
    void addManualModel(const QString& providerId, const QString& model);
    void removeManualModel(const QString& providerId, const QString& model);

    /** Builds a throwaway provider from `config` + `key`, lists its models in a worker
     *  thread and reports on the GUI thread (dropped if `context` died). */
    static void testConnection(const providers::ProviderConfig& config, const QString& key,
                               QObject* context, std::function<void(const ConnectionTestResult&)> done);
    /** Same, with the key already known for `config.id` (keychain, this session, or the
     *  environment variable `config.apiKeyEnv`), so editing can test without retyping it. */
    void testConnectionWithStoredKey(const providers::ProviderConfig& config, QObject* context,
                                     std::function<void(const ConnectionTestResult&)> done) const;

signals:
    /** A provider was added, edited, removed or (un)registered. */
    void providersChanged();
    /** A provider's model list (listed or manual) or its listing state changed. */
    void modelsChanged(const QString& providerId);
    /** Providers or models changed: the list of targets should be rebuilt. */
    void targetsChanged();
    /** A key arrived from the keychain, was replaced or removed. */
    void keyChanged(const QString& providerId);
    /** Something could not be saved or read (workspace, keychain), in plain words. */
    void problem(const QString& message);

private:
    struct Entry;
    Entry* entry(const QString& providerId);
    const Entry* entry(const QString& providerId) const;
    void readKeyFromKeychain(const QString& providerId, bool refreshAfter);
    void storeKey(const QString& providerId, const QString& key);
    void saveManualModels(const QString& providerId);
    QString effectiveKey(const Entry& e) const;

    KeychainStore* m_keychain = nullptr;
    store::ProviderRepository* m_repository = nullptr;
    store::SettingsRepository* m_settings = nullptr;
    QList<QString> m_order;                              ///< ids in display order
    QHash<QString, std::shared_ptr<Entry>> m_entries;
};

} // namespace triad::widgets
