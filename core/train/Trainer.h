#pragma once
// The training loop: epochs over shuffled examples, batches packed into one sequence each
// (examples never attend to each other, so no padding is needed), gradient accumulation,
// AdamW with warm-up + cosine schedule and clipping, validation loss, progress events and
// checkpoints. Everything random derives from the seed and the step number, so a run
// resumed from a checkpoint continues exactly as if it had never stopped.
//
//   Trainer trainer(model, trainExamples, validationExamples, params);
//   trainer.run([](const TrainProgress& p) { print(p); return true; }, &stopFlag);

#include "core/train/AdamW.h"
#include "core/train/ExampleRenderer.h"
#include "core/train/TrainBatch.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace triad::train {

class TrainableModel;

struct TrainerParams {
    int epochs = 1;
    int batchSize = 4;              ///< examples per micro-batch
    int gradientAccumulation = 1;   ///< micro-batches per optimizer update
    float learningRate = 1e-4f;     ///< peak
    float warmupFraction = 0.05f;   ///< of all updates (at least 1 update when > 0)
    float minLearningRateRatio = 0.1f;
    AdamWParams optimizer;
    uint64_t seed = 1;
    int64_t validateEverySteps = 0; ///< 0: at the end of each epoch
};

/** One optimizer update's report (the JSON line `triad-cli train` prints). */
struct TrainProgress {
    int64_t step = 0;        ///< updates done (1-based)
    int64_t totalSteps = 0;
    double epoch = 0.0;      ///< fractional: 1.5 = half-way through the second epoch
    double loss = 0.0;       ///< mean per trained token over this update's batches
    std::optional<double> validationLoss;
    float learningRate = 0.0f;
    double gradientNorm = 0.0; ///< before clipping
    double tokensPerS = 0.0;   ///< tokens processed per second since the run (re)started
    double elapsedS = 0.0;
    double etaS = 0.0;
};

class Trainer {
public:
    /** The model must outlive the trainer. Throws std::invalid_argument on bad parameters. */
    Trainer(TrainableModel& model, std::vector<RenderedExample> train, std::vector<RenderedExample> validation,
            const TrainerParams& params);

    int64_t totalSteps() const { return m_totalSteps; }
    int64_t stepsPerEpoch() const { return m_stepsPerEpoch; }
    /** Updates done so far. */
    int64_t step() const { return m_step; }

    /**
     * Trains until the last update or until @p stop becomes true or @p onProgress returns
     * false (both checked after each update). Returns true when all updates are done.
     */
    bool run(const std::function<bool(const TrainProgress&)>& onProgress, const std::atomic<bool>* stop = nullptr);

    /** Mean loss per trained token over the validation examples; nullopt when there are none. */
    std::optional<double> validationLoss();

    /** Writes parameters, optimizer moments and the step (a GGUF file). Throws on I/O errors. */
    void saveCheckpoint(const std::string& path) const;
    /**
     * Restores a checkpoint of the same model, method and data. Throws std::runtime_error
     * naming the file and the mismatch.
     */
    void loadCheckpoint(const std::string& path);

private:
    /** Example indices of micro-batch @p micro (global, over all epochs). */
    std::vector<size_t> microBatch(int64_t micro) const;
    TrainBatch batchOf(const std::vector<RenderedExample>& examples, const std::vector<size_t>& indices) const;

    TrainableModel& m_model;
    std::vector<RenderedExample> m_train;
    std::vector<RenderedExample> m_validation;
    TrainerParams m_params;
    AdamW m_optimizer;
    int64_t m_batchesPerEpoch = 0;
    int64_t m_stepsPerEpoch = 0;
    int64_t m_totalSteps = 0;
    int64_t m_step = 0;
    mutable int64_t m_cachedEpoch = -1;
    mutable std::vector<size_t> m_cachedOrder;
};

} // namespace triad::train
