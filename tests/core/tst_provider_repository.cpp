// ProviderRepository: provider settings round trip, order, and the refusal of anything
// that looks like a key.

#include <QTemporaryDir>
#include <QtTest>

#include "core/providers/ProviderPresets.h"
#include "core/store/ProviderRepository.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

using namespace triad;
using namespace triad::store;
using providers::ApiKind;
using providers::ProviderConfig;

namespace {

ProviderConfig config(const std::string& id)
{
    ProviderConfig c;
    c.id = id;
    c.displayName = "Name of " + id;
    c.presetId = "fireworks";
    c.kind = ApiKind::OpenAiCompatible;
    c.baseUrl = "https://api.example.org/" + id + "/v1";
    c.apiKeyEnv = "EXAMPLE_API_KEY";
    c.extraHeaders = {{"HTTP-Referer", "https://example.org"}, {"X-Title", "Triad"}};
    c.connectTimeoutMs = 1234;
    c.idleReadTimeoutMs = 5678;
    c.maxRetries = 7;
    return c;
}

QStringList ids(const std::vector<ProviderConfig>& list)
{
    QStringList out;
    for (const auto& c : list)
        out << QString::fromStdString(c.id);
    return out;
}

} // namespace

class TestProviderRepository : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;

private slots:
    void init()
    {
        m_ws = Workspace::open(m_dir.filePath(QString::fromUtf8(QTest::currentTestFunction()) + ".triad").toStdString());
    }
    void cleanup() { m_ws.reset(); }

    void roundTrip()
    {
        ProviderConfig c = config("fw");
        c.kind = ApiKind::Anthropic;
        m_ws->providers().save(c);
        auto back = m_ws->providers().load("fw");
        QVERIFY(back.has_value());
        QCOMPARE(QString::fromStdString(back->displayName), QStringLiteral("Name of fw"));
        QCOMPARE(QString::fromStdString(back->presetId), QStringLiteral("fireworks"));
        QCOMPARE(int(back->kind), int(ApiKind::Anthropic));
        QCOMPARE(QString::fromStdString(back->baseUrl), QString::fromStdString(c.baseUrl));
        QCOMPARE(QString::fromStdString(back->apiKeyEnv), QStringLiteral("EXAMPLE_API_KEY"));
        QVERIFY(back->extraHeaders == c.extraHeaders);
        QCOMPARE(back->connectTimeoutMs, 1234);
        QCOMPARE(back->idleReadTimeoutMs, 5678);
        QCOMPARE(back->maxRetries, 7);
        QVERIFY(!m_ws->providers().load("nope").has_value());
    }

    void orderAndUpdates()
    {
        for (const char* id : {"b", "a", "c"})
            m_ws->providers().save(config(id));
        QCOMPARE(ids(m_ws->providers().list()), (QStringList{"b", "a", "c"}));
        ProviderConfig a = config("a");
        a.displayName = "renamed";
        m_ws->providers().save(a);   // an update keeps its place
        QCOMPARE(ids(m_ws->providers().list()), (QStringList{"b", "a", "c"}));
        QCOMPARE(QString::fromStdString(m_ws->providers().load("a")->displayName), QStringLiteral("renamed"));
        m_ws->providers().setOrder({"c", "b"});
        QCOMPARE(ids(m_ws->providers().list()), (QStringList{"c", "b", "a"}));
        m_ws->providers().remove("b");
        QCOMPARE(ids(m_ws->providers().list()), (QStringList{"c", "a"}));
        try {
            m_ws->providers().remove("b");
            QFAIL("removing an unknown provider did not fail");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreErrorKind::NotFound);
        }
    }

    void everyPresetCanBeStored()
    {
        for (const auto& preset : providers::ProviderPresets::all()) {
            ProviderConfig c = providers::ProviderPresets::makeConfig(preset);
            if (c.baseUrl.empty())
                c.baseUrl = "http://127.0.0.1:9999/v1";   // "custom": the person types one
            try {
                m_ws->providers().save(c);
            } catch (const StoreError& e) {
                QFAIL(qPrintable(QStringLiteral("preset %1 refused: %2").arg(QString::fromStdString(preset.id), e.what())));
            }
        }
        QCOMPARE(m_ws->providers().list().size(), providers::ProviderPresets::all().size());
    }

    void secretsRefused_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("apiKeyEnv");
        QTest::newRow("Authorization header") << "Authorization" << "Bearer abc123def456ghi789" << "";
        QTest::newRow("authorization lower case") << "authorization" << "whatever" << "";
        QTest::newRow("x-api-key header") << "x-api-key" << "sk-ant-api03-abcdefghij" << "";
        QTest::newRow("custom token header") << "X-Auth-Token" << "abc" << "";
        QTest::newRow("cookie") << "Cookie" << "session=1" << "";
        QTest::newRow("key in a harmless header") << "X-Custom" << "sk-proj-0123456789abcdef" << "";
        QTest::newRow("bearer in a harmless header") << "X-Forward" << "Bearer zzz" << "";
        QTest::newRow("long random token value") << "X-Id" << "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF" << "";
        QTest::newRow("key pasted as env var") << "" << "" << "sk-proj-0123456789abcdef";
        QTest::newRow("fireworks key as env var") << "" << "" << "fw_3ZkTqPq8xYvW2mN5bC7dE9";
        QTest::newRow("not a variable name") << "" << "" << "MY KEY";
    }

    void secretsRefused()
    {
        QFETCH(QString, header);
        QFETCH(QString, value);
        QFETCH(QString, apiKeyEnv);
        ProviderConfig c = config("p");
        if (!header.isEmpty())
            c.extraHeaders[header.toStdString()] = value.toStdString();
        if (!apiKeyEnv.isEmpty())
            c.apiKeyEnv = apiKeyEnv.toStdString();
        try {
            m_ws->providers().save(c);
            QFAIL("a provider config carrying a secret was stored");
        } catch (const StoreError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(e.kind() == StoreErrorKind::SecretRefused,
                     qPrintable(QStringLiteral("expected secret_refused, got %1: %2").arg(storeErrorKindName(e.kind()), message)));
            // the message must not repeat the secret it refused
            if (value.size() > 8)
                QVERIFY2(!message.contains(value), qPrintable("message repeats the value: " + message));
            if (!apiKeyEnv.isEmpty() && apiKeyEnv != QLatin1String("MY KEY"))
                QVERIFY2(!message.contains(apiKeyEnv), qPrintable("message repeats the key: " + message));
        }
        QCOMPARE(m_ws->providers().list().size(), size_t(0));
    }

    void harmlessHeadersAllowed_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("value");
        QTest::newRow("referer") << "HTTP-Referer" << "https://github.com/me/app";
        QTest::newRow("openai org") << "OpenAI-Organization" << "org-abc123";
        QTest::newRow("anthropic beta") << "anthropic-beta" << "prompt-caching-2024-07-31";
        QTest::newRow("uuid") << "X-Request-Group" << "3f2b8c1e-9d4a-4b7e-8f6a-1c2d3e4f5a6b";
    }

    void harmlessHeadersAllowed()
    {
        QFETCH(QString, header);
        QFETCH(QString, value);
        ProviderConfig c = config("ok");
        c.extraHeaders[header.toStdString()] = value.toStdString();
        try {
            m_ws->providers().save(c);
        } catch (const StoreError& e) {
            QFAIL(e.what());
        }
        QCOMPARE(QString::fromStdString(m_ws->providers().load("ok")->extraHeaders.at(header.toStdString())), value);
    }

    void invalidConfigsRefused()
    {
        ProviderConfig noId = config("");
        ProviderConfig noUrl = config("x");
        noUrl.baseUrl.clear();
        for (const ProviderConfig* c : {&noId, &noUrl}) {
            try {
                m_ws->providers().save(*c);
                QFAIL("an incomplete provider config was stored");
            } catch (const StoreError& e) {
                QCOMPARE(e.kind(), StoreErrorKind::InvalidArgument);
            }
        }
        ProviderConfig local = config("local");
        local.kind = ApiKind::Local;
        local.baseUrl.clear();
        local.apiKeyEnv.clear();
        m_ws->providers().save(local);   // the built-in engine needs neither
        QVERIFY(m_ws->providers().load("local").has_value());
    }
};

QTEST_GUILESS_MAIN(TestProviderRepository)
#include "tst_provider_repository.moc"
