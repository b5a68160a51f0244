#pragma once
// One example of a fine-tuning dataset, as the labeling view and the exporters see it.
//
// The conversation is kept as JSON exactly as it was imported, so every field a message
// carried (name, tool_calls, weight, content parts...) comes back out unchanged on export:
//   messages            [{"role":"user","content":"..."}, {"role":"assistant","content":"...","weight":1}]
//   preferredOutput     null, or the chosen assistant turn(s) of a preference pair
//   nonPreferredOutput  null, or the rejected turn(s)
//   extra               other top-level fields of the line (e.g. "tools"), written back on export
//   metadata            the line's "metadata" object (free-form, written back on export)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace triad::datasets {

/** Where an example stands in review. 0 is not a valid value on purpose. */
enum class ExampleStatus {
    Pending = 1,
    Accepted,
    Rejected,
    Skipped,
};

/** "pending", "accepted", "rejected", "skipped" (the stored and exported names). */
const char* exampleStatusName(ExampleStatus status);
/** The status with that name, or nullopt for anything else. */
std::optional<ExampleStatus> exampleStatusFromName(std::string_view name);

struct Example {
    int64_t id = 0;          ///< 0 until stored
    int64_t datasetId = 0;
    nlohmann::json messages = nlohmann::json::array();
    nlohmann::json preferredOutput;      ///< null when the example is not a preference pair
    nlohmann::json nonPreferredOutput;   ///< null when the example is not a preference pair
    nlohmann::json extra = nlohmann::json::object();
    nlohmann::json metadata = nlohmann::json::object();
    ExampleStatus status = ExampleStatus::Pending;
    std::optional<int> rating;           ///< 1..5
    std::vector<std::string> labels;     ///< sorted, unique
    std::string note;
    int64_t tokenEstimate = 0;           ///< estimated tokens of all message contents
    std::optional<int64_t> sourceLine;   ///< 1-based line of the imported file, when imported
    int64_t changedAtMs = 0;

    bool isPreferencePair() const { return preferredOutput.is_array() && nonPreferredOutput.is_array(); }
};

/** What the example list shows; every field left empty means "any". */
struct ExampleFilter {
    std::optional<ExampleStatus> status;
    std::optional<std::string> label;
    std::optional<int> minRating;         ///< unrated examples never match a rating filter
    std::optional<int> maxRating;
    std::optional<int64_t> minTokens;
    std::optional<int64_t> maxTokens;
    std::string textContains;             ///< substring of any message (any case for A–Z)
};

/** True when `example` is one DatasetRepository::page() lists for `filter` (same rules:
 *  text is searched in the messages as JSON writes them). */
bool matchesFilter(const Example& example, const ExampleFilter& filter);

/** @p text with A–Z folded to a–z (what SQLite's lower() does; other bytes unchanged). */
std::string asciiLower(std::string text);

/** One page of a keyset-paginated listing (ordered by id). */
struct ExamplePage {
    std::vector<Example> examples;
    /** Pass as `afterId` (or `beforeId` when descending) for the next page; 0 = no more. */
    int64_t nextCursor = 0;
};

} // namespace triad::datasets
