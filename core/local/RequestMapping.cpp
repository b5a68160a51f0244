#include "core/local/RequestMapping.h"

#include <climits>
#include <random>

namespace triad::local {

namespace {

bool fail(std::string* error, const std::string& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<engine::GenerationParams> toGenerationParams(const providers::SamplingParams& params,
                                                           std::string* error)
{
    engine::GenerationParams g;
    g.maxTokens = INT_MAX; // the Generator also stops when the context is full
    if (params.maxTokens) {
        if (*params.maxTokens <= 0) {
            fail(error, "max_tokens must be at least 1, got " + std::to_string(*params.maxTokens));
            return std::nullopt;
        }
        g.maxTokens = *params.maxTokens;
    }
    engine::SamplerParams& s = g.sampler;
    if (params.temperature) {
        if (*params.temperature < 0.0) {
            fail(error, "temperature must not be negative, got " + std::to_string(*params.temperature));
            return std::nullopt;
        }
        s.temperature = float(*params.temperature);
    }
    if (params.topP) {
        if (*params.topP <= 0.0 || *params.topP > 1.0) {
            fail(error, "top_p must be in (0, 1], got " + std::to_string(*params.topP));
            return std::nullopt;
        }
        s.topP = float(*params.topP);
    }
    if (params.topK)
        s.topK = *params.topK; // <= 0 turns it off, as in llama.cpp
    if (params.minP) {
        if (*params.minP < 0.0 || *params.minP > 1.0) {
            fail(error, "min_p must be in [0, 1], got " + std::to_string(*params.minP));
            return std::nullopt;
        }
        s.minP = float(*params.minP);
    }
    if (params.repetitionPenalty) {
        if (*params.repetitionPenalty <= 0.0) {
            fail(error, "repetition_penalty must be positive, got " + std::to_string(*params.repetitionPenalty));
            return std::nullopt;
        }
        s.repeatPenalty = float(*params.repetitionPenalty);
    }
    if (params.frequencyPenalty)
        s.frequencyPenalty = float(*params.frequencyPenalty);
    if (params.presencePenalty)
        s.presencePenalty = float(*params.presencePenalty);
    if (params.seed) {
        s.seed = uint64_t(*params.seed);
    } else {
        std::random_device rd;
        s.seed = (uint64_t(rd()) << 32) ^ rd();
    }
    g.stopStrings = params.stop;
    return g;
}

std::vector<engine::ChatTurn> toChatTurns(const providers::ChatRequest& request)
{
    std::vector<engine::ChatTurn> turns;
    if (!request.system.empty())
        turns.push_back({"system", request.system});
    for (const providers::ChatMessage& m : request.messages)
        turns.push_back({m.role, m.content});
    return turns;
}

} // namespace triad::local
