#pragma once
// Per-model prices (USD per 1M input / output tokens) that turn token counts into cost.
// Shows the built-in defaults with the date they were taken; edited rows become overrides
// saved through the workspace's SettingsRepository (SettingsRepository::kPriceOverrides) and can be
// reset to the default.

#include <QWidget>

#include "core/metrics/PriceTable.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace triad::store {
class SettingsRepository;
}

namespace triad::widgets {

class PriceTableEditor : public QWidget {
    Q_OBJECT
public:
    /** `settings` may be null (edits then last for this session only). */
    explicit PriceTableEditor(store::SettingsRepository* settings, QWidget* parent = nullptr);

    /** The settings key the overrides are stored under. */
    static QString settingsKey();

    /** Reloads defaults and overrides (after the workspace changed). */
    void reload();

    /** The effective prices as edited (defaults plus overrides). */
    const metrics::PriceTable& prices() const { return m_prices; }

signals:
    /** The effective prices changed; open views should recompute costs. */
    void pricesChanged();

private:
    void buildUi();
    void populate();
    void populateLater();
    QString defaultNote() const;
    void onCellChanged(int row, int column);
    void addRow();
    void resetSelected();
    void saveOverrides();
    void applyFilter(const QString& text);

    store::SettingsRepository* m_settings = nullptr;
    metrics::PriceTable m_prices;
    QLineEdit* m_filter = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_resetButton = nullptr;
    bool m_populating = false;
};

} // namespace triad::widgets
