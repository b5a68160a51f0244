#include "widgets/settings/PriceTableEditor.h"

#include <QDate>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/store/SettingsRepository.h"
#include "core/store/StoreError.h"

namespace triad::widgets {

namespace {

enum Column {
    ProviderColumn = 0,
    ModelColumn,
    InputColumn,
    OutputColumn,
    AsOfColumn,
    SourceColumn,
    ColumnCount,
};

constexpr int kKeyRole = Qt::UserRole + 1;   ///< "provider\nmodel" the row was saved under

QString q(const std::string& s) { return QString::fromStdString(s); }

QString rowKey(const QString& provider, const QString& model) { return provider + QLatin1Char('\n') + model; }

QString formatPrice(double usd)
{
    // Prices go down to fractions of a cent per 1M tokens; keep up to 4 decimals, at least 2.
    QString text = QString::number(usd, 'f', 4);
    while (text.endsWith(QLatin1Char('0')) && text.indexOf(QLatin1Char('.')) < text.size() - 3) text.chop(1);
    return text;
}

// Accepts "0.15", "0,15", "$0.15"; nullopt for anything that is not a non-negative number.
std::optional<double> parsePrice(QString text)
{
    text = text.trimmed();
    if (text.startsWith(QLatin1Char('$'))) text.remove(0, 1);
    bool ok = false;
    double value = QLocale().toDouble(text, &ok);
    if (!ok) value = QLocale::c().toDouble(QString(text).replace(QLatin1Char(','), QLatin1Char('.')), &ok);
    if (!ok || value < 0) return std::nullopt;
    return value;
}

} // namespace

PriceTableEditor::PriceTableEditor(store::SettingsRepository* settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
{
    buildUi();
    reload();
}

QString PriceTableEditor::settingsKey()
{
    return QString::fromLatin1(store::SettingsRepository::kPriceOverrides);
}

void PriceTableEditor::buildUi()
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by provider or model…"));
    m_filter->setClearButtonEnabled(true);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("prices"));
    m_table->setHorizontalHeaderLabels({tr("Provider"), tr("Model"), tr("Input $/1M tok"), tr("Output $/1M tok"),
                                        tr("As of"), tr("Source")});
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSortingEnabled(false);
    m_table->setAlternatingRowColors(true);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);

    m_addButton = new QPushButton(tr("Add price"), this);
    m_addButton->setObjectName(QStringLiteral("addPrice"));
    m_addButton->setToolTip(tr("Add a price for a model that has none (a fine-tune, a custom endpoint)."));
    m_resetButton = new QPushButton(tr("Reset to default"), this);
    m_resetButton->setObjectName(QStringLiteral("resetPrice"));
    m_resetButton->setToolTip(tr("Forget your prices for the selected rows and use the built-in ones."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_filter, 1);
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_resetButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);

    connect(m_filter, &QLineEdit::textChanged, this, &PriceTableEditor::applyFilter);
    connect(m_table, &QTableWidget::cellChanged, this, &PriceTableEditor::onCellChanged);
    connect(m_addButton, &QPushButton::clicked, this, &PriceTableEditor::addRow);
    connect(m_resetButton, &QPushButton::clicked, this, &PriceTableEditor::resetSelected);
}

void PriceTableEditor::reload()
{
    m_prices = metrics::PriceTable::withDefaults();
    QString problem;
    if (m_settings) {
        try {
            if (const auto saved = m_settings->get(store::SettingsRepository::kPriceOverrides)) {
                std::string error;
                if (!m_prices.loadOverridesFromJson(*saved, &error))
                    problem = tr("Your saved prices could not be read (%1); the defaults are shown.").arg(q(error));
            }
        } catch (const store::StoreError& e) {
            problem = tr("Your saved prices could not be read: %1").arg(q(e.what()));
        }
    }
    populate();
    m_note->setText(problem.isEmpty() ? defaultNote() : problem);
}

void PriceTableEditor::populate()
{
    m_populating = true;
    QSet<QString> overridden;
    for (const metrics::ModelPrice& p : m_prices.overrides()) overridden.insert(rowKey(q(p.provider), q(p.model)));

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const std::vector<metrics::ModelPrice> rows = m_prices.effectivePrices();
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const metrics::ModelPrice& price = rows[size_t(r)];
        const QString key = rowKey(q(price.provider), q(price.model));
        const bool isOverride = overridden.contains(key);
        auto makeItem = [&](const QString& text, bool editable) {
            auto* item = new QTableWidgetItem(text);
            item->setData(kKeyRole, key);
            if (!editable) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            return item;
        };
        m_table->setItem(r, ProviderColumn, makeItem(q(price.provider), false));
        m_table->setItem(r, ModelColumn, makeItem(q(price.model), false));
        for (int column : {InputColumn, OutputColumn}) {
            const double usd = column == InputColumn ? price.inputUsdPerMTok : price.outputUsdPerMTok;
            QTableWidgetItem* item = makeItem(formatPrice(usd), true);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setFont(fixed);
            m_table->setItem(r, column, item);
        }
        m_table->setItem(r, AsOfColumn, makeItem(q(price.asOf), false));
        QTableWidgetItem* source = makeItem(isOverride ? tr("yours") : tr("default"), false);
        if (isOverride) {
            QFont bold = source->font();
            bold.setBold(true);
            source->setFont(bold);
        }
        m_table->setItem(r, SourceColumn, source);
    }
    m_table->resizeColumnToContents(ProviderColumn);
    m_populating = false;
    applyFilter(m_filter->text());
}

QString PriceTableEditor::defaultNote() const
{
    return tr("Prices in USD per million tokens. Defaults were taken from the providers' pricing "
              "pages on %1 and may be out of date; edit a price to use yours. Your prices are "
              "saved in this workspace.")
        .arg(QString::fromLatin1(metrics::PriceTable::defaultsDate()));
}

void PriceTableEditor::populateLater()
{
    // Rebuilding the table inside its own cellChanged signal would delete the item being
    // committed; do it once control is back in the event loop.
    QMetaObject::invokeMethod(this, &PriceTableEditor::populate, Qt::QueuedConnection);
}

void PriceTableEditor::onCellChanged(int row, int column)
{
    if (m_populating) return;
    QTableWidgetItem* providerItem = m_table->item(row, ProviderColumn);
    QTableWidgetItem* modelItem = m_table->item(row, ModelColumn);
    if (!providerItem || !modelItem) return;
    const QString provider = providerItem->text().trimmed();
    const QString model = modelItem->text().trimmed();

    if (column == InputColumn || column == OutputColumn) {
        if (!parsePrice(m_table->item(row, column)->text())) {
            m_note->setText(tr("“%1” is not a price: enter US dollars per million tokens, e.g. 0.15.")
                                .arg(m_table->item(row, column)->text()));
            populateLater();   // put back the last valid value
            return;
        }
    }
    const auto input = parsePrice(m_table->item(row, InputColumn) ? m_table->item(row, InputColumn)->text() : QString());
    const auto output = parsePrice(m_table->item(row, OutputColumn) ? m_table->item(row, OutputColumn)->text() : QString());
    if (provider.isEmpty() || model.isEmpty() || !input || !output) return;   // a new row being filled in

    // A new row may have been renamed while typing: drop what it was saved under before.
    const QString previous = providerItem->data(kKeyRole).toString();
    if (!previous.isEmpty() && previous != rowKey(provider, model)) {
        const QStringList parts = previous.split(QLatin1Char('\n'));
        if (parts.size() == 2) m_prices.removeOverride(parts[0].toStdString(), parts[1].toStdString());
    }
    metrics::ModelPrice price;
    price.provider = provider.toStdString();
    price.model = model.toStdString();
    price.inputUsdPerMTok = *input;
    price.outputUsdPerMTok = *output;
    price.asOf = QDate::currentDate().toString(Qt::ISODate).toStdString();
    m_prices.setOverride(price);
    m_note->setText(defaultNote());
    saveOverrides();
    populateLater();
}

void PriceTableEditor::addRow()
{
    m_populating = true;
    m_table->insertRow(0);
    const QStringList defaults{QStringLiteral("custom"), QString(), QStringLiteral("0"), QStringLiteral("0"),
                               QDate::currentDate().toString(Qt::ISODate), tr("yours")};
    for (int column = 0; column < ColumnCount; ++column) {
        auto* item = new QTableWidgetItem(defaults[column]);
        if (column == AsOfColumn || column == SourceColumn) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
        if (column == InputColumn || column == OutputColumn) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(0, column, item);
    }
    m_populating = false;
    m_filter->clear();
    m_table->setCurrentCell(0, ModelColumn);
    m_table->editItem(m_table->item(0, ModelColumn));
    m_note->setText(tr("Enter the provider id (as in the provider list) and the model id exactly as sent to the API."));
}

void PriceTableEditor::resetSelected()
{
    bool changed = false;
    QSet<int> rows;
    for (const QTableWidgetItem* item : m_table->selectedItems()) rows.insert(item->row());
    for (int row : rows) {
        const QTableWidgetItem* provider = m_table->item(row, ProviderColumn);
        const QTableWidgetItem* model = m_table->item(row, ModelColumn);
        if (provider && model)
            changed |= m_prices.removeOverride(provider->text().toStdString(), model->text().toStdString());
    }
    if (changed) saveOverrides();
    populate();
}

void PriceTableEditor::saveOverrides()
{
    if (m_settings) {
        try {
            m_settings->set(store::SettingsRepository::kPriceOverrides, m_prices.overridesToJson());
        } catch (const store::StoreError& e) {
            m_note->setText(tr("Your prices could not be saved: %1").arg(q(e.what())));
        }
    }
    emit pricesChanged();
}

void PriceTableEditor::applyFilter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = needle.isEmpty();
        for (int column : {ProviderColumn, ModelColumn})
            if (!match && m_table->item(row, column)) match = m_table->item(row, column)->text().contains(needle, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

} // namespace triad::widgets
