#pragma once
// The line under the panes that names the best pane per figure: fastest TTFT, highest
// tokens/s, cheapest, longest answer — each with the target's colour dot. One line that
// repaints without relayout (see RichLine); the full text is in its tooltip when elided.

#include <vector>

#include <QStringList>

#include "widgets/playground/RichLine.h"

#include "widgets/playground/PaneComparison.h"

namespace triad::widgets {

class ComparisonRow : public RichLine {
    Q_OBJECT
public:
    explicit ComparisonRow(QWidget* parent = nullptr);

    /** `labels[i]` is pane i's target label; `marks` from comparePanes(figures). */
    void update(const std::vector<PaneFigures>& figures, const std::vector<BestMarks>& marks,
                const QStringList& labels);
};

} // namespace triad::widgets
