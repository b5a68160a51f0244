#include "core/train/corpus/BundledModelBuilder.h"

#include "core/engine/Model.h"
#include "core/train/ExampleRenderer.h"
#include "core/train/TrainableModel.h"
#include "core/train/corpus/BpeVocabBuilder.h"
#include "core/train/corpus/CorpusGenerator.h"

#include <cstdio>
#include <stdexcept>

namespace triad::train::corpus {

namespace {

SftDataset toDataset(const std::vector<CorpusExample>& examples)
{
    std::vector<SftExample> out;
    out.reserve(examples.size());
    for (const CorpusExample& e : examples) {
        SftExample s;
        if (!e.system.empty())
            s.messages.push_back({"system", e.system, 1.0f});
        s.messages.push_back({"user", e.user, 1.0f});
        s.messages.push_back({"assistant", e.assistant, 1.0f});
        out.push_back(std::move(s));
    }
    return SftDataset(std::move(out));
}

/** Removes the temporary initial model however the build ends. */
struct RemoveOnExit {
    std::string path;
    ~RemoveOnExit() { std::remove(path.c_str()); }
};

void writeTrained(const std::string& path, const BundledModelParams& p, const BpeVocab& vocab, TrainableModel& model)
{
    writeBundledModelFile(
        path, p.shape, vocab,
        [&](const std::string& name, int64_t count) {
            std::vector<float> v = model.trainedTensor(name);
            if (int64_t(v.size()) != count)
                throw std::runtime_error("bundled model: the trainer has no values for tensor " + name);
            return v;
        },
        p.matrixType);
}

bool fileExists(const std::string& path)
{
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

} // namespace

std::vector<Task> weightedBundledTasks(bool weightHardTasks)
{
    if (!weightHardTasks)
        return bundledTasks();
    std::vector<Task> out;
    for (Task t : bundledTasks()) {
        int weight = 1;
        switch (t) {
        case Task::Arithmetic:
        case Task::DateFormat:
        case Task::Spelling: weight = 3; break;
        case Task::UnitConversion:
        case Task::JsonExtraction: weight = 2; break;
        default: break;
        }
        out.insert(out.end(), size_t(weight), t);
    }
    return out;
}

BundledModelBuilder::BundledModelBuilder(BundledModelParams params) : m_params(std::move(params)) {}

bool BundledModelBuilder::build(const std::function<bool(const BuildEvent&)>& onEvent, const std::atomic<bool>* stop)
{
    const BundledModelParams& p = m_params;
    if (p.outPath.empty())
        throw std::invalid_argument("bundled model: no output path");
    if (const std::string problem = p.shape.problem(); !problem.empty())
        throw std::invalid_argument("bundled model shape: " + problem);
    if (p.steps < 1 || p.batchSize < 1)
        throw std::invalid_argument("bundled model: steps and batch size must be at least 1");

    const std::vector<Task> tasks = weightedBundledTasks(p.weightHardTasks);
    const auto perTask = int((p.steps * p.batchSize + int64_t(tasks.size()) - 1) / int64_t(tasks.size()));
    CorpusSplit split = makeCorpusSplit(tasks, perTask, p.validationPerTask, p.seed);
    // Exactly steps x batch examples: one pass, `steps` updates.
    split.train.resize(size_t(p.steps * p.batchSize));

    std::vector<std::string> texts;
    for (const CorpusExample& e : split.train) {
        texts.push_back(e.user);
        texts.push_back(e.assistant);
        if (!e.system.empty())
            texts.push_back(e.system);
    }
    const BpeVocab vocab = buildBpeVocab(texts, p.maxMerges, "qwen2");
    BuildEvent vocabEvent{.phase = "vocab"};
    vocabEvent.vocabSize = int64_t(vocab.tokens.size());
    if (!onEvent(vocabEvent))
        return false;

    const RemoveOnExit init{p.outPath + ".init.gguf"};
    writeBundledModelFile(init.path, p.shape, vocab, randomTensorValues(p.shape, p.seed), engine::GgmlType::F32);
    const auto base = engine::Model::load(init.path);

    const ExampleRenderer renderer(base->tokenizer(), base->chatTemplate(), p.shape.context);
    RenderStats stats, valStats;
    std::vector<RenderedExample> train = renderer.renderAll(toDataset(split.train), stats);
    std::vector<RenderedExample> validation = renderer.renderAll(toDataset(split.heldOut), valStats);
    if (p.promptLossWeight > 0.0f)
        for (RenderedExample& r : train)
            for (size_t t = 1; t < r.weights.size(); ++t)
                if (r.weights[t] == 0.0f)
                    r.weights[t] = p.promptLossWeight;
    BuildEvent corpusEvent{.phase = "corpus"};
    corpusEvent.examples = stats.examples;
    corpusEvent.tokens = stats.tokens;
    corpusEvent.trainedTokens = stats.trainedTokens;
    if (!onEvent(corpusEvent))
        return false;

    TrainableModelParams mp;
    mp.method = TrainMethod::Full;
    mp.seed = p.seed;
    mp.threadCount = p.threadCount;
    TrainableModel model(base->config(), base->weights(), mp);
    BuildEvent initEvent{.phase = "init"};
    initEvent.parameters = model.trainableParameterCount();
    if (!onEvent(initEvent))
        return false;

    TrainerParams tp;
    tp.epochs = 1;
    tp.batchSize = p.batchSize;
    tp.learningRate = p.learningRate;
    tp.warmupFraction = p.warmupFraction;
    tp.seed = p.seed;
    tp.validateEverySteps = p.validateEverySteps;
    tp.optimizer.weightDecay = 0.01f;
    Trainer trainer(model, std::move(train), std::move(validation), tp);
    if (!p.checkpointPath.empty() && fileExists(p.checkpointPath)) {
        trainer.loadCheckpoint(p.checkpointPath);
        BuildEvent resumed{.phase = "resumed"};
        resumed.path = p.checkpointPath;
        resumed.step = trainer.step();
        if (!onEvent(resumed))
            return false;
    }
    const bool finished = trainer.run(
        [&](const TrainProgress& pr) {
            BuildEvent e{.phase = "step"};
            e.progress = pr;
            if (!onEvent(e))
                return false;
            if (!p.checkpointPath.empty() && p.checkpointEverySteps > 0 && pr.step % p.checkpointEverySteps == 0)
                trainer.saveCheckpoint(p.checkpointPath);
            if (p.snapshotEverySteps > 0 && pr.step % p.snapshotEverySteps == 0 && pr.step < pr.totalSteps) {
                BuildEvent snap{.phase = "snapshot"};
                snap.path = p.outPath + ".step" + std::to_string(pr.step) + ".gguf";
                snap.step = pr.step;
                writeTrained(snap.path, p, vocab, model);
                return onEvent(snap);
            }
            return true;
        },
        stop);
    if (!finished) {
        if (!p.checkpointPath.empty())
            trainer.saveCheckpoint(p.checkpointPath);
        return false;
    }

    writeTrained(p.outPath, p, vocab, model);
    BuildEvent done{.phase = "done"};
    done.path = p.outPath;
    onEvent(done);
    return true;
}

} // namespace triad::train::corpus
