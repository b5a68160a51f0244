#include "core/store/RunRepository.h"

#include <sqlite3.h>

#include "core/store/MetricsJson.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::store {

namespace {

constexpr const char* kColumns =
    "id, session_id, pane_index, provider_id, model, request_json, response_text,"
    " reasoning_text, tool_calls_json, finish_reason, timeline_json, metrics_json,"
    " error_kind, error_message, http_status, started_at_ms, finished_at_ms";

std::string dumpJson(const nlohmann::json& j)
{
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::string> optionalJson(const nlohmann::json& j)
{
    if (j.is_null())
        return std::nullopt;
    return dumpJson(j);
}

std::optional<std::string> optionalText(const std::string& s)
{
    if (s.empty())
        return std::nullopt;
    return s;
}

bool errorKindFromName(const std::string& name, providers::ErrorKind& out)
{
    for (int k = static_cast<int>(providers::ErrorKind::Auth);
         k <= static_cast<int>(providers::ErrorKind::Local); ++k) {
        auto kind = static_cast<providers::ErrorKind>(k);
        if (name == providers::errorKindName(kind)) {
            out = kind;
            return true;
        }
    }
    return false;
}

nlohmann::json parseColumn(const Statement& st, int column, const char* name)
{
    if (st.isNull(column))
        return nullptr;
    nlohmann::json j = nlohmann::json::parse(st.text(column), nullptr, false);
    if (j.is_discarded())
        throw StoreError(StoreErrorKind::Corrupt, std::string("its ") + name + " is not valid JSON");
    return j;
}

RunRecord readRow(const Statement& st)
{
    RunRecord run;
    run.id = st.int64(0);
    run.sessionId = st.int64(1);
    run.paneIndex = static_cast<int>(st.int64(2));
    run.target.providerId = st.text(3);
    run.target.model = st.text(4);
    try {
        run.request = parseColumn(st, 5, "request").get<providers::ChatRequest>();
        run.responseText = st.text(6);
        run.reasoningText = st.text(7);
        run.toolCalls = parseColumn(st, 8, "tool calls");
        run.finishReason = st.text(9);
        run.timeline = parseColumn(st, 10, "timeline");
        run.metrics = metricsFromJson(parseColumn(st, 11, "metrics"));
    } catch (const nlohmann::json::exception& e) {
        throw StoreError(StoreErrorKind::Corrupt, e.what());
    }
    if (!st.isNull(12)) {
        providers::ErrorInfo error;
        // An error kind from a newer build reads back as a generic connection error
        // rather than making the whole history unreadable.
        if (!errorKindFromName(st.text(12), error.kind))
            error.kind = providers::ErrorKind::Connection;
        error.message = st.text(13);
        error.httpStatus = static_cast<int>(st.optionalInt64(14).value_or(0));
        run.error = error;
    }
    run.startedAtMs = st.int64(15);
    run.finishedAtMs = st.int64(16);
    return run;
}

} // namespace

RunRepository::RunRepository(Workspace& workspace)
    : m_workspace(workspace)
{
}

int64_t RunRepository::add(RunRecord& run)
{
    const std::string what = "Cannot save the run of pane " + std::to_string(run.paneIndex + 1)
                             + " (" + run.target.label() + ") in " + m_workspace.path();
    if (run.paneIndex < 0 || run.paneIndex >= playground::kMaxPanes)
        throw StoreError(StoreErrorKind::InvalidArgument,
                         what + ": pane index " + std::to_string(run.paneIndex) + " is out of range");
    sqlite3* db = m_workspace.handle();
    try {
        // Checked explicitly so the message says what is wrong instead of
        // "FOREIGN KEY constraint failed".
        Statement exists(db, "SELECT 1 FROM sessions WHERE id = ?1");
        exists.bind(1, run.sessionId);
        if (!exists.step())
            throw StoreError(StoreErrorKind::NotFound,
                             "session " + std::to_string(run.sessionId) + " does not exist");

        Statement st(db, "INSERT INTO runs (session_id, pane_index, provider_id, model, request_json,"
                         " response_text, reasoning_text, tool_calls_json, finish_reason, timeline_json,"
                         " metrics_json, error_kind, error_message, http_status, started_at_ms,"
                         " finished_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                         " ?12, ?13, ?14, ?15, ?16)");
        st.bind(1, run.sessionId)
            .bind(2, run.paneIndex)
            .bind(3, run.target.providerId)
            .bind(4, run.target.model)
            .bind(5, dumpJson(nlohmann::json(run.request)))
            .bind(6, run.responseText)
            .bind(7, run.reasoningText)
            .bind(8, optionalJson(run.toolCalls))
            .bind(9, optionalText(run.finishReason))
            .bind(10, optionalJson(run.timeline))
            .bind(11, dumpJson(metricsToJson(run.metrics)));
        if (run.error) {
            st.bind(12, providers::errorKindName(run.error->kind))
                .bind(13, run.error->message)
                .bind(14, run.error->httpStatus != 0 ? std::optional<int64_t>(run.error->httpStatus)
                                                     : std::nullopt);
        } else {
            st.bindNull(12).bindNull(13).bindNull(14);
        }
        st.bind(15, run.startedAtMs).bind(16, run.finishedAtMs);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    run.id = sqlite3_last_insert_rowid(db);
    return run.id;
}

std::optional<RunRecord> RunRepository::load(int64_t id) const
{
    try {
        Statement st(m_workspace.handle(), std::string("SELECT ") + kColumns + " FROM runs WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return readRow(st);
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot load run " + std::to_string(id) + " from "
                                       + m_workspace.path() + ": " + e.what());
    }
}

std::vector<RunRecord> RunRepository::listForSession(int64_t sessionId, int limit) const
{
    std::vector<RunRecord> runs;
    try {
        Statement st(m_workspace.handle(),
                     std::string("SELECT ") + kColumns
                         + " FROM runs WHERE session_id = ?1"
                           " ORDER BY started_at_ms DESC, id DESC LIMIT ?2");
        st.bind(1, sessionId).bind(2, limit > 0 ? static_cast<int64_t>(limit) : int64_t(-1));
        while (st.step())
            runs.push_back(readRow(st));
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot list the runs of session " + std::to_string(sessionId)
                                       + " in " + m_workspace.path() + ": " + e.what());
    }
    return runs;
}

int64_t RunRepository::countForSession(int64_t sessionId) const
{
    try {
        Statement st(m_workspace.handle(), "SELECT count(*) FROM runs WHERE session_id = ?1");
        st.bind(1, sessionId);
        return st.step() ? st.int64(0) : 0;
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), "Cannot count the runs of session " + std::to_string(sessionId)
                                       + " in " + m_workspace.path() + ": " + e.what());
    }
}

void RunRepository::remove(int64_t id)
{
    const std::string what = "Cannot delete run " + std::to_string(id) + " from " + m_workspace.path();
    try {
        Statement st(m_workspace.handle(), "DELETE FROM runs WHERE id = ?1");
        st.bind(1, id);
        st.run();
    } catch (const StoreError& e) {
        throw StoreError(e.kind(), what + ": " + e.what());
    }
    if (sqlite3_changes(m_workspace.handle()) == 0)
        throw StoreError(StoreErrorKind::NotFound, what + ": there is no such run");
}

} // namespace triad::store
