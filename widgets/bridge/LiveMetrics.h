#pragma once
// Figures of a run while it streams and once it ended. The numbers come from core's
// RunRecorder/MetricsCalculator (the same definitions the CLI and benchmarks use); the
// GUI only adds a running clock while the answer is still streaming.

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/metrics/PriceTable.h"
#include "core/metrics/RequestMetrics.h"
#include "core/metrics/Timeline.h"
#include "widgets/bridge/RunState.h"

namespace triad::widgets {

/** Metrics of `state` as of `nowNs` (steady clock): totalMs counts up while running.
 *  Cost when `prices` (may be null) knows the target's model. */
metrics::RequestMetrics liveMetrics(const RunState& state, const metrics::PriceTable* prices,
                                    int64_t nowNs);

/** The run's timeline as stored with it: milliseconds relative to the moment it was sent. */
nlohmann::json timelineJson(const metrics::Timeline& timeline);

} // namespace triad::widgets
