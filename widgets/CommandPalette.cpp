#include "widgets/CommandPalette.h"

#include "core/common/FuzzyMatch.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QHeaderView>
#include <QPointer>
#include <QTreeWidget>
#include <QMenu>
#include <QMenuBar>
#include <QVBoxLayout>

#include <algorithm>

namespace triad::widgets {

namespace {

constexpr int kMaxShown = 60;

QString plainText(QString text)
{
    // "&&" is a literal ampersand, a single "&" marks the accelerator.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

void collect(const QMenu* menu, const QString& prefix, const QAction* skip, QList<CommandPalette::Command>& out)
{
    for (QAction* a : menu->actions()) {
        if (a == skip || a->isSeparator() || !a->isEnabled() || !a->isVisible())
            continue;
        if (a->menu()) {
            collect(a->menu(), prefix + plainText(a->text()) + QStringLiteral(" › "), skip, out);
            continue;
        }
        if (a->text().isEmpty())
            continue;
        QPointer<QAction> action(a);
        out.append({prefix + plainText(a->text()), a->shortcut().toString(QKeySequence::NativeText), [action] {
                        if (action)
                            action->trigger();
                    }});
    }
}

} // namespace

CommandPalette::CommandPalette(QWidget* parent) : QDialog(parent, Qt::Popup | Qt::FramelessWindowHint)
{
    setObjectName(QStringLiteral("commandPalette"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(tr("Type a command, a session or a model…"));
    m_query->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_query);
    layout->addWidget(m_list);
    resize(560, 380);
    m_query->installEventFilter(this);
    connect(m_query, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_query, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_list, &QTreeWidget::itemActivated, this, &CommandPalette::runCurrent);
}

QList<CommandPalette::Command> CommandPalette::menuCommands(const QMenuBar* bar, const QAction* skip)
{
    QList<Command> out;
    for (QAction* top : bar->actions())
        if (top->menu() && top->isVisible())
            collect(top->menu(), plainText(top->text()) + QStringLiteral(": "), skip, out);
    return out;
}

void CommandPalette::setCommands(QList<Command> commands)
{
    m_commands = std::move(commands);
    m_query->clear();
    refilter();
    m_query->setFocus();
}

QStringList CommandPalette::visibleTitles() const
{
    QStringList titles;
    for (int i : m_shown)
        titles << m_commands[i].title;
    return titles;
}

void CommandPalette::refilter()
{
    const std::string query = m_query->text().trimmed().toStdString();
    std::vector<std::pair<int, int>> scored; // score, index
    for (int i = 0; i < m_commands.size(); ++i)
        if (const auto s = common::fuzzyScore(query, m_commands[i].title.toStdString()))
            scored.emplace_back(*s, i);
    // Stable: with no query the commands keep the window's order (menus, then the rest).
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (scored.size() > size_t(kMaxShown))
        scored.resize(kMaxShown);
    m_shown.clear();
    m_list->clear();
    for (const auto& [score, index] : scored) {
        const Command& c = m_commands[index];
        auto* item = new QTreeWidgetItem(m_list, {c.title, c.hint});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setForeground(1, palette().brush(QPalette::PlaceholderText));
        m_shown << index;
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void CommandPalette::runCurrent()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (row < 0 || row >= m_shown.size())
        return;
    const std::function<void()> run = m_commands[m_shown[row]].run;
    accept();
    if (run)
        run();
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up || key == Qt::Key_PageDown || key == Qt::Key_PageUp) {
            const int step = (key == Qt::Key_Down) ? 1 : (key == Qt::Key_Up) ? -1 : (key == Qt::Key_PageDown ? 8 : -8);
            const int count = m_list->topLevelItemCount();
            if (count > 0) {
                const int row = std::clamp(m_list->indexOfTopLevelItem(m_list->currentItem()) + step, 0, count - 1);
                m_list->setCurrentItem(m_list->topLevelItem(row));
            }
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace triad::widgets
