#include "core/store/MetricsJson.h"

namespace triad::store {

namespace {

template <typename T>
void put(nlohmann::json& j, const char* key, const std::optional<T>& value)
{
    if (value)
        j[key] = *value;
}

template <typename T>
void get(const nlohmann::json& j, const char* key, std::optional<T>& out)
{
    auto it = j.find(key);
    if (it != j.end() && !it->is_null())
        out = it->get<T>();
}

} // namespace

nlohmann::json metricsToJson(const metrics::RequestMetrics& m)
{
    nlohmann::json j = nlohmann::json::object();
    put(j, "ttft_ms", m.ttftMs);
    put(j, "ttfb_ms", m.ttfbMs);
    put(j, "e2e_ms", m.e2eMs);
    put(j, "total_ms", m.totalMs);
    if (!m.itlMs.empty())
        j["itl_ms"] = m.itlMs;
    put(j, "tpot_ms", m.tpotMs);
    put(j, "output_tokens_per_sec", m.outputTokensPerSec);
    put(j, "prompt_tokens", m.promptTokens);
    put(j, "completion_tokens", m.completionTokens);
    j["tokens_estimated"] = m.tokensEstimated;
    put(j, "cost_usd", m.costUsd);
    j["cost_estimated"] = m.costEstimated;
    return j;
}

metrics::RequestMetrics metricsFromJson(const nlohmann::json& j)
{
    metrics::RequestMetrics m;
    if (!j.is_object())
        return m;
    get(j, "ttft_ms", m.ttftMs);
    get(j, "ttfb_ms", m.ttfbMs);
    get(j, "e2e_ms", m.e2eMs);
    get(j, "total_ms", m.totalMs);
    if (auto it = j.find("itl_ms"); it != j.end() && it->is_array())
        m.itlMs = it->get<std::vector<double>>();
    get(j, "tpot_ms", m.tpotMs);
    get(j, "output_tokens_per_sec", m.outputTokensPerSec);
    get(j, "prompt_tokens", m.promptTokens);
    get(j, "completion_tokens", m.completionTokens);
    m.tokensEstimated = j.value("tokens_estimated", false);
    get(j, "cost_usd", m.costUsd);
    m.costEstimated = j.value("cost_estimated", false);
    return m;
}

} // namespace triad::store
