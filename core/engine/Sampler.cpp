#include "core/engine/Sampler.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace triad::engine {

Sampler::Sampler(const SamplerParams& params)
    : m_params(params)
    , m_rng(params.seed)
{
}

void Sampler::reset()
{
    m_recent.clear();
    m_rng.seed(m_params.seed);
}

void Sampler::accept(int32_t token)
{
    if (m_params.penaltyLastN <= 0)
        return;
    m_recent.push_back(token);
    while (int(m_recent.size()) > m_params.penaltyLastN)
        m_recent.pop_front();
}

void Sampler::applyPenalties(std::vector<Candidate>& c) const
{
    const bool active = m_params.repeatPenalty != 1.0f || m_params.frequencyPenalty != 0.0f ||
                        m_params.presencePenalty != 0.0f;
    if (!active || m_recent.empty())
        return;
    std::unordered_map<int32_t, int> counts;
    for (int32_t t : m_recent)
        ++counts[t];
    for (const auto& [token, count] : counts) {
        if (token < 0 || size_t(token) >= c.size())
            continue;
        float& l = c[size_t(token)].logit; // candidates are still in id order here
        l = l > 0 ? l / m_params.repeatPenalty : l * m_params.repeatPenalty;
        l -= float(count) * m_params.frequencyPenalty + m_params.presencePenalty;
    }
}

int32_t Sampler::sample(std::span<const float> logits)
{
    std::vector<Candidate>& c = m_candidates;
    c.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i)
        c[i] = Candidate{int32_t(i), logits[i], 0.0f};
    if (c.empty())
        return -1;
    applyPenalties(c);

    if (m_params.temperature <= 0.0f) {
        const auto best = std::max_element(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
            return a.logit < b.logit;
        });
        return best->id;
    }

    // top_k: keep the k highest, sorted descending (the later steps rely on the order).
    size_t keep = c.size();
    if (m_params.topK > 0)
        keep = std::min(keep, size_t(m_params.topK));
    auto byLogit = [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; };
    std::partial_sort(c.begin(), c.begin() + std::ptrdiff_t(keep), c.end(), byLogit);
    c.resize(keep);

    auto softmax = [&c] {
        const float max = c.front().logit;
        double sum = 0.0;
        for (Candidate& x : c) {
            x.p = std::exp(x.logit - max);
            sum += x.p;
        }
        for (Candidate& x : c)
            x.p = float(x.p / sum);
    };

    // top_p: the smallest prefix whose probability reaches p.
    if (m_params.topP < 1.0f) {
        softmax();
        double cumulative = 0.0;
        size_t n = c.size();
        for (size_t i = 0; i < c.size(); ++i) {
            cumulative += c[i].p;
            if (cumulative >= m_params.topP) {
                n = i + 1;
                break;
            }
        }
        c.resize(std::max<size_t>(1, n));
    }

    // min_p: drop tokens below min_p times the most likely one's probability.
    if (m_params.minP > 0.0f) {
        softmax();
        const float threshold = c.front().p * m_params.minP;
        size_t n = 1;
        while (n < c.size() && c[n].p >= threshold)
            ++n;
        c.resize(n);
    }

    for (Candidate& x : c)
        x.logit /= m_params.temperature;
    softmax();
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    double r = uniform(m_rng);
    for (const Candidate& x : c) {
        r -= x.p;
        if (r <= 0.0)
            return x.id;
    }
    return c.back().id;
}

} // namespace triad::engine
