#pragma once
// The recipe of Triad's bundled model, end to end and in process: generate the synthetic
// corpus, train a BPE vocabulary on it, write a randomly initialised llama model, train every
// weight with core/train's Trainer (full fine-tuning), and write the result (Q8_0 matrices by
// default). Same parameters and thread count, same file.
//
//   BundledModelParams p;  p.outPath = "resources/models/triad-mini.gguf";
//   BundledModelBuilder(p).build([](const BuildEvent& e) { log(e); return true; });

#include "core/engine/GgmlType.h"
#include "core/train/Trainer.h"
#include "core/train/corpus/CorpusGenerator.h"
#include "core/train/corpus/BundledModelFile.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace triad::train::corpus {

struct BundledModelParams {
    std::string outPath;
    ModelShape shape;
    int maxMerges = 700;             ///< BPE merges (vocabulary = 256 + merges + 3)
    int64_t steps = 16000;           ///< optimizer updates (one pass over fresh examples)
    int batchSize = 16;
    float learningRate = 2e-3f;
    float warmupFraction = 0.03f;
    uint64_t seed = 1;
    int threadCount = 2;
    int validationPerTask = 8;       ///< held-out examples per task for the validation loss
    int64_t validateEverySteps = 100;
    engine::GgmlType matrixType = engine::GgmlType::Q8_0;
    /**
     * Training examples drawn per task, relative: the tasks a small model learns late
     * (arithmetic, dates, JSON, unit conversion, spelling) get more of the corpus than the
     * ones it learns early (sentiment, small talk, identity).
     */
    bool weightHardTasks = true;
    /**
     * Loss weight of the prompt tokens (system and user turns, chat markup) relative to the
     * answer's 1. Above 0 the model also learns to predict what it reads, which builds the
     * copying and lookup it needs to answer from the prompt; validation stays answers-only.
     */
    float promptLossWeight = 0.3f;
    /** When set: resume from this checkpoint if it exists, and write it every
     *  checkpointEverySteps and when stopped, so a long build survives interruptions. */
    std::string checkpointPath;
    int64_t checkpointEverySteps = 200;
    /** When > 0: also write the model as OUT.stepN.gguf every this many steps (to evaluate
     *  a long build while it runs). */
    int64_t snapshotEverySteps = 0;
};

/** The tasks of the recipe, each repeated by its weight (see weightHardTasks). */
std::vector<Task> weightedBundledTasks(bool weightHardTasks);

/** What the build reports as it goes (one per phase, then one per update). */
struct BuildEvent {
    std::string phase;                 ///< "corpus", "vocab", "init", "resumed", "step", "snapshot", "done"
    std::optional<TrainProgress> progress{}; ///< phase "step"
    int64_t examples = 0;              ///< corpus: training examples
    int64_t vocabSize = 0;             ///< vocab
    int64_t parameters = 0;            ///< init
    int64_t trainedTokens = 0;         ///< corpus: tokens with loss weight 1
    int64_t tokens = 0;                ///< corpus: all tokens
    std::string path{};                ///< done, snapshot: the file written; resumed: the checkpoint
    int64_t step = 0;                  ///< resumed, snapshot: the step
};

class BundledModelBuilder {
public:
    explicit BundledModelBuilder(BundledModelParams params);

    /**
     * Builds the model. @p onEvent returning false (or @p stop becoming true) stops before
     * the file is written; returns true when written. Throws on bad parameters and I/O errors.
     */
    bool build(const std::function<bool(const BuildEvent&)>& onEvent, const std::atomic<bool>* stop = nullptr);

private:
    BundledModelParams m_params;
};

} // namespace triad::train::corpus
