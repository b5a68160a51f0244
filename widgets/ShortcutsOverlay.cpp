#include "widgets/ShortcutsOverlay.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace triad::widgets {

ShortcutsOverlay::ShortcutsOverlay(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    resize(460, 420);
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, 2, this);
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setShowGrid(false);
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void ShortcutsOverlay::setShortcuts(const QList<QAction*>& actions, const QList<Entry>& extra)
{
    QList<Entry> rows;
    for (QAction* a : actions)
        if (!a->shortcut().isEmpty())
            {
            QStringList keys;
            for (const QKeySequence& k : a->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            rows << Entry{a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")), keys.join(tr(" or "))};
        }
    rows << extra;
    m_table->setRowCount(static_cast<int>(rows.size()));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int i = 0; i < rows.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        auto* keys = new QTableWidgetItem(rows[i].second);
        keys->setFont(mono);
        m_table->setItem(i, 1, keys);
    }
}

int ShortcutsOverlay::rowCount() const
{
    return m_table->rowCount();
}

} // namespace triad::widgets
