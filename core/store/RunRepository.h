#pragma once
// Finished runs (one request of one pane) in the workspace. Errors: see StoreError.h.
//
// A run is written once, when it has finished (or failed, or was stopped), in its own
// short transaction: whatever had finished before a crash is in the file after it.
//
//   RunRecord run;
//   run.sessionId = session.id; run.paneIndex = 1; run.target = pane.target;
//   run.request = playground::buildRequest(session, 1);
//   run.responseText = …; run.metrics = …; run.startedAtMs = …; run.finishedAtMs = …;
//   workspace.runs().add(run);            // run.id is set
//   auto history = workspace.runs().listForSession(session.id);   // newest first

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/RequestMetrics.h"
#include "core/playground/Session.h"
#include "core/providers/ChatTypes.h"

namespace triad::store {

class Workspace;

struct RunRecord {
    int64_t id = 0;                       ///< 0 until added
    int64_t sessionId = 0;                ///< must name a stored session
    int paneIndex = 0;                    ///< 0-based
    playground::Target target;
    providers::ChatRequest request;       ///< what was sent (never headers or a key)
    std::string responseText;             ///< the answer; partial text when it failed
    std::string reasoningText;
    nlohmann::json toolCalls;             ///< OpenAI-style tool_calls array, or null
    std::string finishReason;             ///< "" when it failed
    nlohmann::json timeline;              ///< the metrics timeline as JSON, or null
    metrics::RequestMetrics metrics;
    std::optional<providers::ErrorInfo> error;  ///< set when the run failed or was stopped
    int64_t startedAtMs = 0;              ///< wall clock, ms since the Unix epoch
    int64_t finishedAtMs = 0;
};

class RunRepository {
public:
    explicit RunRepository(Workspace& workspace);

    /** Stores a finished run and sets `run.id`. Throws NotFound when run.sessionId does not
     *  name a stored session, InvalidArgument for a pane index outside 0..kMaxPanes-1. */
    int64_t add(RunRecord& run);

    /** The run, or nullopt when there is none with that id. */
    std::optional<RunRecord> load(int64_t id) const;

    /** Runs of a session, newest first (by start time, then id). `limit` 0 = all. */
    std::vector<RunRecord> listForSession(int64_t sessionId, int limit = 0) const;

    int64_t countForSession(int64_t sessionId) const;

    /** Throws NotFound for an unknown id. */
    void remove(int64_t id);

private:
    Workspace& m_workspace;
};

} // namespace triad::store
