#pragma once
// The "?" / Ctrl+/ overlay: every keyboard shortcut of the window in one table, read from
// the window's actions (so it never goes stale) plus the few that are not actions.

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QPair>

class QAction;
class QTableWidget;

namespace triad::widgets {

class ShortcutsOverlay : public QDialog {
    Q_OBJECT
public:
    /** What it does, and the keys as shown ("Ctrl+1 … Ctrl+6"). */
    using Entry = QPair<QString, QString>;

    explicit ShortcutsOverlay(QWidget* parent = nullptr);

    /** Lists `actions` that have a shortcut, then `extra` entries. */
    void setShortcuts(const QList<QAction*>& actions, const QList<Entry>& extra);
    int rowCount() const;

private:
    QTableWidget* m_table = nullptr;
};

} // namespace triad::widgets
