#include "widgets/StatusIndicator.h"

#include <QHBoxLayout>
#include <QLabel>

#include "widgets/bridge/RunState.h"

namespace triad::widgets {

StatusIndicator::StatusIndicator(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_runs = new QLabel(this);
    m_network = new QLabel(this);
    layout->addWidget(m_runs);
    layout->addWidget(m_network);
    setActiveRuns(0);
}

void StatusIndicator::setActiveRuns(int count)
{
    m_runs->setText(count == 0 ? tr("Idle") : tr("%n request(s) streaming", nullptr, count));
}

void StatusIndicator::noteRunEnded(const RunState& state)
{
    if (state.status == RunStatus::Finished) {
        m_network->setText(tr("· online"));
        m_network->setToolTip(tr("The last run reached its provider."));
        return;
    }
    if (state.status != RunStatus::Failed || !state.error)
        return;
    switch (state.error->kind) {
    case providers::ErrorKind::Dns:
    case providers::ErrorKind::ConnectTimeout:
    case providers::ErrorKind::Connection:
        m_network->setText(tr("· offline?"));
        m_network->setToolTip(tr("The last run could not reach %1: %2")
                                  .arg(QString::fromStdString(state.info.target.providerId),
                                       QString::fromStdString(state.error->message)));
        break;
    default:
        break;
    }
}

QString StatusIndicator::runsText() const
{
    return m_runs->text();
}

QString StatusIndicator::networkText() const
{
    return m_network->text();
}

} // namespace triad::widgets
