#include "widgets/playground/PaneComparison.h"

#include <functional>
#include <optional>

namespace triad::widgets {

namespace {

// Marks the panes whose value equals the best (min or max) of the panes that have one.
void markBest(const std::vector<PaneFigures>& panes, std::vector<BestMarks>& marks,
              const std::function<std::optional<double>(const PaneFigures&)>& value,
              bool lowerIsBetter, bool BestMarks::*flag)
{
    std::optional<double> best;
    int withValue = 0;
    for (const auto& p : panes) {
        if (!p.hasRun)
            continue;
        const auto v = value(p);
        if (!v)
            continue;
        ++withValue;
        if (!best || (lowerIsBetter ? *v < *best : *v > *best))
            best = v;
    }
    if (withValue < 2)
        return;
    for (size_t i = 0; i < panes.size(); ++i) {
        if (!panes[i].hasRun)
            continue;
        const auto v = value(panes[i]);
        if (v && *v == *best)
            marks[i].*flag = true;
    }
}

} // namespace

std::vector<BestMarks> comparePanes(const std::vector<PaneFigures>& panes)
{
    std::vector<BestMarks> marks(panes.size());
    markBest(panes, marks, [](const PaneFigures& p) { return p.metrics.ttftMs; }, true,
             &BestMarks::fastestTtft);
    markBest(panes, marks, [](const PaneFigures& p) { return p.metrics.outputTokensPerSec; },
             false, &BestMarks::highestTokensPerSec);
    markBest(panes, marks, [](const PaneFigures& p) { return p.metrics.costUsd; }, true,
             &BestMarks::cheapest);
    // Longest: tokens when every compared pane has them, otherwise characters.
    bool allTokens = true;
    for (const auto& p : panes)
        if (p.hasRun && !p.metrics.completionTokens)
            allTokens = false;
    markBest(panes, marks,
             [allTokens](const PaneFigures& p) -> std::optional<double> {
                 if (allTokens)
                     return static_cast<double>(*p.metrics.completionTokens);
                 return p.answerChars > 0 ? std::optional<double>(p.answerChars) : std::nullopt;
             },
             false, &BestMarks::longest);
    return marks;
}

} // namespace triad::widgets
