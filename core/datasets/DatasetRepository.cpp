// Tables (workspace schema version 2, core/store/Migrations.cpp):
//
//   datasets                 id, name (unique), created_at_ms, updated_at_ms
//   dataset_examples         one example
//     messages_json            the message array as imported (compact JSON, exact content)
//     preferred_json           NULL, or the chosen output of a preference pair
//     non_preferred_json       NULL, or the rejected output
//     extra_json               other top-level fields of the line (e.g. tools), '{}' when none
//     metadata_json            the line's "metadata" object, '{}' when none
//     status                   pending|accepted|rejected|skipped
//     rating                   1..5 or NULL;  note  TEXT
//     content_hash             FNV-1a 64 of what is trained on (ExampleCodec.h storedText)
//     token_estimate           estimateTokens() of all contents, for length filters/histograms
//     source_line              1-based line of the imported file, NULL when added otherwise
//     changed_at_ms
//     indexes (dataset_id) (dataset_id, status) (dataset_id, rating) (dataset_id, content_hash);
//     each also ends in the rowid, so "WHERE dataset_id = ? AND status = ? AND id > ?
//     ORDER BY id" walks the index in order: keyset pages cost O(page size).
//   dataset_example_labels   (dataset_id, example_id, label); index (dataset_id, label, example_id)
//   dataset_history          one row per label action: action, old_json and new_json hold
//                            the changed fields ({"status":"pending"} -> {"status":"accepted"});
//                            undone = 1 once reverted
//   dataset_rejected_lines   lines an import could not use: source, line_number, reason, raw_text

#include "core/datasets/DatasetRepository.h"

#include <algorithm>
#include <variant>

#include <sqlite3.h>

#include "core/datasets/ExampleCodec.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Transaction.h"
#include "core/store/Workspace.h"

namespace triad::datasets {

namespace {

using nlohmann::json;
using store::Statement;
using store::StoreError;
using store::StoreErrorKind;

constexpr const char* kExampleColumns =
    "e.id, e.dataset_id, e.messages_json, e.preferred_json, e.non_preferred_json, e.extra_json,"
    " e.metadata_json, e.status, e.rating, e.note, e.token_estimate, e.source_line, e.changed_at_ms,"
    " (SELECT json_group_array(label) FROM (SELECT label FROM dataset_example_labels"
    "  WHERE example_id = e.id ORDER BY label))";

json parseStored(const std::string& text, int64_t exampleId, const char* column)
{
    json v = json::parse(text, nullptr, false);
    if (v.is_discarded())
        throw StoreError(StoreErrorKind::Corrupt, "Example " + std::to_string(exampleId) + " has unreadable "
                                                      + column + " (not valid JSON)");
    return v;
}

Example readExample(const Statement& st)
{
    Example ex;
    ex.id = st.int64(0);
    ex.datasetId = st.int64(1);
    ex.messages = parseStored(st.text(2), ex.id, "messages");
    if (!st.isNull(3))
        ex.preferredOutput = parseStored(st.text(3), ex.id, "preferred output");
    if (!st.isNull(4))
        ex.nonPreferredOutput = parseStored(st.text(4), ex.id, "non-preferred output");
    ex.extra = parseStored(st.text(5), ex.id, "extra fields");
    ex.metadata = parseStored(st.text(6), ex.id, "metadata");
    auto status = exampleStatusFromName(st.text(7));
    if (!status)
        throw StoreError(StoreErrorKind::Corrupt, "Example " + std::to_string(ex.id) + " has an unknown status '"
                                                      + st.text(7) + "'");
    ex.status = *status;
    if (!st.isNull(8))
        ex.rating = static_cast<int>(st.int64(8));
    ex.note = st.text(9);
    ex.tokenEstimate = st.int64(10);
    ex.sourceLine = st.optionalInt64(11);
    ex.changedAtMs = st.int64(12);
    for (const auto& label : parseStored(st.text(13), ex.id, "labels"))
        ex.labels.push_back(label.get<std::string>());
    return ex;
}

std::optional<Example> loadExample(sqlite3* db, int64_t exampleId)
{
    Statement st(db, std::string("SELECT ") + kExampleColumns + " FROM dataset_examples e WHERE e.id = ?");
    st.bind(1, exampleId);
    if (!st.step())
        return std::nullopt;
    return readExample(st);
}

/** The current value of each key of `keys` in `ex`, as history stores it. */
json fieldsOf(const Example& ex, const json& keys)
{
    json out = json::object();
    for (const auto& [key, unused] : keys.items()) {
        if (key == "status")
            out[key] = exampleStatusName(ex.status);
        else if (key == "rating")
            out[key] = ex.rating ? json(*ex.rating) : json(nullptr);
        else if (key == "note")
            out[key] = ex.note;
        else if (key == "labels")
            out[key] = ex.labels;
        else if (key == "messages")
            out[key] = ex.messages;
        else if (key == "preferred_output")
            out[key] = ex.preferredOutput;
        else if (key == "non_preferred_output")
            out[key] = ex.nonPreferredOutput;
    }
    return out;
}

void setFields(Example& ex, const json& fields)
{
    for (const auto& [key, value] : fields.items()) {
        if (key == "status") {
            auto s = exampleStatusFromName(value.get<std::string>());
            if (!s)
                throw StoreError(StoreErrorKind::Corrupt, "unknown status '" + value.get<std::string>() + "'");
            ex.status = *s;
        } else if (key == "rating") {
            ex.rating = value.is_null() ? std::nullopt : std::optional<int>(value.get<int>());
        } else if (key == "note") {
            ex.note = value.get<std::string>();
        } else if (key == "labels") {
            ex.labels = value.get<std::vector<std::string>>();
        } else if (key == "messages") {
            ex.messages = value;
        } else if (key == "preferred_output") {
            ex.preferredOutput = value;
        } else if (key == "non_preferred_output") {
            ex.nonPreferredOutput = value;
        }
    }
}

/** Writes `ex` back (all columns that label actions change); labels only when asked. */
void writeExample(sqlite3* db, const Example& ex, bool labelsChanged, int64_t nowMs)
{
    StoredExampleText t = storedText(ex);
    Statement up(db, "UPDATE dataset_examples SET messages_json = ?, preferred_json = ?, non_preferred_json = ?,"
                     " status = ?, rating = ?, note = ?, content_hash = ?, token_estimate = ?, changed_at_ms = ?"
                     " WHERE id = ?");
    up.bind(1, t.messages).bind(2, t.preferred).bind(3, t.nonPreferred).bind(4, exampleStatusName(ex.status));
    up.bind(5, ex.rating ? std::optional<int64_t>(*ex.rating) : std::nullopt).bind(6, ex.note);
    up.bind(7, t.contentHash).bind(8, countMessageTokens(ex.messages)).bind(9, nowMs).bind(10, ex.id);
    up.run();
    if (!labelsChanged)
        return;
    Statement del(db, "DELETE FROM dataset_example_labels WHERE example_id = ?");
    del.bind(1, ex.id).run();
    Statement ins(db, "INSERT OR IGNORE INTO dataset_example_labels(dataset_id, example_id, label) VALUES (?, ?, ?)");
    for (const auto& label : ex.labels) {
        ins.reset();
        ins.bind(1, ex.datasetId).bind(2, ex.id).bind(3, label).run();
    }
}

/** WHERE clause and its parameters for a filter (parameters bound after dataset_id). */
struct FilterSql {
    std::string from = " FROM dataset_examples e";
    std::string where = " WHERE e.dataset_id = ?";
    std::vector<std::variant<int64_t, std::string>> params;
};

FilterSql filterSql(const ExampleFilter& f)
{
    FilterSql s;
    if (f.label) {
        s.from += " JOIN dataset_example_labels l ON l.example_id = e.id";
        s.where += " AND l.dataset_id = e.dataset_id AND l.label = ?";
        s.params.emplace_back(*f.label);
    }
    if (f.status) {
        s.where += " AND e.status = ?";
        s.params.emplace_back(std::string(exampleStatusName(*f.status)));
    }
    if (f.minRating) {
        s.where += " AND e.rating >= ?";
        s.params.emplace_back(int64_t(*f.minRating));
    }
    if (f.maxRating) {
        s.where += " AND e.rating <= ?";
        s.params.emplace_back(int64_t(*f.maxRating));
    }
    if (f.minTokens) {
        s.where += " AND e.token_estimate >= ?";
        s.params.emplace_back(*f.minTokens);
    }
    if (f.maxTokens) {
        s.where += " AND e.token_estimate <= ?";
        s.params.emplace_back(*f.maxTokens);
    }
    if (!f.textContains.empty()) {
        // Messages are stored as JSON: search for the text as JSON writes it, so quotes,
        // newlines and backslashes in the query match what the person typed. Any case for
        // Latin letters (SQLite's lower() folds ASCII only; asciiLower matches it).
        std::string needle = dumpJson(json(f.textContains));
        s.where += " AND instr(lower(e.messages_json), ?) > 0";
        s.params.emplace_back(asciiLower(needle.substr(1, needle.size() - 2)));
    }
    return s;
}

int bindFilter(Statement& st, int64_t datasetId, const FilterSql& s)
{
    int i = 1;
    st.bind(i++, datasetId);
    for (const auto& p : s.params) {
        if (std::holds_alternative<int64_t>(p))
            st.bind(i++, std::get<int64_t>(p));
        else
            st.bind(i++, std::get<std::string>(p));
    }
    return i;
}

StoreError notFound(int64_t exampleId)
{
    return StoreError(StoreErrorKind::NotFound, "Example " + std::to_string(exampleId) + " does not exist "
                                                "(it may have been deleted with its dataset)");
}

} // namespace

DatasetRepository::DatasetRepository(store::Workspace& workspace)
    : m_workspace(workspace)
{
}

int64_t DatasetRepository::create(const std::string& name)
{
    if (name.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, "A dataset needs a name");
    if (find(name))
        throw StoreError(StoreErrorKind::InvalidArgument, "A dataset named '" + name + "' already exists in "
                                                              + m_workspace.path());
    const int64_t now = store::Workspace::nowMs();
    Statement st(m_workspace.handle(), "INSERT INTO datasets(name, created_at_ms, updated_at_ms) VALUES (?, ?, ?)");
    st.bind(1, name).bind(2, now).bind(3, now).run();
    return sqlite3_last_insert_rowid(m_workspace.handle());
}

int64_t DatasetRepository::ensure(const std::string& name)
{
    if (auto existing = find(name))
        return existing->id;
    return create(name);
}

std::optional<DatasetInfo> DatasetRepository::find(const std::string& name) const
{
    Statement st(m_workspace.handle(), "SELECT id FROM datasets WHERE name = ?");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    return info(st.int64(0));
}

std::optional<DatasetInfo> DatasetRepository::info(int64_t datasetId) const
{
    Statement st(m_workspace.handle(),
                 "SELECT id, name, created_at_ms, updated_at_ms,"
                 " (SELECT count(*) FROM dataset_examples WHERE dataset_id = d.id) FROM datasets d WHERE id = ?");
    st.bind(1, datasetId);
    if (!st.step())
        return std::nullopt;
    return DatasetInfo{st.int64(0), st.text(1), st.int64(4), st.int64(2), st.int64(3)};
}

std::vector<DatasetInfo> DatasetRepository::list() const
{
    std::vector<DatasetInfo> out;
    Statement st(m_workspace.handle(), "SELECT id FROM datasets ORDER BY name");
    while (st.step())
        out.push_back(*info(st.int64(0)));
    return out;
}

void DatasetRepository::remove(int64_t datasetId)
{
    store::Transaction tx(m_workspace.handle());
    // Children first, in bulk: the per-row cascade would be far slower at a million rows.
    for (const char* sql : {"DELETE FROM dataset_history WHERE dataset_id = ?",
                            "DELETE FROM dataset_example_labels WHERE dataset_id = ?",
                            "DELETE FROM dataset_rejected_lines WHERE dataset_id = ?",
                            "DELETE FROM dataset_examples WHERE dataset_id = ?",
                            "DELETE FROM datasets WHERE id = ?"}) {
        Statement st(m_workspace.handle(), sql);
        st.bind(1, datasetId).run();
    }
    tx.commit();
}

std::optional<int64_t> DatasetRepository::addExample(int64_t datasetId, const Example& example)
{
    std::string reason;
    if (!validateMessages(example.messages, "messages", reason))
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot add the example: " + reason);
    StoredExampleText t = storedText(example);
    sqlite3* db = m_workspace.handle();
    store::Transaction tx(db);
    Statement dup(db, "SELECT messages_json, preferred_json, non_preferred_json, extra_json FROM dataset_examples"
                      " WHERE dataset_id = ? AND content_hash = ?");
    dup.bind(1, datasetId).bind(2, t.contentHash);
    while (dup.step()) {
        auto optionalText = [&](int column) {
            return dup.isNull(column) ? std::nullopt : std::optional<std::string>(dup.text(column));
        };
        if (sameStoredContent(t, dup.text(0), optionalText(1), optionalText(2), dup.text(3)))
            return std::nullopt;
    }
    Statement st(db, "INSERT INTO dataset_examples(dataset_id, messages_json, preferred_json, non_preferred_json,"
                     " extra_json, metadata_json, status, rating, note, content_hash, token_estimate, source_line,"
                     " changed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, datasetId).bind(2, t.messages).bind(3, t.preferred).bind(4, t.nonPreferred).bind(5, t.extra);
    st.bind(6, t.metadata).bind(7, exampleStatusName(example.status));
    st.bind(8, example.rating ? std::optional<int64_t>(*example.rating) : std::nullopt).bind(9, example.note);
    st.bind(10, t.contentHash).bind(11, countMessageTokens(example.messages)).bind(12, example.sourceLine);
    st.bind(13, store::Workspace::nowMs());
    st.run();
    const int64_t id = sqlite3_last_insert_rowid(db);
    Statement label(db, "INSERT OR IGNORE INTO dataset_example_labels(dataset_id, example_id, label) VALUES (?, ?, ?)");
    for (const auto& l : example.labels) {
        label.reset();
        label.bind(1, datasetId).bind(2, id).bind(3, l).run();
    }
    tx.commit();
    return id;
}

std::optional<Example> DatasetRepository::example(int64_t exampleId) const
{
    return loadExample(m_workspace.handle(), exampleId);
}

ExamplePage DatasetRepository::page(int64_t datasetId, const ExampleFilter& filter, int64_t cursor, int limit,
                                    bool descending) const
{
    FilterSql s = filterSql(filter);
    std::string sql = std::string("SELECT ") + kExampleColumns + s.from + s.where;
    if (descending && cursor > 0)
        sql += " AND e.id < ?";
    else if (!descending)
        sql += " AND e.id > ?";
    sql += descending ? " ORDER BY e.id DESC LIMIT ?" : " ORDER BY e.id LIMIT ?";
    Statement st(m_workspace.handle(), sql);
    int i = bindFilter(st, datasetId, s);
    if (!descending || cursor > 0)
        st.bind(i++, cursor);
    st.bind(i, int64_t(std::max(limit, 0)));
    ExamplePage page;
    while (st.step())
        page.examples.push_back(readExample(st));
    if (limit > 0 && int(page.examples.size()) == limit)
        page.nextCursor = page.examples.back().id;
    return page;
}

int64_t DatasetRepository::count(int64_t datasetId, const ExampleFilter& filter) const
{
    FilterSql s = filterSql(filter);
    Statement st(m_workspace.handle(), "SELECT count(*)" + s.from + s.where);
    bindFilter(st, datasetId, s);
    return st.step() ? st.int64(0) : 0;
}

std::optional<int64_t> DatasetRepository::seek(int64_t datasetId, const ExampleFilter& filter, int64_t cursor,
                                               int64_t skip, bool descending) const
{
    FilterSql s = filterSql(filter);
    std::string sql = "SELECT e.id" + s.from + s.where;
    if (descending && cursor > 0)
        sql += " AND e.id < ?";
    else if (!descending)
        sql += " AND e.id > ?";
    sql += descending ? " ORDER BY e.id DESC LIMIT 1 OFFSET ?" : " ORDER BY e.id LIMIT 1 OFFSET ?";
    Statement st(m_workspace.handle(), sql);
    int i = bindFilter(st, datasetId, s);
    if (!descending || cursor > 0)
        st.bind(i++, cursor);
    st.bind(i, std::max<int64_t>(skip, 0));
    if (!st.step())
        return std::nullopt;
    return st.int64(0);
}

int64_t DatasetRepository::position(int64_t datasetId, const ExampleFilter& filter, int64_t exampleId,
                                   bool descending) const
{
    FilterSql s = filterSql(filter);
    Statement st(m_workspace.handle(), "SELECT count(*)" + s.from + s.where + (descending ? " AND e.id > ?" : " AND e.id < ?"));
    const int i = bindFilter(st, datasetId, s);
    st.bind(i, exampleId);
    return st.step() ? st.int64(0) : 0;
}

std::optional<int64_t> DatasetRepository::nextPending(int64_t datasetId, int64_t afterId) const
{
    Statement st(m_workspace.handle(), "SELECT id FROM dataset_examples WHERE dataset_id = ? AND status = 'pending'"
                                       " AND id > ? ORDER BY id LIMIT 1");
    for (int64_t from : {afterId, int64_t(0)}) {
        st.reset();
        st.bind(1, datasetId).bind(2, from);
        if (st.step())
            return st.int64(0);
    }
    return std::nullopt;
}

void DatasetRepository::applyAction(int64_t exampleId, const char* action, const json& newFields)
{
    sqlite3* db = m_workspace.handle();
    store::Transaction tx(db);
    std::optional<Example> ex = loadExample(db, exampleId);
    if (!ex)
        throw notFound(exampleId);
    json oldFields = fieldsOf(*ex, newFields);
    if (oldFields == newFields)
        return;   // nothing changes: no write, no history row to undo
    setFields(*ex, newFields);
    const int64_t now = store::Workspace::nowMs();
    writeExample(db, *ex, newFields.contains("labels"), now);
    Statement h(db, "INSERT INTO dataset_history(dataset_id, example_id, action, old_json, new_json, at_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?)");
    h.bind(1, ex->datasetId).bind(2, exampleId).bind(3, action).bind(4, dumpJson(oldFields));
    h.bind(5, dumpJson(newFields)).bind(6, now).run();
    tx.commit();
}

void DatasetRepository::setStatus(int64_t exampleId, ExampleStatus status)
{
    applyAction(exampleId, exampleStatusName(status), json{{"status", exampleStatusName(status)}});
}

void DatasetRepository::setRating(int64_t exampleId, std::optional<int> rating)
{
    if (rating && (*rating < 1 || *rating > 5))
        throw StoreError(StoreErrorKind::InvalidArgument, "A rating is 1 to 5 (got " + std::to_string(*rating) + ")");
    applyAction(exampleId, "rate", json{{"rating", rating ? json(*rating) : json(nullptr)}});
}

void DatasetRepository::addLabel(int64_t exampleId, const std::string& label)
{
    if (label.empty())
        throw StoreError(StoreErrorKind::InvalidArgument, "A label cannot be empty");
    std::optional<Example> ex = example(exampleId);
    if (!ex)
        throw notFound(exampleId);
    std::vector<std::string> labels = ex->labels;
    if (std::find(labels.begin(), labels.end(), label) == labels.end())
        labels.push_back(label);
    std::sort(labels.begin(), labels.end());
    applyAction(exampleId, "tag", json{{"labels", labels}});
}

void DatasetRepository::removeLabel(int64_t exampleId, const std::string& label)
{
    std::optional<Example> ex = example(exampleId);
    if (!ex)
        throw notFound(exampleId);
    std::vector<std::string> labels = ex->labels;
    labels.erase(std::remove(labels.begin(), labels.end(), label), labels.end());
    applyAction(exampleId, "untag", json{{"labels", labels}});
}

void DatasetRepository::setNote(int64_t exampleId, const std::string& note)
{
    applyAction(exampleId, "note", json{{"note", note}});
}

void DatasetRepository::editMessage(int64_t exampleId, size_t index, const std::string& content)
{
    std::optional<Example> ex = example(exampleId);
    if (!ex)
        throw notFound(exampleId);
    if (index >= ex->messages.size())
        throw StoreError(StoreErrorKind::InvalidArgument, "Example " + std::to_string(exampleId) + " has no message "
                                                              + std::to_string(index) + " (it has "
                                                              + std::to_string(ex->messages.size()) + ")");
    json messages = ex->messages;
    messages[index]["content"] = content;
    applyAction(exampleId, "edit", json{{"messages", std::move(messages)}});
}

void DatasetRepository::setMessages(int64_t exampleId, const json& messages)
{
    std::string reason;
    if (!validateMessages(messages, "messages", reason))
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot change example " + std::to_string(exampleId)
                                                              + ": " + reason);
    applyAction(exampleId, "edit", json{{"messages", messages}});
}

void DatasetRepository::setPreferencePair(int64_t exampleId, const json& preferred, const json& nonPreferred)
{
    std::string reason;
    if (!preferred.is_null() || !nonPreferred.is_null()) {
        if (!validateMessages(preferred, "preferred_output", reason)
            || !validateMessages(nonPreferred, "non_preferred_output", reason))
            throw StoreError(StoreErrorKind::InvalidArgument, "Cannot save the preference pair of example "
                                                                  + std::to_string(exampleId) + ": " + reason);
    }
    applyAction(exampleId, "pair", json{{"preferred_output", preferred}, {"non_preferred_output", nonPreferred}});
}

void DatasetRepository::savePreferencePair(int64_t exampleId, const json& prompt, const json& preferred,
                                           const json& nonPreferred)
{
    std::string reason;
    if (!validateMessages(prompt, "messages", reason) || !validateMessages(preferred, "preferred_output", reason)
        || !validateMessages(nonPreferred, "non_preferred_output", reason))
        throw StoreError(StoreErrorKind::InvalidArgument, "Cannot save the preference pair of example "
                                                              + std::to_string(exampleId) + ": " + reason);
    applyAction(exampleId, "pair", json{{"messages", prompt}, {"preferred_output", preferred},
                                        {"non_preferred_output", nonPreferred}});
}

std::optional<int64_t> DatasetRepository::undo(int64_t datasetId)
{
    sqlite3* db = m_workspace.handle();
    store::Transaction tx(db);
    Statement last(db, "SELECT id, example_id, old_json FROM dataset_history WHERE dataset_id = ? AND undone = 0"
                       " ORDER BY id DESC LIMIT 1");
    last.bind(1, datasetId);
    if (!last.step())
        return std::nullopt;
    const int64_t historyId = last.int64(0);
    const int64_t exampleId = last.int64(1);
    json oldFields = parseStored(last.text(2), exampleId, "history");
    std::optional<Example> ex = loadExample(db, exampleId);
    if (!ex)
        throw notFound(exampleId);
    setFields(*ex, oldFields);
    writeExample(db, *ex, oldFields.contains("labels"), store::Workspace::nowMs());
    Statement mark(db, "UPDATE dataset_history SET undone = 1 WHERE id = ?");
    mark.bind(1, historyId).run();
    tx.commit();
    return exampleId;
}

int64_t DatasetRepository::undoDepth(int64_t datasetId) const
{
    Statement st(m_workspace.handle(), "SELECT count(*) FROM dataset_history WHERE dataset_id = ? AND undone = 0");
    st.bind(1, datasetId);
    return st.step() ? st.int64(0) : 0;
}

int DatasetRepository::histogramBucket(int64_t tokens)
{
    int bucket = 0;
    for (int64_t upper = 32; tokens >= upper && bucket < 40; upper *= 2)
        ++bucket;
    return bucket;
}

DatasetStats DatasetRepository::stats(int64_t datasetId, const TokenCounter& counter) const
{
    sqlite3* db = m_workspace.handle();
    DatasetStats s;
    for (ExampleStatus status : {ExampleStatus::Pending, ExampleStatus::Accepted, ExampleStatus::Rejected,
                                 ExampleStatus::Skipped})
        s.byStatus[exampleStatusName(status)] = 0;
    Statement byStatus(db, "SELECT status, count(*) FROM dataset_examples WHERE dataset_id = ? GROUP BY status");
    byStatus.bind(1, datasetId);
    while (byStatus.step()) {
        s.byStatus[byStatus.text(0)] = byStatus.int64(1);
        s.examples += byStatus.int64(1);
    }
    Statement byLabel(db, "SELECT label, count(*) FROM dataset_example_labels WHERE dataset_id = ? GROUP BY label");
    byLabel.bind(1, datasetId);
    while (byLabel.step())
        s.byLabel[byLabel.text(0)] = byLabel.int64(1);
    Statement byRating(db, "SELECT rating, count(*) FROM dataset_examples WHERE dataset_id = ? AND rating IS NOT NULL"
                           " GROUP BY rating");
    byRating.bind(1, datasetId);
    while (byRating.step())
        s.byRating[int(byRating.int64(0))] = byRating.int64(1);
    Statement rejected(db, "SELECT count(*) FROM dataset_rejected_lines WHERE dataset_id = ?");
    rejected.bind(1, datasetId);
    s.rejectedLines = rejected.step() ? rejected.int64(0) : 0;

    std::vector<int64_t> counts;
    Statement lengths(db, counter ? "SELECT messages_json FROM dataset_examples WHERE dataset_id = ?"
                                  : "SELECT token_estimate FROM dataset_examples WHERE dataset_id = ?");
    lengths.bind(1, datasetId);
    while (lengths.step()) {
        int64_t tokens = counter ? countMessageTokens(json::parse(lengths.text(0), nullptr, false), counter)
                                 : lengths.int64(0);
        size_t b = size_t(histogramBucket(tokens));
        if (counts.size() <= b)
            counts.resize(b + 1, 0);
        ++counts[b];
    }
    for (size_t b = 0; b < counts.size(); ++b) {
        HistogramBucket bucket;
        bucket.minTokens = b == 0 ? 0 : (int64_t(32) << (b - 1));
        bucket.maxTokens = int64_t(32) << b;
        bucket.count = counts[b];
        s.tokenHistogram.push_back(bucket);
    }
    return s;
}

std::map<std::string, int64_t> DatasetRepository::labelCounts(int64_t datasetId) const
{
    Statement st(m_workspace.handle(), "SELECT label, count(*) FROM dataset_example_labels WHERE dataset_id = ?"
                                       " GROUP BY label ORDER BY label");
    st.bind(1, datasetId);
    std::map<std::string, int64_t> out;
    while (st.step())
        out[st.text(0)] = st.int64(1);
    return out;
}

std::vector<RejectedLine> DatasetRepository::rejectedLines(int64_t datasetId, int64_t afterId, int limit) const
{
    Statement st(m_workspace.handle(), "SELECT id, source, line_number, reason, raw_text FROM dataset_rejected_lines"
                                       " WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ?");
    st.bind(1, datasetId).bind(2, afterId).bind(3, int64_t(limit));
    std::vector<RejectedLine> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.int64(2), st.text(3), st.text(4)});
    return out;
}

} // namespace triad::datasets
