#include "widgets/playground/SessionBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>

namespace triad::widgets {

SessionBar::SessionBar(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Session:"), this));
    m_sessions = new QComboBox(this);
    m_sessions->setMinimumContentsLength(24);
    m_sessions->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sessions->setToolTip(tr("Switch session"));
    layout->addWidget(m_sessions);

    auto* menuButton = new QToolButton(this);
    menuButton->setText(tr("Session"));
    menuButton->setPopupMode(QToolButton::InstantPopup);
    menuButton->setToolTip(tr("New, rename, duplicate or delete sessions"));
    auto* menu = new QMenu(menuButton);
    menu->addAction(tr("New session"), this, &SessionBar::newSessionRequested);
    menu->addAction(tr("Rename…"), this, &SessionBar::renameRequested);
    menu->addAction(tr("Duplicate"), this, &SessionBar::duplicateRequested);
    menu->addSeparator();
    menu->addAction(tr("Delete…"), this, &SessionBar::deleteRequested);
    menuButton->setMenu(menu);
    layout->addWidget(menuButton);
    layout->addStretch(1);

    m_history = new QToolButton(this);
    m_history->setText(tr("History"));
    m_history->setCheckable(true);
    m_history->setToolTip(tr("Show the runs of this session"));
    m_addPane = new QToolButton(this);
    m_addPane->setText(tr("+ Pane"));
    m_addPane->setToolTip(tr("Add a pane (up to 6)"));
    m_runAll = new QToolButton(this);
    m_runAll->setText(tr("Run all  Ctrl+⏎"));
    m_runAll->setToolTip(tr("Run every pane (Ctrl+Enter)"));
    m_runAll->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_stopAll = new QToolButton(this);
    m_stopAll->setText(tr("■ Stop all"));
    m_stopAll->setToolTip(tr("Stop every running pane (Esc)"));
    m_stopAll->setEnabled(false);
    for (QToolButton* b : {m_history, m_addPane, m_runAll, m_stopAll})
        layout->addWidget(b);

    connect(m_sessions, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_filling && index >= 0)
            emit sessionSelected(m_sessions->itemData(index).toLongLong());
    });
    connect(m_addPane, &QToolButton::clicked, this, &SessionBar::addPaneRequested);
    connect(m_runAll, &QToolButton::clicked, this, &SessionBar::runAllRequested);
    connect(m_stopAll, &QToolButton::clicked, this, &SessionBar::stopAllRequested);
    connect(m_history, &QToolButton::toggled, this, &SessionBar::historyToggled);
}

void SessionBar::setSessions(const std::vector<store::SessionSummary>& sessions, int64_t currentId)
{
    m_filling = true;
    m_sessions->clear();
    for (const auto& s : sessions)
        m_sessions->addItem(QString::fromStdString(s.name), QVariant::fromValue<qlonglong>(s.id));
    m_sessions->setCurrentIndex(m_sessions->findData(QVariant::fromValue<qlonglong>(currentId)));
    m_filling = false;
}

int64_t SessionBar::currentSessionId() const
{
    return m_sessions->currentData().toLongLong();
}

void SessionBar::setRunning(bool running)
{
    m_stopAll->setEnabled(running);
}

void SessionBar::setCanAddPane(bool canAdd)
{
    m_addPane->setEnabled(canAdd);
}

void SessionBar::setHistoryVisible(bool visible)
{
    m_history->setChecked(visible);
}

} // namespace triad::widgets
