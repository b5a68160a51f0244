#include "widgets/providers/ProviderRegistry.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QFuture>
#include <QPointer>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include "core/providers/ApiKeySource.h"
#include "core/providers/ProviderFactory.h"
#include "core/providers/ProviderPresets.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"
#include "widgets/secrets/KeychainStore.h"

namespace triad::widgets {

using providers::ProviderConfig;

struct ProviderRegistry::Entry {
    ProviderConfig config;
    bool persisted = true;
    QString key;                 ///< from the keychain, or typed this session; memory only
    bool hasKey = false;
    std::shared_ptr<providers::Provider> provider;
    QStringList listedModels;
    QStringList manualModels;
    ModelListState state = ModelListState::NotLoaded;
    QString listError;
    int listGeneration = 0;      ///< drops answers of superseded listings
};

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string manualModelsKey(const QString& id) { return "providers." + id.toStdString() + ".manual_models"; }
std::string listedModelsKey(const QString& id) { return "providers." + id.toStdString() + ".listed_models"; }

QStringList stringList(const nlohmann::json& json)
{
    QStringList out;
    if (!json.is_array()) return out;
    for (const auto& item : json)
        if (item.is_string()) out << q(item.get<std::string>());
    return out;
}

nlohmann::json toJson(const QStringList& list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

QString slug(const QString& text)
{
    QString out;
    for (QChar c : text.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128) out += c;
        else if (!out.endsWith(QLatin1Char('-'))) out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-'))) out.chop(1);
    while (out.startsWith(QLatin1Char('-'))) out.remove(0, 1);
    return out.isEmpty() ? QStringLiteral("provider") : out;
}

} // namespace

ProviderRegistry::ProviderRegistry(KeychainStore* keychain, QObject* parent)
    : QObject(parent)
    , m_keychain(keychain)
{
}

ProviderRegistry::~ProviderRegistry() = default;

ProviderRegistry::Entry* ProviderRegistry::entry(const QString& providerId)
{
    const auto it = m_entries.find(providerId);
    return it == m_entries.end() ? nullptr : it->get();
}

const ProviderRegistry::Entry* ProviderRegistry::entry(const QString& providerId) const
{
    const auto it = m_entries.constFind(providerId);
    return it == m_entries.constEnd() ? nullptr : it->get();
}

void ProviderRegistry::setRepositories(store::ProviderRepository* providers, store::SettingsRepository* settings)
{
    // Drop the previous workspace's providers; registered (non-persisted) ones stay.
    for (const QString& id : QList<QString>(m_order)) {
        if (m_entries.value(id)->persisted) {
            m_entries.remove(id);
            m_order.removeAll(id);
        }
    }
    m_repository = providers;
    m_settings = settings;

    std::vector<ProviderConfig> configs;
    if (m_repository) {
        try {
            configs = m_repository->list();
        } catch (const store::StoreError& e) {
            emit problem(tr("Could not read the providers from the workspace: %1").arg(q(e.what())));
        }
    }
    for (const ProviderConfig& config : configs) {
        auto e = std::make_shared<Entry>();
        e->config = config;
        const QString id = q(config.id);
        if (m_settings) {
            try {
                e->manualModels = stringList(m_settings->value(manualModelsKey(id), nlohmann::json::array()));
                e->listedModels = stringList(m_settings->value(listedModelsKey(id), nlohmann::json::array()));
                if (!e->listedModels.isEmpty()) e->state = ModelListState::Listed;
            } catch (const store::StoreError& err) {
                emit problem(tr("Could not read the models saved for provider “%1”: %2").arg(id, q(err.what())));
            }
        }
        m_entries.insert(id, e);
        m_order << id;
        // Providers never listed before are listed once their key is known; cached lists
        // wait for the person to press Refresh (no network traffic on every start).
        readKeyFromKeychain(id, e->listedModels.isEmpty());
    }
    emit providersChanged();
    emit targetsChanged();
}

QList<ProviderConfig> ProviderRegistry::configs() const
{
    QList<ProviderConfig> out;
    for (const QString& id : m_order) {
        const Entry* e = entry(id);
        if (e && e->persisted) out << e->config;
    }
    return out;
}

std::optional<ProviderConfig> ProviderRegistry::config(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    if (!e) return std::nullopt;
    return e->config;
}

bool ProviderRegistry::contains(const QString& providerId) const
{
    return m_entries.contains(providerId);
}

QString ProviderRegistry::uniqueId(const QString& base) const
{
    const QString root = slug(base);
    if (!contains(root)) return root;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(root).arg(n);
        if (!contains(candidate)) return candidate;
    }
}

QString ProviderRegistry::addProvider(ProviderConfig config, const QString& key)
{
    const QString wanted = config.id.empty() ? q(config.displayName) : q(config.id);
    const QString id = uniqueId(wanted);
    config.id = id.toStdString();
    if (config.displayName.empty()) config.displayName = config.id;
    if (m_repository) {
        try {
            m_repository->save(config);
        } catch (const store::StoreError& e) {
            emit problem(tr("Could not save provider “%1”: %2").arg(q(config.displayName), q(e.what())));
            return QString();
        }
    }
    auto e = std::make_shared<Entry>();
    e->config = config;
    m_entries.insert(id, e);
    m_order << id;
    if (!key.isEmpty()) storeKey(id, key);
    emit providersChanged();
    emit targetsChanged();
    refreshModels(id);
    return id;
}

void ProviderRegistry::updateProvider(const ProviderConfig& config, const std::optional<QString>& key)
{
    const QString id = q(config.id);
    Entry* e = entry(id);
    if (!e || !e->persisted) return;
    if (m_repository) {
        try {
            m_repository->save(config);
        } catch (const store::StoreError& err) {
            emit problem(tr("Could not save provider “%1”: %2").arg(q(config.displayName), q(err.what())));
            return;
        }
    }
    const bool endpointChanged = e->config.baseUrl != config.baseUrl || e->config.kind != config.kind
        || e->config.apiKeyEnv != config.apiKeyEnv;
    e->config = config;
    e->provider.reset();   // requests already running keep the old instance alive
    if (key) {
        if (key->isEmpty()) {
            e->key.clear();
            e->hasKey = false;
            if (m_keychain) m_keychain->deleteKey(id, this, {});
            emit keyChanged(id);
        } else {
            storeKey(id, *key);
        }
    }
    emit providersChanged();
    emit targetsChanged();
    if (endpointChanged || key) refreshModels(id);
}

void ProviderRegistry::removeProvider(const QString& providerId)
{
    Entry* e = entry(providerId);
    if (!e) return;
    if (!e->persisted) {
        unregisterProvider(providerId);
        return;
    }
    if (m_repository) {
        try {
            m_repository->remove(providerId.toStdString());
        } catch (const store::StoreError& err) {
            if (err.kind() != store::StoreErrorKind::NotFound) {
                emit problem(tr("Could not remove provider “%1”: %2").arg(providerId, q(err.what())));
                return;
            }
        }
    }
    if (m_settings) {
        try {
            m_settings->remove(manualModelsKey(providerId));
            m_settings->remove(listedModelsKey(providerId));
        } catch (const store::StoreError&) {
            // Leftover model lists are harmless; the provider itself is gone.
        }
    }
    if (m_keychain && e->hasKey) m_keychain->deleteKey(providerId, this, {});
    m_entries.remove(providerId);
    m_order.removeAll(providerId);
    emit providersChanged();
    emit targetsChanged();
}

void ProviderRegistry::registerProvider(std::shared_ptr<providers::Provider> provider, const QStringList& models)
{
    if (!provider) return;
    const QString id = q(provider->id());
    auto e = std::make_shared<Entry>();
    e->persisted = false;
    e->config.id = provider->id();
    e->config.displayName = provider->displayName();
    e->config.kind = providers::ApiKind::Local;
    e->provider = std::move(provider);
    e->listedModels = models;
    e->state = ModelListState::Listed;
    if (!m_entries.contains(id)) m_order << id;
    m_entries.insert(id, e);
    emit providersChanged();
    emit modelsChanged(id);
    emit targetsChanged();
}

void ProviderRegistry::unregisterProvider(const QString& providerId)
{
    const Entry* e = entry(providerId);
    if (!e || e->persisted) return;
    m_entries.remove(providerId);
    m_order.removeAll(providerId);
    emit providersChanged();
    emit targetsChanged();
}

// --- keys --------------------------------------------------------------------------------

void ProviderRegistry::readKeyFromKeychain(const QString& providerId, bool refreshAfter)
{
    if (!m_keychain) {
        if (refreshAfter) refreshModels(providerId);
        return;
    }
    m_keychain->readKey(providerId, this, [this, providerId, refreshAfter](const KeychainResult& result) {
        Entry* e = entry(providerId);
        if (!e) return;
        if (result.status == KeychainStatus::Ok && !e->hasKey) {
            e->key = result.key;
            e->hasKey = !result.key.isEmpty();
            e->provider.reset();
            emit keyChanged(providerId);
        }
        if (refreshAfter && e->state == ModelListState::NotLoaded) refreshModels(providerId);
    });
}

void ProviderRegistry::storeKey(const QString& providerId, const QString& key)
{
    Entry* e = entry(providerId);
    if (!e) return;
    e->key = key;
    e->hasKey = !key.isEmpty();
    e->provider.reset();
    emit keyChanged(providerId);
    if (!m_keychain) return;
    const QString env = q(e->config.apiKeyEnv);
    m_keychain->writeKey(providerId, key, this, [this, providerId, env](const KeychainResult& result) {
        if (result.status == KeychainStatus::Ok) return;
        const QString where = env.isEmpty()
            ? tr("Set an environment variable in the provider's settings to keep it across restarts.")
            : tr("Set %1 in the environment to keep it across restarts.").arg(env);
        emit problem(tr("The key for “%1” is kept for this session only: %2 %3")
                         .arg(providerId, result.message, where));
    });
}

QString ProviderRegistry::effectiveKey(const Entry& e) const
{
    if (e.hasKey) return e.key;
    if (const auto env = providers::ApiKeySource::fromEnvironment(e.config)) return q(*env);
    return QString();
}

KeySource ProviderRegistry::keySource(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    if (!e) return KeySource::None;
    if (e->hasKey) return KeySource::Keychain;
    if (providers::ApiKeySource::fromEnvironment(e->config)) return KeySource::Environment;
    return KeySource::None;
}

QString ProviderRegistry::maskedKey(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    if (!e) return QString();
    const QString key = effectiveKey(*e);
    return key.isEmpty() ? QString() : q(providers::maskKey(key.toStdString()));
}

bool ProviderRegistry::keychainAvailable() const
{
    return m_keychain && m_keychain->isAvailable() && m_keychain->backend() == KeychainBackend::System;
}

// --- targets and providers ---------------------------------------------------------------

QList<ProviderTarget> ProviderRegistry::targets() const
{
    QList<ProviderTarget> out;
    for (const QString& id : m_order) {
        const Entry* e = entry(id);
        if (!e) continue;
        out << ProviderTarget{id, q(e->config.displayName), models(id), e->persisted};
    }
    return out;
}

std::shared_ptr<providers::Provider> ProviderRegistry::provider(const QString& providerId)
{
    Entry* e = entry(providerId);
    if (!e) return nullptr;
    if (e->provider) return e->provider;
    std::string error;
    std::unique_ptr<providers::Provider> made =
        providers::ProviderFactory::create(e->config, effectiveKey(*e).toStdString(), &error);
    if (!made) {
        emit problem(tr("Provider “%1” cannot be used: %2").arg(q(e->config.displayName), q(error)));
        return nullptr;
    }
    e->provider = std::move(made);
    return e->provider;
}

// --- models ------------------------------------------------------------------------------

QStringList ProviderRegistry::models(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    if (!e) return {};
    QStringList out = e->listedModels;
    if (out.isEmpty()) {
        // Listing failed or never ran: offer the preset's well-known models.
        if (const auto* preset = providers::ProviderPresets::find(e->config.presetId))
            for (const std::string& m : preset->commonModels) out << q(m);
    }
    for (const QString& m : e->manualModels)
        if (!out.contains(m)) out << m;
    return out;
}

QStringList ProviderRegistry::manualModels(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    return e ? e->manualModels : QStringList();
}

ModelListState ProviderRegistry::modelListState(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    return e ? e->state : ModelListState::NotLoaded;
}

QString ProviderRegistry::modelListError(const QString& providerId) const
{
    const Entry* e = entry(providerId);
    return e && e->state == ModelListState::Failed ? e->listError : QString();
}

void ProviderRegistry::refreshModels(const QString& providerId)
{
    Entry* e = entry(providerId);
    if (!e || !e->persisted) return;
    std::shared_ptr<providers::Provider> p = provider(providerId);
    if (!p) {
        e->state = ModelListState::Failed;
        e->listError = tr("The provider's settings are incomplete.");
        emit modelsChanged(providerId);
        emit targetsChanged();
        return;
    }
    const int generation = ++e->listGeneration;
    e->state = ModelListState::Loading;
    emit modelsChanged(providerId);

    QtConcurrent::run([p] { return p->listModels(); })
        .then(this, [this, providerId, generation](const providers::ModelListResult& result) {
            Entry* current = entry(providerId);
            if (!current || current->listGeneration != generation) return;   // removed or superseded
            if (result.error) {
                current->state = ModelListState::Failed;
                current->listError = q(result.error->message);
            } else {
                QStringList listed;
                for (const providers::ModelInfo& m : result.models) listed << q(m.id);
                listed.removeDuplicates();
                std::sort(listed.begin(), listed.end(),
                          [](const QString& a, const QString& b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
                current->listedModels = listed;
                current->state = ModelListState::Listed;
                current->listError.clear();
                if (m_settings) {
                    try {
                        m_settings->set(listedModelsKey(providerId), toJson(listed));
                    } catch (const store::StoreError&) {
                        // Only a cache: the list is fetched again next time.
                    }
                }
            }
            emit modelsChanged(providerId);
            emit targetsChanged();
        });
}

void ProviderRegistry::refreshAllModels()
{
    for (const QString& id : QList<QString>(m_order)) refreshModels(id);
}

void ProviderRegistry::addManualModel(const QString& providerId, const QString& model)
{
    Entry* e = entry(providerId);
    const QString name = model.trimmed();
    if (!e || name.isEmpty() || e->manualModels.contains(name)) return;
    e->manualModels << name;
    saveManualModels(providerId);
    emit modelsChanged(providerId);
    emit targetsChanged();
}

void ProviderRegistry::removeManualModel(const QString& providerId, const QString& model)
{
    Entry* e = entry(providerId);
    if (!e || !e->manualModels.removeOne(model)) return;
    saveManualModels(providerId);
    emit modelsChanged(providerId);
    emit targetsChanged();
}

void ProviderRegistry::saveManualModels(const QString& providerId)
{
    const Entry* e = entry(providerId);
    if (!e || !m_settings || !e->persisted) return;
    try {
        m_settings->set(manualModelsKey(providerId), toJson(e->manualModels));
    } catch (const store::StoreError& err) {
        emit problem(tr("Could not save the models of “%1”: %2").arg(providerId, q(err.what())));
    }
}

void ProviderRegistry::testConnection(const ProviderConfig& config, const QString& key, QObject* context,
                                      std::function<void(const ConnectionTestResult&)> done)
{
    const std::string keyCopy = key.toStdString();
    QtConcurrent::run([config, keyCopy] {
        ConnectionTestResult result;
        std::string error;
        std::unique_ptr<providers::Provider> p = providers::ProviderFactory::create(config, keyCopy, &error);
        if (!p) {
            result.error = QString::fromStdString(error);
            return result;
        }
        QElapsedTimer timer;
        timer.start();
        const providers::ModelListResult listing = p->listModels();
        result.latencyMs = double(timer.nsecsElapsed()) / 1e6;
        if (listing.error) {
            result.error = QString::fromStdString(listing.error->message);
            return result;
        }
        result.ok = true;
        for (const providers::ModelInfo& m : listing.models) result.models << QString::fromStdString(m.id);
        result.models.sort(Qt::CaseInsensitive);
        return result;
    }).then(context, [done](const ConnectionTestResult& result) {
        if (done) done(result);
    });
}

void ProviderRegistry::testConnectionWithStoredKey(const ProviderConfig& config, QObject* context,
                                                   std::function<void(const ConnectionTestResult&)> done) const
{
    QString key;
    if (const Entry* e = entry(q(config.id)); e && e->hasKey) key = e->key;
    else if (const auto env = providers::ApiKeySource::fromEnvironment(config)) key = q(*env);
    testConnection(config, key, context, std::move(done));
}

} // namespace triad::widgets
