#include "core/train/corpus/BundledModelEvaluator.h"

#include "core/engine/Generator.h"
#include "core/engine/LoraAdapter.h"
#include "core/engine/Model.h"
#include "core/engine/Transformer.h"
#include "core/train/corpus/CorpusGenerator.h"

namespace triad::train::corpus {

namespace {

std::string trimmed(const std::string& s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

} // namespace

int EvalReport::total() const
{
    int n = 0;
    for (const TaskScore& t : tasks)
        n += t.total;
    return n;
}

int EvalReport::correct() const
{
    int n = 0;
    for (const TaskScore& t : tasks)
        n += t.correct;
    return n;
}

double EvalReport::rate() const
{
    return total() == 0 ? 0.0 : double(correct()) / double(total());
}

EvalReport evaluateHeldOut(const engine::Model& model, int perTask, uint64_t seed, int threadCount,
                           std::span<const Task> onlyTasks, std::shared_ptr<const engine::LoraAdapter> adapter)
{
    const std::vector<Task> tasks = onlyTasks.empty() ? bundledTasks() : std::vector<Task>(onlyTasks.begin(), onlyTasks.end());
    const CorpusSplit split = makeCorpusSplit(tasks, 0, perTask, seed);
    engine::TransformerParams tp;
    tp.contextLength = 512;
    tp.threadCount = threadCount;
    auto context = model.createContext(tp);
    if (adapter)
        context->setAdapter(std::move(adapter), 1.0f);
    engine::Generator generator(model, *context);
    engine::GenerationParams gp;
    gp.maxTokens = 64;
    gp.sampler = engine::SamplerParams::greedy();

    EvalReport report;
    for (Task t : tasks)
        report.tasks.push_back({.task = t, .total = 0, .correct = 0, .misses = {}});
    for (const CorpusExample& e : split.heldOut) {
        std::vector<engine::ChatTurn> turns;
        if (!e.system.empty())
            turns.push_back({"system", e.system});
        turns.push_back({"user", e.user});
        const engine::GenerationResult r =
            generator.generateChat(std::span<const engine::ChatTurn>(turns), gp, [](std::string_view) { return true; });
        TaskScore& score = report.tasks[size_t(std::find(tasks.begin(), tasks.end(), e.task) - tasks.begin())];
        ++score.total;
        const std::string answer = trimmed(r.text);
        if (answer == e.assistant)
            ++score.correct;
        else if (score.misses.size() < 3)
            score.misses.emplace_back(e, answer);
    }
    return report;
}

} // namespace triad::train::corpus
