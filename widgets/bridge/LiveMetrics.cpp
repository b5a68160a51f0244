#include "widgets/bridge/LiveMetrics.h"

#include "core/metrics/Clock.h"

namespace triad::widgets {

metrics::RequestMetrics liveMetrics(const RunState& state, const metrics::PriceTable* prices,
                                    int64_t nowNs)
{
    if (!state.recorder)
        return {};
    const std::string& priceProvider = state.info.priceProviderId.empty()
        ? state.info.target.providerId
        : state.info.priceProviderId;
    metrics::RequestMetrics m = state.recorder->metrics(prices, priceProvider, state.request.model);
    // A live clock until the last event; afterwards the recorded figure stands.
    if (!m.totalMs && state.status == RunStatus::Running && state.startedNs > 0)
        m.totalMs = metrics::nsToMs(state.startedNs, nowNs);
    return m;
}

nlohmann::json timelineJson(const metrics::Timeline& timeline)
{
    const auto sent = timeline.sentNs();
    if (!sent)
        return nullptr;
    auto rel = [&](const std::optional<int64_t>& ns) -> nlohmann::json {
        if (!ns)
            return nullptr;
        return metrics::nsToMs(*sent, *ns);
    };
    nlohmann::json chunks = nlohmann::json::array();
    for (const auto& c : timeline.chunks()) {
        nlohmann::json chunk = {{"at_ms", metrics::nsToMs(*sent, c.atNs)}, {"chars", c.chars}};
        if (c.reasoning)
            chunk["reasoning"] = true;
        chunks.push_back(std::move(chunk));
    }
    return {{"sent_ms", 0.0},
            {"first_byte_ms", rel(timeline.firstByteNs())},
            {"first_content_ms", rel(timeline.firstContentNs())},
            {"last_content_ms", rel(timeline.lastContentNs())},
            {"done_ms", rel(timeline.doneNs())},
            {"chunks", std::move(chunks)}};
}

} // namespace triad::widgets
