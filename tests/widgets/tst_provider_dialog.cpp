// ProviderDialog: presets fill the form, the saved config never holds the key, keys are
// only ever shown masked, and "Test connection" reports latency and models or the error.
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "core/providers/ProviderPresets.h"
#include "tests/support/ScriptedServer.h"
#include "widgets/providers/ProviderDialog.h"
#include "widgets/providers/ProviderRegistry.h"
#include "widgets/secrets/KeychainStore.h"

using namespace triad;
using triad::widgets::ConnectionTestResult;
using triad::widgets::KeychainBackend;
using triad::widgets::KeychainStore;
using triad::widgets::ProviderDialog;
using triad::widgets::ProviderRegistry;

namespace {

const QString kKey = QStringLiteral("sk-live-00112233445566778899-abcd");

template <typename T>
T* child(QWidget& parent, const char* name)
{
    T* widget = parent.findChild<T*>(QLatin1String(name));
    if (!widget) qFatal("no child widget named %s", name);
    return widget;
}

void typeKey(ProviderDialog& dialog, const QString& key)
{
    auto* field = child<QLineEdit>(dialog, "apiKey");
    field->setFocus();
    field->selectAll();
    QTest::keyClicks(field, key);
}

// Every text a person can see in the dialog, except the password field itself.
QStringList visibleTexts(ProviderDialog& dialog)
{
    QStringList out;
    for (QLabel* label : dialog.findChildren<QLabel*>()) out << label->text() << label->toolTip();
    for (QLineEdit* edit : dialog.findChildren<QLineEdit*>())
        if (edit->objectName() != QLatin1String("apiKey")) out << edit->text();
    out << child<QLineEdit>(dialog, "apiKey")->placeholderText() << child<QLineEdit>(dialog, "apiKey")->displayText();
    return out;
}

} // namespace

class TestProviderDialog : public QObject {
    Q_OBJECT
private slots:
    void init() { qunsetenv("TRIAD_TEST_DIALOG_KEY"); }
    void presetsFillTheForm_data();
    void presetsFillTheForm();
    void listsEveryPreset();
    void savedConfigHasNoKey();
    void keyIsOnlyShownMasked();
    void editModeKeepsKeyUnlessTyped();
    void saveNeedsNameAndUrl();
    void testConnectionListsModels();
    void testConnectionReportsRejectedKey();
    void testConnectionReportsUnreachableServer();
};

void TestProviderDialog::presetsFillTheForm_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("keyEnv");
    QTest::addColumn<int>("kind");
    for (const auto& preset : providers::ProviderPresets::all()) {
        if (preset.id == "custom") continue;
        QTest::newRow(preset.id.c_str()) << QString::fromStdString(preset.id) << QString::fromStdString(preset.baseUrl)
                                         << QString::fromStdString(preset.apiKeyEnv) << int(preset.kind);
    }
}

void TestProviderDialog::presetsFillTheForm()
{
    QFETCH(QString, preset);
    QFETCH(QString, baseUrl);
    QFETCH(QString, keyEnv);
    QFETCH(int, kind);
    ProviderDialog dialog(nullptr);
    dialog.selectPreset(preset);
    QCOMPARE(dialog.selectedPresetId(), preset);
    const providers::ProviderConfig config = dialog.config();
    QCOMPARE(QString::fromStdString(config.baseUrl), baseUrl);
    QCOMPARE(QString::fromStdString(config.apiKeyEnv), keyEnv);
    QCOMPARE(int(config.kind), kind);
    QCOMPARE(QString::fromStdString(config.presetId), preset);
    QVERIFY(!config.displayName.empty());
}

void TestProviderDialog::listsEveryPreset()
{
    ProviderDialog dialog(nullptr);
    auto* combo = child<QComboBox>(dialog, "preset");
    QStringList ids;
    for (int i = 0; i < combo->count(); ++i) ids << combo->itemData(i).toString();
    const QStringList expected{QStringLiteral("openai"),    QStringLiteral("fireworks"), QStringLiteral("together"),
                               QStringLiteral("groq"),      QStringLiteral("openrouter"), QStringLiteral("deepseek"),
                               QStringLiteral("mistral"),   QStringLiteral("anthropic"), QStringLiteral("ollama"),
                               QStringLiteral("lmstudio"),  QStringLiteral("vllm"),      QStringLiteral("llamacpp"),
                               QStringLiteral("custom")};
    for (const QString& id : expected) QVERIFY2(ids.contains(id), qPrintable(QStringLiteral("missing preset %1 in %2").arg(id, ids.join(u','))));
}

void TestProviderDialog::savedConfigHasNoKey()
{
    ProviderDialog dialog(nullptr);
    dialog.selectPreset(QString());   // custom
    child<QLineEdit>(dialog, "name")->setText(QStringLiteral("My vLLM"));
    child<QLineEdit>(dialog, "baseUrl")->setText(QStringLiteral("http://gpu-box:8000/v1/"));
    child<QLineEdit>(dialog, "apiKeyEnv")->setText(QStringLiteral("MY_VLLM_KEY"));
    child<QSpinBox>(dialog, "readTimeout")->setValue(120000);
    typeKey(dialog, kKey);

    const providers::ProviderConfig config = dialog.config();
    QCOMPARE(QString::fromStdString(config.displayName), QStringLiteral("My vLLM"));
    QCOMPARE(QString::fromStdString(config.baseUrl), QStringLiteral("http://gpu-box:8000/v1"));   // trailing '/' dropped
    QCOMPARE(QString::fromStdString(config.apiKeyEnv), QStringLiteral("MY_VLLM_KEY"));
    QCOMPARE(config.idleReadTimeoutMs, 120000);
    QCOMPARE(QString::fromStdString(config.presetId), QString());
    // The key is handed over separately and appears in no field of the config.
    QCOMPARE(dialog.enteredKey().value_or(QString()), kKey);
    QStringList fields{QString::fromStdString(config.id), QString::fromStdString(config.displayName),
                       QString::fromStdString(config.baseUrl), QString::fromStdString(config.apiKeyEnv),
                       QString::fromStdString(config.presetId)};
    for (const auto& [name, value] : config.extraHeaders) fields << QString::fromStdString(name + value);
    for (const QString& field : fields) QVERIFY2(!field.contains(kKey), qPrintable(QStringLiteral("key found in ") + field));

    // Through the registry, the stored row has no key either.
    KeychainStore keychain(KeychainBackend::InMemory);
    ProviderRegistry registry(&keychain);
    const QString id = registry.addProvider(config, *dialog.enteredKey());
    QCOMPARE(id, QStringLiteral("my-vllm"));
    QCOMPARE(registry.maskedKey(id), QStringLiteral("••••abcd"));
}

void TestProviderDialog::keyIsOnlyShownMasked()
{
    qputenv("TRIAD_TEST_DIALOG_KEY", "env-secret-5566778899-ZZ99");
    ProviderDialog dialog(nullptr);
    dialog.selectPreset(QStringLiteral("fireworks"));
    child<QLineEdit>(dialog, "apiKeyEnv")->setText(QStringLiteral("TRIAD_TEST_DIALOG_KEY"));
    typeKey(dialog, kKey);

    const QStringList texts = visibleTexts(dialog);
    const QString all = texts.join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(kKey), qPrintable(all));
    QVERIFY2(!all.contains(QLatin1String("00112233445566778899")), qPrintable(all));
    QVERIFY2(!all.contains(QLatin1String("env-secret-5566778899")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("••••abcd")), qPrintable(QStringLiteral("expected the typed key as ••••abcd in:\n") + all));
    QVERIFY2(all.contains(QStringLiteral("••••ZZ99")), qPrintable(QStringLiteral("expected the env key as ••••ZZ99 in:\n") + all));
    QCOMPARE(child<QLineEdit>(dialog, "apiKey")->echoMode(), QLineEdit::Password);
}

void TestProviderDialog::editModeKeepsKeyUnlessTyped()
{
    const auto* preset = providers::ProviderPresets::find("together");
    QVERIFY(preset);
    providers::ProviderConfig stored = providers::ProviderPresets::makeConfig(*preset, "together-2");
    stored.displayName = "Together (team)";
    stored.connectTimeoutMs = 4500;

    ProviderDialog dialog(nullptr);
    dialog.setConfig(stored, QStringLiteral("••••wxyz"));
    auto* keyField = child<QLineEdit>(dialog, "apiKey");
    QVERIFY(keyField->text().isEmpty());
    QVERIFY2(keyField->placeholderText().contains(QStringLiteral("••••wxyz")), qPrintable(keyField->placeholderText()));
    QVERIFY(!dialog.enteredKey().has_value());

    const providers::ProviderConfig edited = dialog.config();
    QCOMPARE(QString::fromStdString(edited.id), QStringLiteral("together-2"));
    QCOMPARE(QString::fromStdString(edited.displayName), QStringLiteral("Together (team)"));
    QCOMPARE(edited.connectTimeoutMs, 4500);
    QCOMPARE(QString::fromStdString(edited.presetId), QStringLiteral("together"));

    // Typing and then clearing the field means "remove the stored key".
    typeKey(dialog, QStringLiteral("x"));
    keyField->selectAll();
    QTest::keyClick(keyField, Qt::Key_Backspace);
    QCOMPARE(dialog.enteredKey(), std::optional<QString>(QString()));
    QVERIFY(child<QLabel>(dialog, "keyHint")->text().contains(QLatin1String("removed")));
}

void TestProviderDialog::saveNeedsNameAndUrl()
{
    ProviderDialog dialog(nullptr);
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QPushButton* save = buttons->button(QDialogButtonBox::Ok);
    dialog.selectPreset(QStringLiteral("openai"));
    QVERIFY(save->isEnabled());
    child<QLineEdit>(dialog, "baseUrl")->clear();
    QVERIFY(!save->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, "testConnection")->isEnabled());
    child<QLineEdit>(dialog, "baseUrl")->setText(QStringLiteral("https://api.openai.com/v1"));
    child<QLineEdit>(dialog, "name")->clear();
    QVERIFY(!save->isEnabled());
}

void TestProviderDialog::testConnectionListsModels()
{
    testsupport::ScriptedServer server;
    QVERIFY(server.start());
    server.setModels({"model-b", "model-a"});

    ProviderDialog dialog(nullptr);
    dialog.selectPreset(QString());
    child<QLineEdit>(dialog, "name")->setText(QStringLiteral("Scripted"));
    child<QLineEdit>(dialog, "baseUrl")->setText(QString::fromStdString(server.baseUrl()));
    typeKey(dialog, kKey);
    QSignalSpy tested(&dialog, &ProviderDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(dialog, "testConnection"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 10000);

    const ConnectionTestResult result = dialog.lastTestResult();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.models, (QStringList{QStringLiteral("model-a"), QStringLiteral("model-b")}));
    QVERIFY(result.latencyMs > 0.0);
    const QString status = child<QLabel>(dialog, "testStatus")->text();
    QVERIFY2(status.contains(QLatin1String(" ms")) && status.contains(QLatin1String("2 models")), qPrintable(status));
    QCOMPARE(child<QListWidget>(dialog, "testModels")->count(), 2);

    // The typed key was sent to the server as a bearer token.
    const auto requests = server.requests();
    QVERIFY(!requests.empty());
    QCOMPARE(QString::fromStdString(requests.back().header("Authorization").value_or("")),
             QStringLiteral("Bearer ") + kKey);
}

void TestProviderDialog::testConnectionReportsRejectedKey()
{
    testsupport::ScriptedServer server;
    QVERIFY(server.start());
    server.setDefault("/v1/models", testsupport::ScriptedServer::errorResponse(401, "Incorrect API key provided"));

    ProviderDialog dialog(nullptr);
    dialog.selectPreset(QString());
    child<QLineEdit>(dialog, "name")->setText(QStringLiteral("Scripted"));
    child<QLineEdit>(dialog, "baseUrl")->setText(QString::fromStdString(server.baseUrl()));
    child<QSpinBox>(dialog, "maxRetries")->setValue(0);
    typeKey(dialog, kKey);
    QSignalSpy tested(&dialog, &ProviderDialog::connectionTested);
    dialog.testConnection();
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 10000);

    const ConnectionTestResult result = dialog.lastTestResult();
    QVERIFY(!result.ok);
    const QString status = child<QLabel>(dialog, "testStatus")->text();
    QVERIFY2(status.startsWith(QLatin1String("Failed")), qPrintable(status));
    QVERIFY2(status.contains(QLatin1String("key"), Qt::CaseInsensitive), qPrintable(status));
    QVERIFY2(!status.contains(kKey), qPrintable(status));
    QVERIFY(child<QListWidget>(dialog, "testModels")->isHidden());
}

void TestProviderDialog::testConnectionReportsUnreachableServer()
{
    // A port nothing listens on: the connection is refused at once.
    testsupport::ScriptedServer probe;
    QVERIFY(probe.start());
    const std::string deadUrl = probe.baseUrl();
    probe.stop();

    ProviderDialog dialog(nullptr);
    dialog.selectPreset(QString());
    child<QLineEdit>(dialog, "name")->setText(QStringLiteral("Gone"));
    child<QLineEdit>(dialog, "baseUrl")->setText(QString::fromStdString(deadUrl));
    child<QSpinBox>(dialog, "maxRetries")->setValue(0);
    QSignalSpy tested(&dialog, &ProviderDialog::connectionTested);
    dialog.testConnection();
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 15000);
    const ConnectionTestResult result = dialog.lastTestResult();
    QVERIFY(!result.ok);
    QVERIFY2(!result.error.isEmpty(), "expected the reason in plain words");
}

QTEST_MAIN(TestProviderDialog)
#include "tst_provider_dialog.moc"
