// ProviderRegistry: providers persist without keys, keys come from the keychain or the
// environment, models are listed off the GUI thread with manual entries as the fallback.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/providers/ProviderPresets.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "tests/support/FakeProvider.h"
#include "tests/support/ScriptedServer.h"
#include "widgets/providers/ProviderRegistry.h"
#include "widgets/secrets/KeychainStore.h"

using namespace triad;
using triad::widgets::KeychainBackend;
using triad::widgets::KeychainResult;
using triad::widgets::KeychainStatus;
using triad::widgets::KeychainStore;
using triad::widgets::KeySource;
using triad::widgets::ModelListState;
using triad::widgets::ProviderRegistry;

namespace {

const QString kSecretKey = QStringLiteral("sk-test-9f8e7d6c5b4a3210-WXYZ");

providers::ProviderConfig customConfig(const std::string& baseUrl, const std::string& name = "Scripted")
{
    providers::ProviderConfig config;
    config.displayName = name;
    config.baseUrl = baseUrl;
    config.apiKeyEnv = "TRIAD_TEST_SCRIPTED_KEY";
    config.connectTimeoutMs = 2000;
    config.idleReadTimeoutMs = 2000;
    config.maxRetries = 0;
    return config;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestProviderRegistry : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void addedProviderIsSavedWithoutKey();
    void keyComesBackFromKeychainAfterReload();
    void environmentKeyWhenNoKeychain();
    void idsAreMadeUnique_data();
    void idsAreMadeUnique();
    void modelsAreListedFromServer();
    void listingFailureKeepsManualModels();
    void providerInstanceIsSharedUntilChanged();
    void removeDeletesRowAndKey();
    void registeredProvidersAreNotPersisted();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::Workspace> m_workspace;
    QString m_path;
};

void TestProviderRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("test.triad"));
    m_workspace = store::Workspace::open(m_path.toStdString());
    qunsetenv("TRIAD_TEST_SCRIPTED_KEY");
}

void TestProviderRegistry::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void TestProviderRegistry::addedProviderIsSavedWithoutKey()
{
    KeychainStore keychain(KeychainBackend::InMemory);
    ProviderRegistry registry(&keychain);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QSignalSpy changed(&registry, &ProviderRegistry::providersChanged);

    const QString id = registry.addProvider(customConfig("http://127.0.0.1:9/v1"), kSecretKey);
    QCOMPARE(id, QStringLiteral("scripted"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(registry.keySource(id), KeySource::Keychain);
    QCOMPARE(registry.maskedKey(id), QStringLiteral("••••WXYZ"));

    const auto stored = m_workspace->providers().load(id.toStdString());
    QVERIFY(stored.has_value());
    QCOMPARE(QString::fromStdString(stored->baseUrl), QStringLiteral("http://127.0.0.1:9/v1"));
    QCOMPARE(QString::fromStdString(stored->apiKeyEnv), QStringLiteral("TRIAD_TEST_SCRIPTED_KEY"));

    // The key went to the keychain...
    std::optional<KeychainResult> read;
    keychain.readKey(id, this, [&](const KeychainResult& r) { read = r; });
    QTRY_VERIFY(read.has_value());
    QCOMPARE(read->status, KeychainStatus::Ok);
    QCOMPARE(read->key, kSecretKey);

    // ...and nowhere into the workspace file (nor its write-ahead log).
    m_workspace.reset();
    const QByteArray bytes = readAll(m_path) + readAll(m_path + QStringLiteral("-wal"));
    QVERIFY2(!bytes.isEmpty(), "expected the workspace file to exist");
    QVERIFY2(!bytes.contains(kSecretKey.toUtf8()), "the API key was found in the workspace file");
    QVERIFY2(!bytes.contains(QByteArray("9f8e7d6c5b4a3210")), "part of the API key was found in the workspace file");
}

void TestProviderRegistry::keyComesBackFromKeychainAfterReload()
{
    KeychainStore keychain(KeychainBackend::InMemory);
    QString id;
    {
        ProviderRegistry first(&keychain);
        first.setRepositories(&m_workspace->providers(), &m_workspace->settings());
        id = first.addProvider(customConfig("http://127.0.0.1:9/v1"), kSecretKey);
    }
    ProviderRegistry second(&keychain);
    QSignalSpy keyChanged(&second, &ProviderRegistry::keyChanged);
    second.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QCOMPARE(second.configs().size(), 1);
    QTRY_COMPARE(keyChanged.count(), 1);
    QCOMPARE(keyChanged.first().first().toString(), id);
    QCOMPARE(second.keySource(id), KeySource::Keychain);
    QCOMPARE(second.maskedKey(id), QStringLiteral("••••WXYZ"));
}

void TestProviderRegistry::environmentKeyWhenNoKeychain()
{
    KeychainStore keychain(KeychainBackend::Disabled);
    ProviderRegistry registry(&keychain);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QVERIFY(!registry.keychainAvailable());
    const QString id = registry.addProvider(customConfig("http://127.0.0.1:9/v1"));
    QCOMPARE(registry.keySource(id), KeySource::None);
    QCOMPARE(registry.maskedKey(id), QString());

    qputenv("TRIAD_TEST_SCRIPTED_KEY", "env-key-0123456789-LAST");
    QCOMPARE(registry.keySource(id), KeySource::Environment);
    QCOMPARE(registry.maskedKey(id), QStringLiteral("••••LAST"));

    // A key typed while no keychain exists works for this session and says so.
    QSignalSpy problems(&registry, &ProviderRegistry::problem);
    registry.updateProvider(*registry.config(id), kSecretKey);
    QCOMPARE(registry.keySource(id), KeySource::Keychain);
    QTRY_COMPARE(problems.count(), 1);
    const QString message = problems.first().first().toString();
    QVERIFY2(message.contains(QLatin1String("session only")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("TRIAD_TEST_SCRIPTED_KEY")), qPrintable(message));
    QVERIFY2(!message.contains(kSecretKey), "the problem message must not contain the key");
}

void TestProviderRegistry::idsAreMadeUnique_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("expectedIds");
    QTest::newRow("same preset twice") << QStringList{QStringLiteral("fireworks"), QStringLiteral("fireworks")}
                                       << QStringList{QStringLiteral("fireworks"), QStringLiteral("fireworks-2")};
    QTest::newRow("display names") << QStringList{QStringLiteral("My vLLM (GPU 1)"), QStringLiteral("My vLLM (GPU 1)"),
                                                  QStringLiteral("My vLLM (GPU 1)")}
                                   << QStringList{QStringLiteral("my-vllm-gpu-1"), QStringLiteral("my-vllm-gpu-1-2"),
                                                  QStringLiteral("my-vllm-gpu-1-3")};
    QTest::newRow("nothing usable") << QStringList{QStringLiteral("***")} << QStringList{QStringLiteral("provider")};
}

void TestProviderRegistry::idsAreMadeUnique()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, expectedIds);
    ProviderRegistry registry(nullptr);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QStringList ids;
    for (const QString& name : names) ids << registry.addProvider(customConfig("http://127.0.0.1:9/v1", name.toStdString()));
    QCOMPARE(ids, expectedIds);
    QCOMPARE(int(m_workspace->providers().list().size()), names.size());
}

void TestProviderRegistry::modelsAreListedFromServer()
{
    testsupport::ScriptedServer server;
    QVERIFY(server.start());
    server.setModels({"zeta-8b", "alpha-70b", "Mid-13b"});

    ProviderRegistry registry(nullptr);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QSignalSpy modelsChanged(&registry, &ProviderRegistry::modelsChanged);
    const QString id = registry.addProvider(customConfig(server.baseUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(registry.modelListState(id), ModelListState::Listed, 10000);
    const QStringList expected{QStringLiteral("alpha-70b"), QStringLiteral("Mid-13b"), QStringLiteral("zeta-8b")};
    QCOMPARE(registry.models(id), expected);
    QVERIFY(modelsChanged.count() >= 2);   // Loading, then Listed

    const auto targets = registry.targets();
    QCOMPARE(targets.size(), 1);
    QCOMPARE(targets.first().providerId, id);
    QCOMPARE(targets.first().models, expected);

    // The listing is cached in the workspace: a reload offers the models before listing again.
    ProviderRegistry reloaded(nullptr);
    reloaded.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QCOMPARE(reloaded.models(id), expected);
}

void TestProviderRegistry::listingFailureKeepsManualModels()
{
    testsupport::ScriptedServer server;
    QVERIFY(server.start());
    server.setDefault("/v1/models", testsupport::ScriptedServer::errorResponse(401, "Invalid API key"));

    KeychainStore keychain(KeychainBackend::InMemory);
    ProviderRegistry registry(&keychain);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    const QString id = registry.addProvider(customConfig(server.baseUrl()), kSecretKey);
    QTRY_COMPARE_WITH_TIMEOUT(registry.modelListState(id), ModelListState::Failed, 10000);
    const QString error = registry.modelListError(id);
    QVERIFY2(!error.isEmpty(), "expected a reason for the failed listing");
    QVERIFY2(!error.contains(kSecretKey), qPrintable(QStringLiteral("the error shows the key: ") + error));
    QCOMPARE(registry.models(id), QStringList());

    registry.addManualModel(id, QStringLiteral("  my-finetune-v2 "));
    registry.addManualModel(id, QStringLiteral("my-finetune-v2"));   // no duplicate
    QCOMPARE(registry.models(id), QStringList{QStringLiteral("my-finetune-v2")});

    ProviderRegistry reloaded(&keychain);
    reloaded.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    QCOMPARE(reloaded.manualModels(id), QStringList{QStringLiteral("my-finetune-v2")});
    reloaded.removeManualModel(id, QStringLiteral("my-finetune-v2"));
    QCOMPARE(reloaded.models(id), QStringList());
}

void TestProviderRegistry::providerInstanceIsSharedUntilChanged()
{
    ProviderRegistry registry(nullptr);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    const auto* preset = providers::ProviderPresets::find("groq");
    QVERIFY(preset);
    const QString id = registry.addProvider(providers::ProviderPresets::makeConfig(*preset));
    QCOMPARE(id, QStringLiteral("groq"));
    // With no key and no listing, the preset's common models are offered.
    QVERIFY2(registry.models(id).contains(QStringLiteral("llama-3.1-8b-instant")),
             qPrintable(registry.models(id).join(u',')));

    const auto a = registry.provider(id);
    const auto b = registry.provider(id);
    QVERIFY(a);
    QCOMPARE(a.get(), b.get());
    QVERIFY(!registry.provider(QStringLiteral("no-such-provider")));

    auto config = *registry.config(id);
    config.baseUrl = "http://127.0.0.1:9/v1";
    registry.updateProvider(config);
    const auto c = registry.provider(id);
    QVERIFY(c);
    QVERIFY(c.get() != a.get());
    QCOMPARE(QString::fromStdString(m_workspace->providers().load("groq")->baseUrl), QStringLiteral("http://127.0.0.1:9/v1"));
}

void TestProviderRegistry::removeDeletesRowAndKey()
{
    KeychainStore keychain(KeychainBackend::InMemory);
    ProviderRegistry registry(&keychain);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    const QString id = registry.addProvider(customConfig("http://127.0.0.1:9/v1"), kSecretKey);
    registry.addManualModel(id, QStringLiteral("m"));
    registry.removeProvider(id);
    QVERIFY(!registry.contains(id));
    QVERIFY(registry.targets().isEmpty());
    QVERIFY(!m_workspace->providers().load(id.toStdString()).has_value());
    QVERIFY(!m_workspace->settings().get("providers." + id.toStdString() + ".manual_models").has_value());
    std::optional<KeychainResult> read;
    keychain.readKey(id, this, [&](const KeychainResult& r) { read = r; });
    QTRY_VERIFY(read.has_value());
    QCOMPARE(read->status, KeychainStatus::NotFound);
}

void TestProviderRegistry::registeredProvidersAreNotPersisted()
{
    ProviderRegistry registry(nullptr);
    registry.setRepositories(&m_workspace->providers(), &m_workspace->settings());
    auto fake = std::make_shared<testsupport::FakeProvider>(testsupport::FakeScript{}, "local");
    registry.registerProvider(fake, {QStringLiteral("triad-tiny")});
    const auto targets = registry.targets();
    QCOMPARE(targets.size(), 1);
    QCOMPARE(targets.first().providerId, QStringLiteral("local"));
    QCOMPARE(targets.first().models, QStringList{QStringLiteral("triad-tiny")});
    QVERIFY(!targets.first().persisted);
    QCOMPARE(registry.provider(QStringLiteral("local")).get(), fake.get());
    QVERIFY(m_workspace->providers().list().empty());
    QVERIFY(registry.configs().isEmpty());

    registry.unregisterProvider(QStringLiteral("local"));
    QVERIFY(registry.targets().isEmpty());
}

QTEST_MAIN(TestProviderRegistry)
#include "tst_provider_registry.moc"
