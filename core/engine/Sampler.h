#pragma once
// Picks the next token from logits with llama.cpp's default chain and order:
// penalties (repeat / frequency / presence over the last N tokens) -> top_k -> top_p ->
// min_p -> temperature -> a draw from a seeded RNG. Temperature <= 0 is greedy (argmax after
// the penalties).
//
//   Sampler s(SamplerParams::defaults());      // or {.temperature = 0} for greedy
//   int32_t next = s.sample(logits);           // logits: n_vocab floats
//   s.accept(next);                            // feeds the penalty window

#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <vector>

namespace triad::engine {

struct SamplerParams {
    float temperature = 0.8f;
    int topK = 40;              ///< <= 0: off
    float topP = 0.95f;         ///< >= 1: off
    float minP = 0.05f;         ///< <= 0: off
    float repeatPenalty = 1.0f; ///< 1: off; positive logits divided, negative multiplied
    float frequencyPenalty = 0.0f;
    float presencePenalty = 0.0f;
    int penaltyLastN = 64;      ///< tokens the penalties look back at
    uint64_t seed = 0xFFFFFFFFu;

    static SamplerParams defaults() { return {}; }
    static SamplerParams greedy()
    {
        SamplerParams p;
        p.temperature = 0.0f;
        return p;
    }
};

class Sampler {
public:
    explicit Sampler(const SamplerParams& params);

    /** The next token for @p logits (n_vocab values; not modified). */
    int32_t sample(std::span<const float> logits);
    /** Records a token of the context (prompt or generated) for the penalties. */
    void accept(int32_t token);
    /** Forgets the penalty window and reseeds. */
    void reset();

    const SamplerParams& params() const { return m_params; }

private:
    struct Candidate {
        int32_t id;
        float logit;
        float p;
    };
    void applyPenalties(std::vector<Candidate>& c) const;

    SamplerParams m_params;
    std::mt19937_64 m_rng;
    std::deque<int32_t> m_recent;
    std::vector<Candidate> m_candidates; // reused between calls
};

} // namespace triad::engine
