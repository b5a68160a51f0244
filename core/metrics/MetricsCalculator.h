#pragma once
// Turns a request's Timeline and token counts into RequestMetrics, with the definitions of
// api-shapes.md ("Latency metrics"): TTFT to first content and to first byte, ITL, TPOT,
// end-to-end, output tokens/s. Missing token counts are estimated and flagged.

#include <cstdint>
#include <optional>
#include <string>

#include "core/metrics/RequestMetrics.h"
#include "core/metrics/Timeline.h"

namespace triad::metrics {

/** Token counts as reported (unset = not reported) plus the texts to estimate from. */
struct TokenInputs {
    std::optional<int64_t> promptTokens;
    std::optional<int64_t> completionTokens;
    std::string promptText;       ///< everything sent as prompt (system + messages)
    std::string completionText;   ///< everything received (answer + reasoning)
};

class MetricsCalculator {
public:
    /** Computes every figure the timeline allows; cost is left unset (see PriceTable). */
    static RequestMetrics compute(const Timeline& timeline, const TokenInputs& tokens);
};

} // namespace triad::metrics
