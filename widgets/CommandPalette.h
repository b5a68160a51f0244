#pragma once
// Ctrl+K: one line to reach any command, view, session or model by typing a few letters of
// it. Commands come from the window's menus (so the palette never goes stale) plus whatever
// the window adds (open a session, use a model); the list is ranked by common::fuzzyScore.

#include <QDialog>
#include <QList>

#include <functional>

class QLineEdit;
class QTreeWidget;
class QMenuBar;

namespace triad::widgets {

class CommandPalette : public QDialog {
    Q_OBJECT
public:
    struct Command {
        QString title;   ///< "Session: New session"
        QString hint;    ///< shown on the right: the shortcut, or what kind of thing it is
        std::function<void()> run;
    };

    explicit CommandPalette(QWidget* parent = nullptr);

    void setCommands(QList<Command> commands);
    /** Every enabled action of @p bar's menus, titled "Menu: Action", except @p skip. */
    static QList<Command> menuCommands(const QMenuBar* bar, const QAction* skip = nullptr);

    /** The titles shown now, best match first (for tests). */
    QStringList visibleTitles() const;
    QLineEdit* queryEdit() const { return m_query; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refilter();
    void runCurrent();

    QLineEdit* m_query = nullptr;
    QTreeWidget* m_list = nullptr;
    QList<Command> m_commands;
    QList<int> m_shown; ///< indices into m_commands, in list order
};

} // namespace triad::widgets
