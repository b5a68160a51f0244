#include "core/datasets/DatasetExporter.h"

#include <fstream>

#include <sqlite3.h>

#include "core/datasets/ExampleCodec.h"
#include "core/store/Statement.h"
#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::datasets {

namespace {

using nlohmann::json;
using store::Statement;
using store::StoreError;
using store::StoreErrorKind;

/** The exporter's view of one stored row: the JSON texts, parsed only when needed. */
struct Row {
    int64_t id = 0;
    std::string messages;
    std::optional<std::string> preferred;
    std::optional<std::string> nonPreferred;
    std::string extra;
    std::string metadata;
};

/** Streams the rows of a dataset (optionally of one status) in id order. */
template <typename Fn>
void forEachRow(sqlite3* db, int64_t datasetId, std::optional<ExampleStatus> status, Fn&& fn)
{
    std::string sql = "SELECT id, messages_json, preferred_json, non_preferred_json, extra_json, metadata_json"
                      " FROM dataset_examples WHERE dataset_id = ?";
    if (status)
        sql += " AND status = ?";
    sql += " ORDER BY id";
    Statement st(db, sql);
    st.bind(1, datasetId);
    if (status)
        st.bind(2, exampleStatusName(*status));
    Row row;
    while (st.step()) {
        row.id = st.int64(0);
        row.messages = st.text(1);
        row.preferred = st.isNull(2) ? std::nullopt : std::optional<std::string>(st.text(2));
        row.nonPreferred = st.isNull(3) ? std::nullopt : std::optional<std::string>(st.text(3));
        row.extra = st.text(4);
        row.metadata = st.text(5);
        fn(row);
    }
}

json parseRowJson(const std::string& text, int64_t id)
{
    json v = json::parse(text, nullptr, false);
    if (v.is_discarded())
        throw StoreError(StoreErrorKind::Corrupt, "Example " + std::to_string(id) + " cannot be exported: its stored JSON is damaged");
    return v;
}

Example rowExample(const Row& row)
{
    Example ex;
    ex.id = row.id;
    ex.messages = parseRowJson(row.messages, row.id);
    if (row.preferred)
        ex.preferredOutput = parseRowJson(*row.preferred, row.id);
    if (row.nonPreferred)
        ex.nonPreferredOutput = parseRowJson(*row.nonPreferred, row.id);
    ex.extra = parseRowJson(row.extra, row.id);
    ex.metadata = parseRowJson(row.metadata, row.id);
    return ex;
}

/**
 * The output line of a row, or "" when the format cannot express it. The common SFT case
 * is assembled from the stored JSON texts without parsing them: they are already compact
 * JSON, and this keeps export faster than import.
 */
std::string lineFor(const Row& row, const ExportOptions& options)
{
    if (options.format == ExportFormat::Preference) {
        if (!row.preferred || !row.nonPreferred)
            return {};
        json out = toPreferenceJson(rowExample(row), options.includeMetadata);
        return out.is_null() ? std::string() : dumpJson(out);
    }
    if (row.preferred && row.extra != "{}")
        return dumpJson(toSftJson(rowExample(row), options.includeMetadata));
    std::string line = "{";
    if (row.extra.size() > 2) {
        line.append(row.extra, 1, row.extra.size() - 2);
        line += ',';
    }
    line += "\"messages\":";
    if (row.preferred && row.preferred->size() > 2 && row.messages.size() > 2) {
        line.append(row.messages, 0, row.messages.size() - 1);
        line += ',';
        line.append(*row.preferred, 1, std::string::npos);
    } else {
        line += row.messages;
    }
    if (options.includeMetadata && row.metadata.size() > 2) {
        line += ",\"metadata\":";
        line += row.metadata;
    }
    line += '}';
    return line;
}

std::ofstream openOutput(const std::string& path)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw StoreError(StoreErrorKind::CannotOpen, "Cannot write " + path + ": the folder is missing or not writable");
    return out;
}

void finishOutput(std::ofstream& out, const std::string& path)
{
    out.flush();
    if (!out)
        throw StoreError(StoreErrorKind::Sql, "Cannot write " + path + ": the disk may be full");
}

bool isBlankText(const json& content)
{
    if (content.is_string())
        return content.get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos;
    if (content.is_array())
        return content.empty();
    return false;
}

std::string roleOf(const json& m)
{
    auto r = m.find("role");
    return r != m.end() && r->is_string() ? r->get<std::string>() : std::string();
}

} // namespace

const char* validationIssueKindName(ValidationIssueKind kind)
{
    switch (kind) {
    case ValidationIssueKind::EmptyContent: return "empty_content";
    case ValidationIssueKind::RoleOrder: return "role_order";
    case ValidationIssueKind::NoAssistant: return "no_assistant";
    case ValidationIssueKind::TooLong: return "too_long";
    }
    return "unknown";
}

DatasetExporter::DatasetExporter(store::Workspace& workspace)
    : m_workspace(workspace)
{
}

ExportSummary DatasetExporter::exportFile(int64_t datasetId, const std::string& path, const ExportOptions& options)
{
    std::ofstream out = openOutput(path);
    ExportSummary s = exportStream(datasetId, out, options);
    finishOutput(out, path);
    return s;
}

ExportSummary DatasetExporter::exportStream(int64_t datasetId, std::ostream& out, const ExportOptions& options)
{
    ExportSummary s;
    forEachRow(m_workspace.handle(), datasetId, options.status, [&](const Row& row) {
        std::string line = lineFor(row, options);
        if (line.empty()) {
            ++s.skipped;
            return;
        }
        line += '\n';
        out.write(line.data(), std::streamsize(line.size()));
        ++s.written;
    });
    return s;
}

ExportSummary DatasetExporter::exportSplit(int64_t datasetId, const std::string& trainPath,
                                           const std::string& validationPath, double validationFraction,
                                           uint64_t seed, const ExportOptions& options)
{
    if (!(validationFraction >= 0.0 && validationFraction <= 1.0))
        throw StoreError(StoreErrorKind::InvalidArgument, "The validation fraction must be between 0 and 1 (got "
                                                              + std::to_string(validationFraction) + ")");
    std::ofstream train = openOutput(trainPath);
    std::ofstream validation = openOutput(validationPath);
    ExportSummary s;
    forEachRow(m_workspace.handle(), datasetId, options.status, [&](const Row& row) {
        std::string line = lineFor(row, options);
        if (line.empty()) {
            ++s.skipped;
            return;
        }
        line += '\n';
        // splitmix64 of (seed, id): uniform, stable, independent of row order.
        uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (uint64_t(row.id) + 1);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        const bool toValidation = double(z >> 11) * 0x1.0p-53 < validationFraction;
        (toValidation ? validation : train).write(line.data(), std::streamsize(line.size()));
        ++(toValidation ? s.validationWritten : s.trainWritten);
        ++s.written;
    });
    finishOutput(train, trainPath);
    finishOutput(validation, validationPath);
    return s;
}

std::vector<ValidationIssue> DatasetExporter::checkExample(const Example& example, const ValidationOptions& options,
                                                           int64_t* tokensOut)
{
    std::vector<ValidationIssue> issues;
    auto add = [&](ValidationIssueKind kind, std::string message) {
        issues.push_back({example.id, kind, std::move(message)});
    };
    json conversation = example.messages;
    if (example.preferredOutput.is_array()) {
        for (const auto& m : example.preferredOutput)
            conversation.push_back(m);
    }
    bool trainable = false;
    bool seenNonSystem = false;
    std::string previous;
    for (size_t i = 0; i < conversation.size(); ++i) {
        const json& m = conversation[i];
        const std::string at = "messages[" + std::to_string(i) + "]";
        const std::string role = roleOf(m);
        auto content = m.find("content");
        bool hasCalls = m.contains("tool_calls") || m.contains("function_call");
        if ((content == m.end() || content->is_null()) ? !hasCalls : (isBlankText(*content) && !hasCalls))
            add(ValidationIssueKind::EmptyContent, at + " (" + role + ") has no text");
        if (role == "system" || role == "developer") {
            if (seenNonSystem)
                add(ValidationIssueKind::RoleOrder, at + " is a " + role + " message after the conversation started");
        } else {
            if (!seenNonSystem && role != "user")
                add(ValidationIssueKind::RoleOrder, at + " opens the conversation as " + role + ", expected user");
            if ((role == "user" || role == "assistant") && role == previous)
                add(ValidationIssueKind::RoleOrder, at + " follows another " + role + " message");
            if (role == "tool" && previous != "assistant" && previous != "tool")
                add(ValidationIssueKind::RoleOrder, at + " is a tool result that answers no assistant tool call");
            seenNonSystem = true;
        }
        if (role == "assistant") {
            auto w = m.find("weight");
            if (w == m.end() || !w->is_number_integer() || w->get<int64_t>() != 0)
                trainable = true;
        }
        previous = role;
    }
    if (!trainable)
        add(ValidationIssueKind::NoAssistant, "no assistant message to train on (none, or all have weight 0)");
    const int64_t tokens = countMessageTokens(conversation, options.counter);
    if (tokensOut)
        *tokensOut = tokens;
    if (options.contextTokens > 0 && tokens > options.contextTokens)
        add(ValidationIssueKind::TooLong, std::to_string(tokens) + (options.counter ? " tokens" : " tokens (estimated)")
                                              + " exceed the context of " + std::to_string(options.contextTokens));
    return issues;
}

ValidationReport DatasetExporter::validate(int64_t datasetId, const ValidationOptions& options)
{
    ValidationReport report;
    report.tokensEstimated = !options.counter;
    for (ValidationIssueKind k : {ValidationIssueKind::EmptyContent, ValidationIssueKind::RoleOrder,
                                  ValidationIssueKind::NoAssistant, ValidationIssueKind::TooLong})
        report.countsByKind[validationIssueKindName(k)] = 0;
    forEachRow(m_workspace.handle(), datasetId, options.status, [&](const Row& row) {
        int64_t tokens = 0;
        std::vector<ValidationIssue> issues = checkExample(rowExample(row), options, &tokens);
        ++report.checked;
        report.totalTokens += tokens;
        report.maxTokens = std::max(report.maxTokens, tokens);
        if (!issues.empty())
            ++report.examplesWithIssues;
        for (auto& issue : issues) {
            ++report.countsByKind[validationIssueKindName(issue.kind)];
            if (report.issues.size() < options.maxListedIssues)
                report.issues.push_back(std::move(issue));
        }
    });
    return report;
}

} // namespace triad::datasets
