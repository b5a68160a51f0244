#pragma once
// AdamW (decoupled weight decay) with gradient clipping by global norm, over the trainer's
// parameters. The moments live in each Parameter so checkpoints save them with the values.
//
//   AdamW opt({.weightDecay = 0.01f, .clipNorm = 1.0f});
//   double norm = opt.step(model.parameters(), schedule.rate(step));

#include "core/train/Parameter.h"

#include <cstdint>
#include <vector>

namespace triad::train {

struct AdamWParams {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float epsilon = 1e-8f;
    float weightDecay = 0.0f; ///< applied to parameters with decay = true
    float clipNorm = 1.0f;    ///< max global gradient norm; 0 = no clipping
};

class AdamW {
public:
    explicit AdamW(const AdamWParams& params = {});

    /**
     * One update with learning rate @p learningRate: clips the gradients (all parameters
     * together) to clipNorm, then p -= lr·(m̂/(√v̂+ε) + wd·p). Returns the norm before
     * clipping. Gradients are left as they were (scaled by the clip), not zeroed.
     */
    double step(std::vector<Parameter>& parameters, float learningRate);

    /** Updates done so far (bias correction uses it); restored when resuming. */
    int64_t stepCount() const { return m_steps; }
    void setStepCount(int64_t steps) { m_steps = steps; }

    /** √Σ grad² over all parameters, summed in parameter order. */
    static double globalGradNorm(const std::vector<Parameter>& parameters);

private:
    AdamWParams m_params;
    int64_t m_steps = 0;
};

} // namespace triad::train
