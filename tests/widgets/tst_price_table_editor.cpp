// PriceTableEditor: defaults are listed with their date, edits become overrides saved in the
// workspace settings, bad input is refused with a message, reset brings the default back.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/metrics/PriceTable.h"
#include "core/store/SettingsRepository.h"
#include "core/store/Workspace.h"
#include "widgets/settings/PriceTableEditor.h"

using namespace triad;
using triad::widgets::PriceTableEditor;

namespace {

int rowOf(QTableWidget* table, const QString& provider, const QString& model)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == provider && table->item(r, 1)->text() == model) return r;
    return -1;
}

} // namespace

class TestPriceTableEditor : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void listsDefaultsWithDate();
    void editBecomesSavedOverride();
    void invalidPriceIsRefused();
    void resetRestoresDefault();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::Workspace> m_workspace;
    metrics::ModelPrice m_sample;   ///< first default price
};

void TestPriceTableEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_workspace = store::Workspace::open(m_dir->filePath(QStringLiteral("p.triad")).toStdString());
    QVERIFY(!metrics::PriceTable::defaultPrices().empty());
    m_sample = metrics::PriceTable::defaultPrices().front();
}

void TestPriceTableEditor::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

void TestPriceTableEditor::listsDefaultsWithDate()
{
    PriceTableEditor editor(&m_workspace->settings());
    auto* table = editor.findChild<QTableWidget*>(QStringLiteral("prices"));
    QCOMPARE(table->rowCount(), int(metrics::PriceTable::withDefaults().effectivePrices().size()));
    const int row = rowOf(table, QString::fromStdString(m_sample.provider), QString::fromStdString(m_sample.model));
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, 4)->text(), QString::fromStdString(m_sample.asOf));
    QCOMPARE(table->item(row, 5)->text(), QStringLiteral("default"));
    const QString note = editor.findChild<QLabel*>(QStringLiteral("note"))->text();
    QVERIFY2(note.contains(QLatin1String(metrics::PriceTable::defaultsDate())), qPrintable(note));
}

void TestPriceTableEditor::editBecomesSavedOverride()
{
    PriceTableEditor editor(&m_workspace->settings());
    QSignalSpy changed(&editor, &PriceTableEditor::pricesChanged);
    auto* table = editor.findChild<QTableWidget*>(QStringLiteral("prices"));
    const QString provider = QString::fromStdString(m_sample.provider);
    const QString model = QString::fromStdString(m_sample.model);
    int row = rowOf(table, provider, model);
    table->item(row, 2)->setText(QStringLiteral("1.25"));
    QCOMPARE(changed.count(), 1);

    const auto price = editor.prices().lookup(m_sample.provider, m_sample.model);
    QVERIFY(price.has_value());
    QCOMPARE(price->inputUsdPerMTok, 1.25);
    QCOMPARE(price->outputUsdPerMTok, m_sample.outputUsdPerMTok);

    const auto saved = m_workspace->settings().get(store::SettingsRepository::kPriceOverrides);
    QVERIFY2(saved.has_value(), "expected the override in the workspace settings");
    metrics::PriceTable reloaded = metrics::PriceTable::withDefaults();
    std::string error;
    QVERIFY2(reloaded.loadOverridesFromJson(*saved, &error), error.c_str());
    QCOMPARE(reloaded.lookup(m_sample.provider, m_sample.model)->inputUsdPerMTok, 1.25);

    // A new editor on the same workspace shows it as the person's own price.
    PriceTableEditor second(&m_workspace->settings());
    auto* secondTable = second.findChild<QTableWidget*>(QStringLiteral("prices"));
    row = rowOf(secondTable, provider, model);
    QCOMPARE(secondTable->item(row, 2)->text(), QStringLiteral("1.25"));
    QCOMPARE(secondTable->item(row, 5)->text(), QStringLiteral("yours"));
}

void TestPriceTableEditor::invalidPriceIsRefused()
{
    PriceTableEditor editor(&m_workspace->settings());
    QSignalSpy changed(&editor, &PriceTableEditor::pricesChanged);
    auto* table = editor.findChild<QTableWidget*>(QStringLiteral("prices"));
    const int row = rowOf(table, QString::fromStdString(m_sample.provider), QString::fromStdString(m_sample.model));
    const QString before = table->item(row, 3)->text();
    table->item(row, 3)->setText(QStringLiteral("cheap"));
    QCOMPARE(changed.count(), 0);
    const QString note = editor.findChild<QLabel*>(QStringLiteral("note"))->text();
    QVERIFY2(note.contains(QStringLiteral("“cheap” is not a price")), qPrintable(note));
    QTRY_COMPARE(table->item(row, 3)->text(), before);
    QVERIFY(!m_workspace->settings().get(store::SettingsRepository::kPriceOverrides).has_value());
}

void TestPriceTableEditor::resetRestoresDefault()
{
    PriceTableEditor editor(&m_workspace->settings());
    auto* table = editor.findChild<QTableWidget*>(QStringLiteral("prices"));
    const QString provider = QString::fromStdString(m_sample.provider);
    const QString model = QString::fromStdString(m_sample.model);
    table->item(rowOf(table, provider, model), 3)->setText(QStringLiteral("99"));
    QTRY_COMPARE(table->item(rowOf(table, provider, model), 5)->text(), QStringLiteral("yours"));

    table->selectRow(rowOf(table, provider, model));
    QTest::mouseClick(editor.findChild<QPushButton*>(QStringLiteral("resetPrice")), Qt::LeftButton);
    QCOMPARE(editor.prices().lookup(m_sample.provider, m_sample.model)->outputUsdPerMTok, m_sample.outputUsdPerMTok);
    QCOMPARE(table->item(rowOf(table, provider, model), 5)->text(), QStringLiteral("default"));
    metrics::PriceTable reloaded = metrics::PriceTable::withDefaults();
    std::string error;
    QVERIFY(reloaded.loadOverridesFromJson(
        m_workspace->settings().value(store::SettingsRepository::kPriceOverrides, nlohmann::json::object()), &error));
    QVERIFY(reloaded.overrides().empty());
}

QTEST_MAIN(TestPriceTableEditor)
#include "tst_price_table_editor.moc"
