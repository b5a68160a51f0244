// Workspace schema, version 1 (PRAGMA user_version = 1, application_id = 'TRIA').
// Times are wall-clock milliseconds since the Unix epoch (UTC). JSON columns are UTF-8 text.
//
//   sessions        one playground session
//     id              INTEGER PRIMARY KEY
//     name            TEXT NOT NULL
//     data_json       TEXT NOT NULL   Session as JSON (playground/Session.h to_json);
//                                     id, name and the timestamps come from the columns
//     created_at_ms   INTEGER NOT NULL
//     updated_at_ms   INTEGER NOT NULL
//
//   runs            one finished request of one pane (written once, when it ends)
//     id              INTEGER PRIMARY KEY
//     session_id      INTEGER NOT NULL -> sessions(id) ON DELETE CASCADE
//     pane_index      INTEGER NOT NULL  0-based
//     provider_id     TEXT NOT NULL
//     model           TEXT NOT NULL
//     request_json    TEXT NOT NULL     ChatRequest as JSON (never headers, never a key)
//     response_text   TEXT NOT NULL     the answer (partial text when it failed)
//     reasoning_text  TEXT NOT NULL     thinking kept apart from the answer
//     tool_calls_json TEXT              OpenAI-style tool_calls array, NULL when none
//     finish_reason   TEXT              stop|length|tool_calls|..., NULL when failed
//     timeline_json   TEXT              metrics timeline, NULL when none
//     metrics_json    TEXT              RequestMetrics (store/MetricsJson.h), NULL when none
//     error_kind      TEXT              providers::errorKindName(), NULL on success
//     error_message   TEXT
//     http_status     INTEGER
//     started_at_ms   INTEGER NOT NULL
//     finished_at_ms  INTEGER NOT NULL
//   index runs_by_session(session_id, started_at_ms DESC, id DESC)
//
//   providers       configured endpoints (ProviderConfig) -- never an API key
//     id              TEXT PRIMARY KEY
//     position        INTEGER NOT NULL  list order
//     display_name, preset_id, kind ('openai'|'anthropic'|'local'), base_url,
//     api_key_env     TEXT NOT NULL     the NAME of the environment variable, not its value
//     extra_headers_json TEXT NOT NULL  {"Header": "value"}; secret-looking ones refused
//     connect_timeout_ms, idle_read_timeout_ms, max_retries  INTEGER NOT NULL
//
//   settings        key -> JSON value (price-table overrides, UI state, ...)
//     key             TEXT PRIMARY KEY
//     value_json      TEXT NOT NULL
//     updated_at_ms   INTEGER NOT NULL
//
// Version 2 adds labeled datasets (core/datasets; DatasetRepository.cpp documents the
// columns): datasets, dataset_examples, dataset_example_labels, dataset_history (undo),
// dataset_rejected_lines (bad import lines kept for review).
//
// Adding a migration: append a step to kSteps with the next version. Never edit a step
// that has shipped; a file at version N only ever runs steps N+1 ... latest.

#include "core/store/Migrations.h"

#include <sqlite3.h>

#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"

namespace triad::store {

namespace {

struct MigrationStep {
    int version;
    const char* sql;
};

constexpr MigrationStep kSteps[] = {
    {1, R"sql(
CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    data_json      TEXT NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    pane_index      INTEGER NOT NULL,
    provider_id     TEXT NOT NULL,
    model           TEXT NOT NULL,
    request_json    TEXT NOT NULL,
    response_text   TEXT NOT NULL DEFAULT '',
    reasoning_text  TEXT NOT NULL DEFAULT '',
    tool_calls_json TEXT,
    finish_reason   TEXT,
    timeline_json   TEXT,
    metrics_json    TEXT,
    error_kind      TEXT,
    error_message   TEXT,
    http_status     INTEGER,
    started_at_ms   INTEGER NOT NULL,
    finished_at_ms  INTEGER NOT NULL
);
CREATE INDEX runs_by_session ON runs(session_id, started_at_ms DESC, id DESC);
CREATE TABLE providers (
    id                   TEXT PRIMARY KEY,
    position             INTEGER NOT NULL,
    display_name         TEXT NOT NULL,
    preset_id            TEXT NOT NULL DEFAULT '',
    kind                 TEXT NOT NULL,
    base_url             TEXT NOT NULL,
    api_key_env          TEXT NOT NULL DEFAULT '',
    extra_headers_json   TEXT NOT NULL DEFAULT '{}',
    connect_timeout_ms   INTEGER NOT NULL,
    idle_read_timeout_ms INTEGER NOT NULL,
    max_retries          INTEGER NOT NULL
);
CREATE TABLE settings (
    key            TEXT PRIMARY KEY,
    value_json     TEXT NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
)sql"},
    {2, R"sql(
CREATE TABLE datasets (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
CREATE TABLE dataset_examples (
    id                 INTEGER PRIMARY KEY,
    dataset_id         INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    messages_json      TEXT NOT NULL,
    preferred_json     TEXT,
    non_preferred_json TEXT,
    extra_json         TEXT NOT NULL DEFAULT '{}',
    metadata_json      TEXT NOT NULL DEFAULT '{}',
    status             TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'accepted', 'rejected', 'skipped')),
    rating             INTEGER CHECK (rating BETWEEN 1 AND 5),
    note               TEXT NOT NULL DEFAULT '',
    content_hash       INTEGER NOT NULL,
    token_estimate     INTEGER NOT NULL DEFAULT 0,
    source_line        INTEGER,
    changed_at_ms      INTEGER NOT NULL
);
CREATE INDEX dataset_examples_by_dataset ON dataset_examples(dataset_id);
CREATE INDEX dataset_examples_by_status ON dataset_examples(dataset_id, status);
CREATE INDEX dataset_examples_by_rating ON dataset_examples(dataset_id, rating);
CREATE INDEX dataset_examples_by_hash ON dataset_examples(dataset_id, content_hash);
CREATE TABLE dataset_example_labels (
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    example_id  INTEGER NOT NULL REFERENCES dataset_examples(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    PRIMARY KEY (example_id, label)
) WITHOUT ROWID;
CREATE INDEX dataset_labels_by_label ON dataset_example_labels(dataset_id, label, example_id);
CREATE TABLE dataset_history (
    id          INTEGER PRIMARY KEY,
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    example_id  INTEGER NOT NULL REFERENCES dataset_examples(id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    old_json    TEXT NOT NULL,
    new_json    TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dataset_history_by_dataset ON dataset_history(dataset_id, undone, id);
CREATE INDEX dataset_history_by_example ON dataset_history(example_id);
CREATE TABLE dataset_rejected_lines (
    id             INTEGER PRIMARY KEY,
    dataset_id     INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    source         TEXT NOT NULL,
    line_number    INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    raw_text       TEXT NOT NULL,
    imported_at_ms INTEGER NOT NULL
);
CREATE INDEX dataset_rejected_by_dataset ON dataset_rejected_lines(dataset_id, id);
)sql"},
};

int readIntPragma(sqlite3* db, const char* sql, const std::string& path)
{
    try {
        Statement st(db, sql);
        return st.step() ? static_cast<int>(st.int64(0)) : 0;
    } catch (const StoreError& e) {
        if (e.kind() == StoreErrorKind::NotADatabase)
            throw StoreError(e.kind(), "Cannot open " + path
                                           + ": the file is not an SQLite database (it may be"
                                             " damaged, encrypted or a different kind of file)");
        throw StoreError(e.kind(), "Cannot read the schema version of " + path + ": " + e.what());
    }
}

} // namespace

int latestSchemaVersion()
{
    return std::end(kSteps)[-1].version;
}

int readSchemaVersion(sqlite3* db, const std::string& path)
{
    return readIntPragma(db, "PRAGMA user_version", path);
}

int32_t readApplicationId(sqlite3* db, const std::string& path)
{
    return readIntPragma(db, "PRAGMA application_id", path);
}

std::string newerVersionMessage(const std::string& path, int fileVersion)
{
    return "The workspace " + path + " was written by a newer version of Triad (schema version "
           + std::to_string(fileVersion) + "); this build understands up to schema version "
           + std::to_string(latestSchemaVersion())
           + ". It was not opened and has not been changed; open it with a newer Triad.";
}

void migrateToLatest(sqlite3* db, const std::string& path)
{
    for (const MigrationStep& step : kSteps) {
        if (readSchemaVersion(db, path) >= step.version)
            continue;
        try {
            Transaction tx(db);
            // Another process may have upgraded (or written a newer schema) since the
            // check above; the write lock we hold now makes this re-read authoritative.
            int current = readSchemaVersion(db, path);
            if (current > latestSchemaVersion())
                throw StoreError(StoreErrorKind::NewerVersion, newerVersionMessage(path, current));
            if (current >= step.version)
                continue;
            execSql(db, step.sql);
            execSql(db, ("PRAGMA user_version = " + std::to_string(step.version)).c_str());
            execSql(db, ("PRAGMA application_id = " + std::to_string(kWorkspaceApplicationId)).c_str());
            tx.commit();
        } catch (const StoreError& e) {
            if (e.kind() == StoreErrorKind::NewerVersion)
                throw;
            throw StoreError(e.kind(), "Cannot upgrade the workspace " + path + " to schema version "
                                           + std::to_string(step.version) + ": " + e.what());
        }
    }
}

} // namespace triad::store
