#include "widgets/providers/ProviderDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/providers/ApiKeySource.h"
#include "core/providers/ProviderPresets.h"

namespace triad::widgets {

using providers::ApiKind;
using providers::ProviderConfig;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// The numeric connection settings, described once and rendered by one loop.
struct NumberSetting {
    const char* objectName;
    const char* label;     ///< translated through ProviderDialog::tr
    const char* toolTip;
    int minimum;
    int maximum;
    int step;
    const char* suffix;
    int ProviderConfig::*field;
};

const NumberSetting kNumberSettings[] = {
    {"connectTimeout", QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog", "Connect timeout:"),
     QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog", "How long to wait for the connection to the server."),
     500, 120000, 500, " ms", &ProviderConfig::connectTimeoutMs},
    {"readTimeout", QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog", "Idle read timeout:"),
     QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog",
                       "How long a stream may stay silent before the request fails. Local models may need more."),
     1000, 600000, 1000, " ms", &ProviderConfig::idleReadTimeoutMs},
    {"maxRetries", QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog", "Retries:"),
     QT_TRANSLATE_NOOP("triad::widgets::ProviderDialog",
                       "Retries for rate limits, server errors and failed connections, only before any text arrived."),
     0, 10, 1, "", &ProviderConfig::maxRetries},
};

} // namespace

ProviderDialog::ProviderDialog(ProviderRegistry* registry, QWidget* parent)
    : QDialog(parent)
    , m_registry(registry)
{
    setWindowTitle(tr("Add provider"));
    buildUi();
    selectPreset(QStringLiteral("openai"));
}

void ProviderDialog::buildUi()
{
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("preset"));
    for (const providers::ProviderPreset& preset : providers::ProviderPresets::all()) {
        const QString label = preset.id == "custom" ? tr("Custom (any OpenAI-compatible URL)") : q(preset.displayName);
        m_preset->addItem(label, q(preset.id));
    }
    form->addRow(tr("&Preset:"), m_preset);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    form->addRow(tr("&Name:"), m_name);

    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.example.com/v1"));
    form->addRow(tr("&Base URL:"), m_baseUrl);

    m_apiKind = new QComboBox(this);
    m_apiKind->setObjectName(QStringLiteral("apiKind"));
    m_apiKind->addItem(tr("OpenAI-compatible (chat completions)"), int(ApiKind::OpenAiCompatible));
    m_apiKind->addItem(tr("Anthropic (messages)"), int(ApiKind::Anthropic));
    form->addRow(tr("&API:"), m_apiKind);

    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    form->addRow(tr("API &key:"), m_key);
    m_keyHint = new QLabel(this);
    m_keyHint->setObjectName(QStringLiteral("keyHint"));
    m_keyHint->setWordWrap(true);
    m_keyHint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_keyHint);

    m_keyEnv = new QLineEdit(this);
    m_keyEnv->setObjectName(QStringLiteral("apiKeyEnv"));
    m_keyEnv->setPlaceholderText(QStringLiteral("PROVIDER_API_KEY"));
    m_keyEnv->setToolTip(tr("Environment variable read when no key is stored in the keychain."));
    form->addRow(tr("Key &variable:"), m_keyEnv);

    auto* advanced = new QGroupBox(tr("Connection"), this);
    auto* advancedForm = new QFormLayout(advanced);
    for (const NumberSetting& setting : kNumberSettings) {
        auto* spin = new QSpinBox(advanced);
        spin->setObjectName(QLatin1String(setting.objectName));
        spin->setRange(setting.minimum, setting.maximum);
        spin->setSingleStep(setting.step);
        spin->setSuffix(QLatin1String(setting.suffix));
        spin->setToolTip(tr(setting.toolTip));
        spin->setAlignment(Qt::AlignRight);
        advancedForm->addRow(tr(setting.label), spin);
        if (setting.field == &ProviderConfig::connectTimeoutMs) m_connectTimeout = spin;
        else if (setting.field == &ProviderConfig::idleReadTimeoutMs) m_readTimeout = spin;
    }

    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setToolTip(tr("Lists the models with these settings and measures how long it takes."));
    m_testStatus = new QLabel(this);
    m_testStatus->setObjectName(QStringLiteral("testStatus"));
    m_testStatus->setWordWrap(true);
    m_testStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testModels = new QListWidget(this);
    m_testModels->setObjectName(QStringLiteral("testModels"));
    m_testModels->setMaximumHeight(120);
    m_testModels->hide();
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testStatus, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(advanced);
    layout->addLayout(testRow);
    layout->addWidget(m_testModels);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &ProviderDialog::onPresetChanged);
    connect(m_key, &QLineEdit::textEdited, this, &ProviderDialog::onKeyEdited);
    connect(m_keyEnv, &QLineEdit::textChanged, this, &ProviderDialog::updateKeyHint);
    connect(m_name, &QLineEdit::textChanged, this, &ProviderDialog::updateAcceptButton);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &ProviderDialog::updateAcceptButton);
    connect(m_testButton, &QPushButton::clicked, this, &ProviderDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ProviderDialog::selectPreset(const QString& presetId)
{
    const int index = m_preset->findData(presetId.isEmpty() ? QStringLiteral("custom") : presetId);
    if (index < 0) return;
    if (m_preset->currentIndex() == index) onPresetChanged(index);
    else m_preset->setCurrentIndex(index);
}

QString ProviderDialog::selectedPresetId() const
{
    const QString id = m_preset->currentData().toString();
    return id == QLatin1String("custom") ? QString() : id;
}

void ProviderDialog::onPresetChanged(int index)
{
    const providers::ProviderPreset* preset = providers::ProviderPresets::find(m_preset->itemData(index).toString().toStdString());
    if (!preset) return;
    const ProviderConfig defaults = providers::ProviderPresets::makeConfig(*preset);
    if (preset->id == "custom") {
        m_name->setText(m_editingId.isEmpty() ? QString() : m_name->text());
        m_name->setPlaceholderText(tr("e.g. My vLLM server"));
    } else {
        m_name->setText(q(preset->displayName));
    }
    m_baseUrl->setText(q(defaults.baseUrl));
    m_apiKind->setCurrentIndex(m_apiKind->findData(int(defaults.kind)));
    m_keyEnv->setText(q(defaults.apiKeyEnv));
    for (const NumberSetting& setting : kNumberSettings)
        if (auto* spin = findChild<QSpinBox*>(QLatin1String(setting.objectName))) spin->setValue(defaults.*setting.field);
    // Local servers answer slowly at first (model loading): give them a longer idle timeout.
    if (preset->local) m_readTimeout->setValue(std::max(m_readTimeout->value(), 300000));
    updateKeyHint();
    updateAcceptButton();
}

void ProviderDialog::setConfig(const ProviderConfig& config, const QString& maskedKey)
{
    setWindowTitle(tr("Edit provider"));
    m_editingId = q(config.id);
    m_existingMaskedKey = maskedKey;
    const QSignalBlocker block(m_preset);
    const int presetIndex = m_preset->findData(config.presetId.empty() ? QStringLiteral("custom") : q(config.presetId));
    m_preset->setCurrentIndex(std::max(0, presetIndex));
    m_name->setText(q(config.displayName));
    m_baseUrl->setText(q(config.baseUrl));
    m_apiKind->setCurrentIndex(std::max(0, m_apiKind->findData(int(config.kind))));
    m_keyEnv->setText(q(config.apiKeyEnv));
    for (const NumberSetting& setting : kNumberSettings)
        if (auto* spin = findChild<QSpinBox*>(QLatin1String(setting.objectName))) spin->setValue(config.*setting.field);
    m_key->clear();
    m_keyEdited = false;
    updateKeyHint();
    updateAcceptButton();
}

ProviderConfig ProviderDialog::config() const
{
    ProviderConfig config;
    const QString presetId = selectedPresetId();
    if (const auto* preset = providers::ProviderPresets::find(presetId.toStdString())) config = providers::ProviderPresets::makeConfig(*preset);
    config.id = m_editingId.isEmpty() ? presetId.toStdString() : m_editingId.toStdString();
    config.presetId = presetId.toStdString();
    config.displayName = m_name->text().trimmed().toStdString();
    config.baseUrl = m_baseUrl->text().trimmed().toStdString();
    while (!config.baseUrl.empty() && config.baseUrl.back() == '/') config.baseUrl.pop_back();
    config.kind = ApiKind(m_apiKind->currentData().toInt());
    config.apiKeyEnv = m_keyEnv->text().trimmed().toStdString();
    for (const NumberSetting& setting : kNumberSettings)
        if (auto* spin = findChild<QSpinBox*>(QLatin1String(setting.objectName))) config.*setting.field = spin->value();
    return config;
}

std::optional<QString> ProviderDialog::enteredKey() const
{
    if (!m_keyEdited) return std::nullopt;
    return m_key->text().trimmed();
}

void ProviderDialog::onKeyEdited(const QString&)
{
    m_keyEdited = true;
    updateKeyHint();
}

void ProviderDialog::updateKeyHint()
{
    const QString typed = m_key->text().trimmed();
    const bool keychain = m_registry && m_registry->keychainAvailable();
    const QString env = m_keyEnv->text().trimmed();
    const auto* preset = providers::ProviderPresets::find(selectedPresetId().toStdString());
    const bool local = preset && preset->local;

    m_key->setPlaceholderText(m_existingMaskedKey.isEmpty()
                                  ? (local ? tr("Not needed for most local servers") : tr("Paste the key"))
                                  : tr("Stored: %1 (type to replace)").arg(m_existingMaskedKey));
    QStringList lines;
    if (m_keyEdited && !typed.isEmpty())
        lines << tr("New key: %1").arg(q(providers::maskKey(typed.toStdString())));
    else if (m_keyEdited && typed.isEmpty() && !m_existingMaskedKey.isEmpty())
        lines << tr("The stored key will be removed.");
    lines << (keychain ? tr("Keys are kept in the system keychain, never in the workspace.")
                       : tr("No system keychain is available: a typed key is used for this session only."));
    if (!env.isEmpty()) {
        const auto fromEnv = providers::ApiKeySource::fromEnvironment(env.toStdString());
        lines << (fromEnv ? tr("%1 is set (%2) and is used when no key is stored.").arg(env, q(providers::maskKey(*fromEnv)))
                          : tr("%1 is not set in Triad's environment.").arg(env));
    }
    m_keyHint->setText(lines.join(QLatin1Char('\n')));
}

void ProviderDialog::updateAcceptButton()
{
    const bool complete = !m_name->text().trimmed().isEmpty() && !m_baseUrl->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(complete);
    m_testButton->setEnabled(!m_baseUrl->text().trimmed().isEmpty());
}

void ProviderDialog::testConnection()
{
    const ProviderConfig settings = config();
    if (settings.baseUrl.empty()) {
        showTestResult(ConnectionTestResult{false, 0.0, {}, tr("Enter the base URL first.")});
        return;
    }
    const int generation = ++m_testGeneration;
    m_testButton->setEnabled(false);
    m_testStatus->setText(tr("Connecting to %1…").arg(q(settings.baseUrl)));
    m_testModels->hide();
    auto done = [this, generation](const ConnectionTestResult& result) {
        if (generation != m_testGeneration) return;   // settings changed and a newer test runs
        showTestResult(result);
    };
    const std::optional<QString> typed = enteredKey();
    if (typed && !typed->isEmpty()) ProviderRegistry::testConnection(settings, *typed, this, done);
    else if (m_registry && !typed) m_registry->testConnectionWithStoredKey(settings, this, done);
    else {
        const auto env = providers::ApiKeySource::fromEnvironment(settings);
        ProviderRegistry::testConnection(settings, env ? q(*env) : QString(), this, done);
    }
}

void ProviderDialog::showTestResult(const ConnectionTestResult& result)
{
    m_lastTest = result;
    m_testButton->setEnabled(true);
    const QString latency = QStringLiteral("%1 ms").arg(result.latencyMs, 0, 'f', 0);
    if (result.ok) {
        // Spelled out rather than %n: without an English .qm file, %n would show "model(s)".
        m_testStatus->setText(result.models.size() == 1
                                  ? tr("Connected in %1 · 1 model").arg(latency)
                                  : tr("Connected in %1 · %2 models").arg(latency).arg(result.models.size()));
        m_testModels->clear();
        m_testModels->addItems(result.models);
        m_testModels->setVisible(!result.models.isEmpty());
    } else {
        m_testStatus->setText(result.latencyMs > 0 ? tr("Failed after %1: %2").arg(latency, result.error)
                                                   : tr("Failed: %1").arg(result.error));
        m_testModels->hide();
    }
    emit connectionTested(result);
}

} // namespace triad::widgets
