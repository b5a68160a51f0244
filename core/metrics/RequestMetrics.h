#pragma once
// Figures of one request, computed from its Timeline (see Timeline.h).
// Definitions follow vLLM / GenAI-Perf (docs: api-shapes.md, "Latency metrics").

#include <cstdint>
#include <optional>
#include <vector>

namespace triad::metrics {

struct RequestMetrics {
    std::optional<double> ttftMs;          ///< sent → first non-empty content (or reasoning)
    std::optional<double> ttfbMs;          ///< sent → first byte / first chunk with choices
    std::optional<double> e2eMs;           ///< sent → last content chunk
    std::optional<double> totalMs;         ///< sent → done (finished or failed)
    std::vector<double> itlMs;             ///< gaps between consecutive content chunks
    std::optional<double> tpotMs;          ///< (e2e − ttft) / (completion tokens − 1)
    std::optional<double> outputTokensPerSec;  ///< completion tokens / (e2e − ttft)
    std::optional<int64_t> promptTokens;
    std::optional<int64_t> completionTokens;
    bool tokensEstimated = false;          ///< counts were estimated, not from `usage`
    std::optional<double> costUsd;         ///< from the price table; unset if unknown
    bool costEstimated = false;
};

} // namespace triad::metrics
