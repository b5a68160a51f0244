#pragma once
// JSON form of metrics::RequestMetrics as stored in runs.metrics_json.
// Kept in the store (not in metrics/) so the metrics module stays free to grow: a field
// added there is simply not stored until it is added here, and old rows without it read
// back as "unset". Keys are snake_case with units (ttft_ms); unset values are omitted.

#include <nlohmann/json.hpp>

#include "core/metrics/RequestMetrics.h"

namespace triad::store {

nlohmann::json metricsToJson(const metrics::RequestMetrics& metrics);

/** Tolerant: unknown keys are ignored, missing or null ones stay unset. Throws
 *  nlohmann::json::type_error when a key holds the wrong type. */
metrics::RequestMetrics metricsFromJson(const nlohmann::json& json);

} // namespace triad::store
