#include "core/train/Trainer.h"

#include "core/engine/GgufFile.h"
#include "core/engine/GgufWriter.h"
#include "core/train/LearningRateSchedule.h"
#include "core/train/SeededShuffle.h"
#include "core/train/TrainableModel.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace triad::train {

namespace {

constexpr const char* kStepKey = "triad.checkpoint.step";
constexpr const char* kOptimizerStepKey = "triad.checkpoint.optimizer_steps";
constexpr const char* kTotalStepsKey = "triad.checkpoint.total_steps";
constexpr const char* kSeedKey = "triad.checkpoint.seed";

std::span<const uint8_t> bytesOf(const std::vector<float>& v)
{
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(float)};
}

} // namespace

Trainer::Trainer(TrainableModel& model, std::vector<RenderedExample> train, std::vector<RenderedExample> validation,
                 const TrainerParams& params)
    : m_model(model)
    , m_train(std::move(train))
    , m_validation(std::move(validation))
    , m_params(params)
    , m_optimizer(params.optimizer)
{
    if (m_train.empty())
        throw std::invalid_argument("no training examples");
    if (m_params.epochs < 1 || m_params.batchSize < 1 || m_params.gradientAccumulation < 1)
        throw std::invalid_argument("epochs, batch size and gradient accumulation must be at least 1");
    if (!(m_params.learningRate > 0.0f))
        throw std::invalid_argument("the learning rate must be positive");
    m_batchesPerEpoch = (int64_t(m_train.size()) + m_params.batchSize - 1) / m_params.batchSize;
    m_stepsPerEpoch = (m_batchesPerEpoch + m_params.gradientAccumulation - 1) / m_params.gradientAccumulation;
    m_totalSteps = m_stepsPerEpoch * m_params.epochs;
}

std::vector<size_t> Trainer::microBatch(int64_t micro) const
{
    const int64_t epoch = micro / m_batchesPerEpoch, inEpoch = micro % m_batchesPerEpoch;
    if (epoch != m_cachedEpoch) {
        m_cachedOrder = seededPermutation(m_train.size(), m_params.seed * 1000003ull + uint64_t(epoch));
        m_cachedEpoch = epoch;
    }
    const size_t begin = size_t(inEpoch) * size_t(m_params.batchSize);
    const size_t end = std::min(m_train.size(), begin + size_t(m_params.batchSize));
    return std::vector<size_t>(m_cachedOrder.begin() + long(begin), m_cachedOrder.begin() + long(end));
}

TrainBatch Trainer::batchOf(const std::vector<RenderedExample>& examples, const std::vector<size_t>& indices) const
{
    TrainBatch b;
    for (size_t i : indices)
        b.addExample(examples[i].tokens, examples[i].weights);
    return b;
}

std::optional<double> Trainer::validationLoss()
{
    if (m_validation.empty())
        return std::nullopt;
    double loss = 0.0, weight = 0.0;
    for (size_t i = 0; i < m_validation.size(); i += size_t(m_params.batchSize)) {
        std::vector<size_t> idx;
        for (size_t j = i; j < std::min(m_validation.size(), i + size_t(m_params.batchSize)); ++j)
            idx.push_back(j);
        const TrainBatch b = batchOf(m_validation, idx);
        loss += m_model.step(b, 1.0f, StepMode::Evaluate);
        weight += b.weightSum();
    }
    return weight > 0.0 ? std::optional<double>(loss / weight) : std::nullopt;
}

bool Trainer::run(const std::function<bool(const TrainProgress&)>& onProgress, const std::atomic<bool>* stop)
{
    using Clock = std::chrono::steady_clock;
    const LearningRateSchedule schedule(
        m_params.learningRate,
        m_params.warmupFraction > 0.0f ? std::max<int64_t>(1, int64_t(std::lround(double(m_params.warmupFraction) * double(m_totalSteps)))) : 0,
        m_totalSteps, m_params.minLearningRateRatio);
    const auto started = Clock::now();
    const int64_t firstStep = m_step;
    int64_t tokens = 0;
    while (m_step < m_totalSteps) {
        // The micro-batches of this update: accumulation never crosses an epoch boundary.
        const int64_t epoch = m_step / m_stepsPerEpoch;
        const int64_t firstMicro = epoch * m_batchesPerEpoch + (m_step % m_stepsPerEpoch) * m_params.gradientAccumulation;
        const int64_t lastMicro = std::min(firstMicro + m_params.gradientAccumulation, (epoch + 1) * m_batchesPerEpoch);
        std::vector<TrainBatch> batches;
        double weight = 0.0;
        for (int64_t micro = firstMicro; micro < lastMicro; ++micro) {
            batches.push_back(batchOf(m_train, microBatch(micro)));
            weight += batches.back().weightSum();
        }
        m_model.zeroGradients();
        double loss = 0.0;
        if (weight > 0.0) {
            // Gradient of the mean loss over every trained token of the update.
            const float scale = float(1.0 / weight);
            for (size_t i = 0; i < batches.size(); ++i) {
                loss += m_model.step(batches[i], scale, StepMode::Train, uint64_t(firstMicro) + i);
                tokens += batches[i].size();
            }
            loss /= weight;
        }
        const float lr = schedule.rate(m_step);
        const double norm = m_optimizer.step(m_model.parameters(), lr);
        ++m_step;

        TrainProgress p;
        p.step = m_step;
        p.totalSteps = m_totalSteps;
        p.epoch = double(m_step) / double(m_stepsPerEpoch);
        p.loss = loss;
        p.learningRate = lr;
        p.gradientNorm = norm;
        const bool epochEnd = m_step % m_stepsPerEpoch == 0;
        const bool due = m_params.validateEverySteps > 0 ? m_step % m_params.validateEverySteps == 0 || m_step == m_totalSteps
                                                          : epochEnd;
        if (due)
            p.validationLoss = validationLoss();
        p.elapsedS = std::chrono::duration<double>(Clock::now() - started).count();
        p.tokensPerS = p.elapsedS > 0.0 ? double(tokens) / p.elapsedS : 0.0;
        const double perStep = p.elapsedS / double(m_step - firstStep);
        p.etaS = perStep * double(m_totalSteps - m_step);
        const bool goOn = onProgress ? onProgress(p) : true;
        if (!goOn || (stop && stop->load()))
            return m_step == m_totalSteps;
    }
    return true;
}

void Trainer::saveCheckpoint(const std::string& path) const
{
    engine::GgufWriter w;
    w.setString("general.type", "triad-checkpoint");
    w.setI64(kStepKey, m_step);
    w.setI64(kOptimizerStepKey, m_optimizer.stepCount());
    w.setI64(kTotalStepsKey, m_totalSteps);
    w.setU64(kSeedKey, m_params.seed);
    for (const Parameter& p : m_model.parameters()) {
        const std::vector<int64_t> ne{p.size()};
        w.addTensor(p.name, engine::GgmlType::F32, ne, bytesOf(p.value));
        if (!p.adamM.empty()) {
            w.addTensor(p.name + ".adam_m", engine::GgmlType::F32, ne, bytesOf(p.adamM));
            w.addTensor(p.name + ".adam_v", engine::GgmlType::F32, ne, bytesOf(p.adamV));
        }
    }
    w.write(path);
}

void Trainer::loadCheckpoint(const std::string& path)
{
    const auto file = engine::GgufFile::open(path);
    if (file->getString("general.type", "") != "triad-checkpoint")
        throw std::runtime_error(path + ": not a Triad training checkpoint");
    if (file->getInt(kTotalStepsKey, -1) != m_totalSteps)
        throw std::runtime_error(path + ": the checkpoint was made for " + std::to_string(file->getInt(kTotalStepsKey, -1)) +
                                 " steps, this run has " + std::to_string(m_totalSteps) +
                                 " (same data, epochs and batch settings are needed to resume)");
    if (uint64_t(file->getInt(kSeedKey, 0)) != m_params.seed)
        throw std::runtime_error(path + ": the checkpoint was made with another seed");
    auto read = [&](const std::string& name, std::vector<float>& into, size_t n) {
        const engine::GgufTensorInfo* t = file->findTensor(name);
        if (!t || t->type != engine::GgmlType::F32 || size_t(t->elementCount()) != n)
            throw std::runtime_error(path + ": tensor " + name + " is missing or has another shape (another model or method?)");
        into.resize(n);
        std::memcpy(into.data(), t->data, n * sizeof(float));
    };
    for (Parameter& p : m_model.parameters()) {
        read(p.name, p.value, p.value.size());
        if (file->findTensor(p.name + ".adam_m")) {
            read(p.name + ".adam_m", p.adamM, p.value.size());
            read(p.name + ".adam_v", p.adamV, p.value.size());
        }
    }
    m_step = file->getInt(kStepKey, 0);
    m_optimizer.setStepCount(file->getInt(kOptimizerStepKey, 0));
}

} // namespace triad::train
