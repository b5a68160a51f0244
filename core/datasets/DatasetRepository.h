#pragma once
// Datasets and their examples in the workspace, with the label actions of the labeling view.
// Errors: everything throws store::StoreError (see core/store/StoreError.h).
//
//   triad::datasets::DatasetRepository repo(*workspace);
//   int64_t ds = repo.ensure("support-sft");
//   auto page = repo.page(ds, {.status = ExampleStatus::Pending}, 0, 100);
//   repo.setStatus(page.examples[0].id, ExampleStatus::Accepted);   // committed at once
//   repo.undo(ds);                                                   // back to pending
//
// Every label action is its own short transaction with a history row (old and new values),
// so it survives a crash the moment it returns and can be undone many levels deep.
// Listing is keyset-paginated by id: a page costs the same at row 10 and at row 1,000,000.
// Use from one thread, like the Workspace it wraps.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/datasets/Example.h"
#include "core/datasets/TokenCounter.h"

namespace triad::store {
class Workspace;
}

namespace triad::datasets {

struct DatasetInfo {
    int64_t id = 0;
    std::string name;
    int64_t exampleCount = 0;
    int64_t createdAtMs = 0;
    int64_t updatedAtMs = 0;
};

/** A line an import could not use, kept for review. */
struct RejectedLine {
    int64_t id = 0;
    std::string source;        ///< the imported file
    int64_t lineNumber = 0;    ///< 1-based
    std::string reason;
    std::string rawText;
};

struct HistogramBucket {
    int64_t minTokens = 0;     ///< inclusive
    int64_t maxTokens = 0;     ///< exclusive
    int64_t count = 0;
};

struct DatasetStats {
    int64_t examples = 0;
    std::map<std::string, int64_t> byStatus;   ///< every status, zero included
    std::map<std::string, int64_t> byLabel;
    std::map<int, int64_t> byRating;           ///< 1..5, rated examples only
    int64_t rejectedLines = 0;
    /** Power-of-two buckets from [0,32) up to the one holding the longest example. */
    std::vector<HistogramBucket> tokenHistogram;
};

class DatasetRepository {
public:
    explicit DatasetRepository(store::Workspace& workspace);

    /** Creates an empty dataset. Throws InvalidArgument for an empty or taken name. */
    int64_t create(const std::string& name);
    /** The dataset's id, creating it when there is none of that name. */
    int64_t ensure(const std::string& name);
    std::optional<DatasetInfo> find(const std::string& name) const;
    std::optional<DatasetInfo> info(int64_t datasetId) const;
    std::vector<DatasetInfo> list() const;
    /** Deletes a dataset with all its examples, labels, history and rejected lines. */
    void remove(int64_t datasetId);

    /**
     * Adds one example (e.g. "Add to dataset" from the playground). Returns its id, or
     * nullopt when an identical example (same content hash and content) is already there.
     */
    std::optional<int64_t> addExample(int64_t datasetId, const Example& example);

    std::optional<Example> example(int64_t exampleId) const;

    /**
     * Up to `limit` examples matching `filter` with id > `cursor` (ascending) or
     * id < `cursor` (descending; cursor 0 = from the end).
     */
    ExamplePage page(int64_t datasetId, const ExampleFilter& filter, int64_t cursor, int limit,
                     bool descending = false) const;
    int64_t count(int64_t datasetId, const ExampleFilter& filter = {}) const;
    /**
     * The id of the example `skip` places after `cursor` in page()'s order (skip 0 = the
     * first one after it; cursor 0 = from the start, or from the end when descending), or
     * nullopt past the end. Walks the index only, so a virtualized list can jump to row
     * 900,000 without reading the rows it skips.
     */
    std::optional<int64_t> seek(int64_t datasetId, const ExampleFilter& filter, int64_t cursor, int64_t skip,
                                bool descending = false) const;
    /** How many examples matching `filter` come before `exampleId` in page()'s order
     *  (its row in a list showing that filter; the example need not match itself). */
    int64_t position(int64_t datasetId, const ExampleFilter& filter, int64_t exampleId,
                     bool descending = false) const;
    /** The first pending example after `afterId` (wrapping to the start), for "move on". */
    std::optional<int64_t> nextPending(int64_t datasetId, int64_t afterId) const;

    // Label actions: each one transaction + one history row. Throw NotFound for an
    // unknown example, InvalidArgument for a bad value.
    void setStatus(int64_t exampleId, ExampleStatus status);
    void setRating(int64_t exampleId, std::optional<int> rating);
    void addLabel(int64_t exampleId, const std::string& label);
    void removeLabel(int64_t exampleId, const std::string& label);
    void setNote(int64_t exampleId, const std::string& note);
    /** Replaces the content of message `index` (the rest of the message is kept). */
    void editMessage(int64_t exampleId, size_t index, const std::string& content);
    /** Replaces the whole conversation (add, remove, reorder turns, toggle weights). */
    void setMessages(int64_t exampleId, const nlohmann::json& messages);
    /** Makes the example a preference pair (or clears it with two nulls). */
    void setPreferencePair(int64_t exampleId, const nlohmann::json& preferred, const nlohmann::json& nonPreferred);

    /**
     * Makes the example a preference pair over `prompt` in one undoable action: its
     * messages become `prompt` (the conversation before the answers) and the two outputs
     * are stored, as an imported preference line would be.
     */
    void savePreferencePair(int64_t exampleId, const nlohmann::json& prompt, const nlohmann::json& preferred,
                            const nlohmann::json& nonPreferred);

    /** Reverts the newest not-yet-undone action of the dataset; returns the example it
     *  touched, or nullopt when there is nothing left to undo. */
    std::optional<int64_t> undo(int64_t datasetId);
    /** How many actions undo() can still revert. */
    int64_t undoDepth(int64_t datasetId) const;

    /** Counts and the token histogram; `counter` recounts every example (slow on big
     *  datasets), otherwise the estimate stored at import is used. */
    DatasetStats stats(int64_t datasetId, const TokenCounter& counter = {}) const;

    /** Every label used in the dataset with how many examples carry it (index only: fast at
     *  any size, unlike stats()). */
    std::map<std::string, int64_t> labelCounts(int64_t datasetId) const;

    std::vector<RejectedLine> rejectedLines(int64_t datasetId, int64_t afterId, int limit) const;

    /** Power-of-two histogram bucket index of a token count: [0,32) -> 0, [32,64) -> 1, ... */
    static int histogramBucket(int64_t tokens);

private:
    void applyAction(int64_t exampleId, const char* action, const nlohmann::json& newFields);

    store::Workspace& m_workspace;
};

} // namespace triad::datasets
