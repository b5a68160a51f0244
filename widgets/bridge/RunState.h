#pragma once
// Everything the GUI knows about one chat run: who asked, what was sent, what came back,
// and its figures. Lives on the GUI thread only (provider threads write to RunChannel and
// to core's RunRecorder, which keeps the timeline and usage).

#include <cstdint>
#include <memory>
#include <optional>

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "core/metrics/RequestMetrics.h"
#include "core/playground/Session.h"
#include "core/providers/ChatTypes.h"
#include "core/providers/RunRecorder.h"

namespace triad::widgets {

enum class RunStatus {
    Running = 1,
    Finished,     ///< the provider said it was done (finish reason set)
    Failed,       ///< an error ended it; the text so far is kept
    Cancelled,    ///< stopped by the person (or its pane closed); the text so far is kept
};

/** Who started a run: the playground pane it answers in. */
struct RunInfo {
    int64_t sessionId = 0;        ///< 0 when the session was not stored yet
    int paneIndex = -1;
    playground::Target target;
    /** Key of the price table for this provider (its preset id, e.g. "fireworks");
     *  the provider id when empty. */
    std::string priceProviderId;
};

struct RunState {
    quint64 id = 0;                       ///< the bridge's id, unique for the process
    RunInfo info;
    providers::ChatRequest request;
    std::shared_ptr<providers::RunRecorder> recorder;   ///< timeline, usage, tool calls
    RunStatus status = RunStatus::Running;
    QString text;
    QString reasoning;
    nlohmann::json toolCalls = nlohmann::json::array();   ///< merged OpenAI-style tool_calls
    QString finishReason;
    std::optional<providers::ErrorInfo> error;
    QStringList retryNotes;
    metrics::RequestMetrics metrics;
    int64_t startedAtMs = 0;              ///< wall clock, ms since the Unix epoch
    int64_t startedNs = 0;                ///< steady clock, for the live elapsed time
    int64_t storedRunId = 0;              ///< id in the workspace once written, else 0
};

} // namespace triad::widgets
