#include "widgets/playground/ComparisonRow.h"

#include <QFontDatabase>

#include "widgets/TargetColors.h"

namespace triad::widgets {

ComparisonRow::ComparisonRow(QWidget* parent)
    : RichLine(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineCount(2);
    setToolTip(tr("★ marks the best pane for each figure once two or more panes have it."));
    hide();
}

void ComparisonRow::update(const std::vector<PaneFigures>& figures, const std::vector<BestMarks>& marks,
                           const QStringList& labels)
{
    auto who = [&](bool BestMarks::*flag, auto value) {
        QStringList names;
        for (size_t i = 0; i < marks.size() && i < figures.size(); ++i) {
            if (!(marks[i].*flag))
                continue;
            const QString label = i < static_cast<size_t>(labels.size()) ? labels[static_cast<int>(i)] : QString();
            names << QStringLiteral("<span style=\"color:%1\">●</span> %2 %3 (%4)")
                         .arg(TargetColors::color(label).name(), QString::number(i + 1),
                              label.toHtmlEscaped(), value(figures[i]).toHtmlEscaped());
        }
        return names.join(QStringLiteral(", "));
    };
    QStringList parts;
    auto add = [&](const QString& title, const QString& names) {
        if (!names.isEmpty())
            parts << QStringLiteral("★ %1: %2").arg(title.toHtmlEscaped(), names);
    };
    add(tr("fastest TTFT"), who(&BestMarks::fastestTtft, [](const PaneFigures& f) {
            return MetricsFormat::duration(f.metrics.ttftMs);
        }));
    add(tr("highest tok/s"), who(&BestMarks::highestTokensPerSec, [](const PaneFigures& f) {
            return MetricsFormat::tokensPerSec(f.metrics.outputTokensPerSec, f.metrics.tokensEstimated);
        }));
    add(tr("cheapest"), who(&BestMarks::cheapest, [](const PaneFigures& f) {
            return MetricsFormat::cost(f.metrics.costUsd, f.metrics.costEstimated);
        }));
    add(tr("longest"), who(&BestMarks::longest, [](const PaneFigures& f) {
            if (!f.metrics.completionTokens)
                return tr("%n characters", nullptr, f.answerChars);
            const QString n = QString::number(*f.metrics.completionTokens);
            return tr("%1 tok").arg(f.metrics.tokensEstimated ? QStringLiteral("~") + n : n);
        }));
    setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    setVisible(!parts.isEmpty());
}

} // namespace triad::widgets
