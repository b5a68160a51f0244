#include "widgets/models/LocalModelsStatus.h"

#include "widgets/models/LocalModelController.h"
#include "widgets/models/ModelFormat.h"

namespace triad::widgets {

LocalModelsStatus::LocalModelsStatus(LocalModelController* controller, QWidget* parent)
    : QLabel(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("localModelsStatus"));
    connect(m_controller, &LocalModelController::rowsChanged, this, &LocalModelsStatus::refresh);
    refresh();
}

void LocalModelsStatus::refresh()
{
    const QString summary = m_controller->summaryText();
    setText(summary.isEmpty() ? QString() : QStringLiteral("· ") + summary);
    setVisible(!summary.isEmpty());
    QStringList lines;
    for (const LocalModelRow& row : m_controller->rows())
        if (row.state() == LocalRowState::Loaded)
            lines << tr("%1: %2").arg(row.id(), ModelFormat::bytes(row.memoryBytes()));
    setToolTip(lines.join(QLatin1Char('\n')));
}

} // namespace triad::widgets
