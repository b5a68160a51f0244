#pragma once
// Which pane is best at what: fastest TTFT, highest tokens/s, cheapest, longest answer.
// A mark is given only when at least two panes have that figure (one pane is not a
// comparison); ties mark every pane that shares the best value.

#include <vector>

#include "core/metrics/RequestMetrics.h"
#include "widgets/playground/MetricsFormat.h"

namespace triad::widgets {

struct PaneFigures {
    bool hasRun = false;
    metrics::RequestMetrics metrics;
    int answerChars = 0;     ///< length of the answer, for "longest" when tokens are unknown
};

/** One BestMarks per input pane, in the same order. */
std::vector<BestMarks> comparePanes(const std::vector<PaneFigures>& panes);

} // namespace triad::widgets
