#pragma once
// Export of a dataset: OpenAI SFT JSONL, preference JSONL, a seeded train/validation split,
// and a validation report. Streams row by row (constant memory).
//
//   DatasetExporter exporter(*workspace);
//   ExportOptions opt;                                  // accepted examples, SFT format
//   ExportSummary s = exporter.exportFile(datasetId, "train.jsonl", opt);
//   ValidationReport r = exporter.validate(datasetId, {.contextTokens = 8192});
//
// Errors: a file that cannot be written throws store::StoreError (CannotOpen).

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/datasets/Example.h"
#include "core/datasets/TokenCounter.h"

namespace triad::store {
class Workspace;
}

namespace triad::datasets {

enum class ExportFormat {
    Sft = 1,        ///< {"messages":[...]} (a preference pair exports its preferred answer)
    Preference,     ///< {"input":{"messages"},"preferred_output","non_preferred_output"}
};

struct ExportOptions {
    ExportFormat format = ExportFormat::Sft;
    /** Which examples; nullopt = every status. */
    std::optional<ExampleStatus> status = ExampleStatus::Accepted;
    /** Write the "metadata" object of examples that have one. */
    bool includeMetadata = true;
};

struct ExportSummary {
    int64_t written = 0;
    /** Examples of the chosen status that the format cannot express (e.g. no preference pair). */
    int64_t skipped = 0;
    int64_t trainWritten = 0;        ///< split only
    int64_t validationWritten = 0;   ///< split only
};

enum class ValidationIssueKind {
    EmptyContent = 1,    ///< a message with empty (or whitespace) text
    RoleOrder,           ///< system not first, no user turn, two turns of one role in a row, ...
    NoAssistant,         ///< nothing to train on: no assistant turn with weight 1
    TooLong,             ///< more tokens than the context
};

const char* validationIssueKindName(ValidationIssueKind kind);

struct ValidationIssue {
    int64_t exampleId = 0;
    ValidationIssueKind kind = ValidationIssueKind::EmptyContent;
    std::string message;
};

struct ValidationOptions {
    std::optional<ExampleStatus> status = ExampleStatus::Accepted;
    /** 0 = no length check. */
    int64_t contextTokens = 0;
    /** The model's tokenizer; the estimate when empty. */
    TokenCounter counter;
    /** Issues listed in the report (all are counted). */
    size_t maxListedIssues = 1000;
};

struct ValidationReport {
    int64_t checked = 0;
    int64_t examplesWithIssues = 0;
    std::map<std::string, int64_t> countsByKind;
    std::vector<ValidationIssue> issues;
    int64_t maxTokens = 0;
    int64_t totalTokens = 0;
    bool tokensEstimated = true;
};

class DatasetExporter {
public:
    explicit DatasetExporter(store::Workspace& workspace);

    ExportSummary exportFile(int64_t datasetId, const std::string& path, const ExportOptions& options = {});
    ExportSummary exportStream(int64_t datasetId, std::ostream& out, const ExportOptions& options = {});

    /**
     * Writes the examples into two files: each lands in validation when a hash of
     * (seed, example id) falls under `validationFraction`, so a seed always gives the
     * same split and adding examples never moves the old ones.
     */
    ExportSummary exportSplit(int64_t datasetId, const std::string& trainPath, const std::string& validationPath,
                              double validationFraction, uint64_t seed, const ExportOptions& options = {});

    ValidationReport validate(int64_t datasetId, const ValidationOptions& options = {});

    /** Problems of one example (used by validate() and by the editor). */
    static std::vector<ValidationIssue> checkExample(const Example& example, const ValidationOptions& options,
                                                     int64_t* tokensOut = nullptr);

private:
    store::Workspace& m_workspace;
};

} // namespace triad::datasets
