#pragma once
// Exact-match accuracy of a chat model on the held-out prompts of the bundled corpus: each
// prompt is sent alone through the model's chat template, answered greedily, and the answer
// (surrounding whitespace trimmed) must equal the expected text exactly.
//
//   auto model = engine::Model::load(path);
//   EvalReport r = evaluateHeldOut(*model, 50, 1);   // r.tasks[i].correct / r.tasks[i].total

#include "core/train/corpus/CorpusExample.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace triad::engine {
class LoraAdapter;
class Model;
}

namespace triad::train::corpus {

struct TaskScore {
    Task task = Task::Arithmetic;
    int total = 0;
    int correct = 0;
    std::vector<std::pair<CorpusExample, std::string>> misses; ///< example, answer given (first few)
    double rate() const { return total == 0 ? 0.0 : double(correct) / double(total); }
};

struct EvalReport {
    std::vector<TaskScore> tasks;
    int total() const;
    int correct() const;
    double rate() const;
};

/**
 * @p perTask held-out prompts of every bundled task (or of @p onlyTasks when not empty, e.g.
 * the sample fine-tuning task), drawn with @p seed; held-out prompts never occur in the
 * build's corpus nor in `sample-sft` files. @p threadCount 0 = all hardware threads.
 * @p adapter, when set, is applied to every answer (a fine-tune measured on its base).
 */
EvalReport evaluateHeldOut(const engine::Model& model, int perTask, uint64_t seed, int threadCount = 0,
                           std::span<const Task> onlyTasks = {},
                           std::shared_ptr<const engine::LoraAdapter> adapter = nullptr);

} // namespace triad::train::corpus
