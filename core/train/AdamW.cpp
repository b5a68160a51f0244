#include "core/train/AdamW.h"

#include <cmath>

namespace triad::train {

AdamW::AdamW(const AdamWParams& params)
    : m_params(params)
{
}

double AdamW::globalGradNorm(const std::vector<Parameter>& parameters)
{
    double sum = 0.0;
    for (const Parameter& p : parameters)
        for (float g : p.grad)
            sum += double(g) * double(g);
    return std::sqrt(sum);
}

double AdamW::step(std::vector<Parameter>& parameters, float learningRate)
{
    const double norm = globalGradNorm(parameters);
    float clip = 1.0f;
    if (m_params.clipNorm > 0.0f && norm > double(m_params.clipNorm))
        clip = float(double(m_params.clipNorm) / norm);
    ++m_steps;
    const float b1 = m_params.beta1, b2 = m_params.beta2;
    const float correction1 = float(1.0 - std::pow(double(b1), double(m_steps)));
    const float correction2 = float(1.0 - std::pow(double(b2), double(m_steps)));
    for (Parameter& p : parameters) {
        if (p.adamM.size() != p.value.size()) {
            p.adamM.assign(p.value.size(), 0.0f);
            p.adamV.assign(p.value.size(), 0.0f);
        }
        const float decay = p.decay ? m_params.weightDecay : 0.0f;
        for (size_t i = 0; i < p.value.size(); ++i) {
            const float g = p.grad[i] * clip;
            p.grad[i] = g;
            p.adamM[i] = b1 * p.adamM[i] + (1.0f - b1) * g;
            p.adamV[i] = b2 * p.adamV[i] + (1.0f - b2) * g * g;
            const float mHat = p.adamM[i] / correction1;
            const float vHat = p.adamV[i] / correction2;
            p.value[i] -= learningRate * (mHat / (std::sqrt(vHat) + m_params.epsilon) + decay * p.value[i]);
        }
    }
    return norm;
}

} // namespace triad::train
