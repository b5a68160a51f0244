#pragma once
// Records one chat request as it streams: answer text, reasoning, tool calls, usage,
// the timeline, and how it ended. GUI, CLI, benchmarks and tests all compute their
// metrics from it, so a figure means the same everywhere.
//
// Usage:
//   auto rec = RunRecorder::create(request);
//   auto handle = provider->chat(request, rec->sink(forwardToGui));
//   handle->wait();
//   RequestMetrics m = rec->metrics(&prices, "fireworks", request.model);

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/PriceTable.h"
#include "core/metrics/RequestMetrics.h"
#include "core/metrics/Timeline.h"
#include "core/providers/Provider.h"

namespace triad::providers {

/** Everything recorded so far (a copy; safe to read on any thread). */
struct RunSnapshot {
    std::string text;
    std::string reasoning;
    nlohmann::json toolCalls = nlohmann::json::array();   ///< merged OpenAI-style tool_calls
    metrics::Timeline timeline;
    Usage usage;                       ///< last reported; unset fields = not reported
    std::string finishReason;
    std::optional<ErrorInfo> error;
    std::vector<std::string> retries;  ///< text of each Retrying event
    bool done = false;                 ///< Finished or Failed arrived
};

class RunRecorder : public std::enable_shared_from_this<RunRecorder> {
public:
    static std::shared_ptr<RunRecorder> create(const ChatRequest& request);

    /** A sink that records each event, then passes it to `next` (if any). It keeps the
     *  recorder alive as long as the provider holds the sink. */
    ChatSink sink(ChatSink next = {});
    void record(const ChatEvent& event);

    RunSnapshot snapshot() const;
    /** Metrics from the timeline and usage; tokens estimated (and flagged) when the
     *  provider sent none; cost when `prices` knows (priceProvider, model). */
    metrics::RequestMetrics metrics(const metrics::PriceTable* prices = nullptr,
                                     const std::string& priceProvider = {},
                                     const std::string& model = {}) const;

    /** The prompt as one text (system + messages), for estimating prompt tokens. */
    static std::string promptTextOf(const ChatRequest& request);
    /** Folds a tool_calls delta array into whole calls (by index: id, name, arguments
     *  concatenated). */
    static void mergeToolCallDeltas(nlohmann::json& calls, const nlohmann::json& deltas);

private:
    explicit RunRecorder(std::string promptText);

    const std::string m_promptText;
    mutable std::mutex m_mutex;
    RunSnapshot m_run;
};

} // namespace triad::providers
