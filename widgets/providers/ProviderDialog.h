#pragma once
// Add or edit one provider: preset, name, base URL, API kind, key (kept in the keychain and
// shown only as "••••abcd"), environment variable, and "Test connection" (latency + models).
//
// The dialog only collects settings; the caller applies them:
//   ProviderDialog dialog(registry, this);
//   if (dialog.exec() == QDialog::Accepted)
//       registry->addProvider(dialog.config(), dialog.enteredKey().value_or(QString()));

#include <optional>

#include <QDialog>
#include <QString>

#include "core/providers/ProviderConfig.h"
#include "widgets/providers/ProviderRegistry.h"

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace triad::widgets {

class ProviderDialog : public QDialog {
    Q_OBJECT
public:
    /** Add mode. `registry` (may be null) is used for unique ids and the keychain state. */
    explicit ProviderDialog(ProviderRegistry* registry, QWidget* parent = nullptr);

    /** Edit mode: fills the form from `config`; the key field shows `maskedKey` as a hint. */
    void setConfig(const providers::ProviderConfig& config, const QString& maskedKey);

    /** Selects a preset by id ("openai", "ollama", …; "" = custom) and fills its defaults. */
    void selectPreset(const QString& presetId);
    QString selectedPresetId() const;

    /** The settings as entered; never holds the key. */
    providers::ProviderConfig config() const;
    /** The key typed in this dialog, or nullopt when the field was left untouched. */
    std::optional<QString> enteredKey() const;

    /** Runs "Test connection" as if the button was pressed. */
    void testConnection();
    /** The last test's result (ok=false, empty error while none ran). */
    ConnectionTestResult lastTestResult() const { return m_lastTest; }

signals:
    void connectionTested(const triad::widgets::ConnectionTestResult& result);

private:
    void buildUi();
    void onPresetChanged(int index);
    void onKeyEdited(const QString& text);
    void updateKeyHint();
    void updateAcceptButton();
    void showTestResult(const ConnectionTestResult& result);

    ProviderRegistry* m_registry = nullptr;
    QString m_editingId;            ///< "" in add mode
    QString m_existingMaskedKey;
    bool m_keyEdited = false;
    ConnectionTestResult m_lastTest;
    int m_testGeneration = 0;       ///< drops answers of superseded tests

    QComboBox* m_preset = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QComboBox* m_apiKind = nullptr;
    QLineEdit* m_key = nullptr;
    QLabel* m_keyHint = nullptr;
    QLineEdit* m_keyEnv = nullptr;
    QSpinBox* m_connectTimeout = nullptr;
    QSpinBox* m_readTimeout = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_testStatus = nullptr;
    QListWidget* m_testModels = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace triad::widgets
