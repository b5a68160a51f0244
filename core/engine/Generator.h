#pragma once
// The generation loop: evaluate the prompt (reusing the cached prefix), then sample, stream
// and evaluate one token at a time until an end-of-generation token, a stop string, the
// token limit, the callback saying stop, or cancellation (checked before every token).
// Text is streamed in whole UTF-8 characters, and text that might be the start of a stop
// string is held back until it is known not to be one.
//
//   Generator gen(*model, *ctx);
//   std::atomic<bool> cancel{false};
//   GenerationResult r = gen.generateChat({{"user", "Hi"}}, GenerationParams::defaults(),
//       [](std::string_view text) { std::cout << text; return true; }, &cancel);

#include "core/engine/ChatTemplate.h"
#include "core/engine/Sampler.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

class Model;
class Transformer;

struct GenerationParams {
    int maxTokens = 256;
    SamplerParams sampler = SamplerParams::defaults();
    std::vector<std::string> stopStrings; ///< in addition to the chat template's own
    static GenerationParams defaults() { return {}; }
};

/** Why generation ended. */
enum class FinishReason {
    Stop = 1,   ///< end-of-generation token or stop string
    Length,     ///< maxTokens reached or the context is full
    Cancelled,  ///< the cancel flag was set or the callback returned false
};

struct GenerationResult {
    std::string text;             ///< everything streamed (stop string excluded)
    std::vector<int32_t> tokens;  ///< generated token ids (EOG excluded)
    int promptTokens = 0;
    int reusedPromptTokens = 0;   ///< prompt tokens found in the KV cache, not recomputed
    FinishReason finishReason = FinishReason::Stop;
    double promptMs = 0.0;        ///< prompt evaluation time
    double generationMs = 0.0;    ///< from the first sampled token to the end
};

/** Receives streamed text; return false to stop generating. */
using TextCallback = std::function<bool(std::string_view text)>;

class Generator {
public:
    /** Both must outlive the generator; the transformer's KV cache is reused across calls. */
    Generator(const Model& model, Transformer& context);

    /** Generates after @p promptTokens (already tokenized, BOS included as wanted). */
    GenerationResult generate(std::span<const int32_t> promptTokens, const GenerationParams& params,
                              const TextCallback& onText, const std::atomic<bool>* cancel = nullptr);

    /** Renders @p turns with the model's chat template, tokenizes specials, and generates. */
    GenerationResult generateChat(std::span<const ChatTurn> turns, const GenerationParams& params,
                                  const TextCallback& onText, const std::atomic<bool>* cancel = nullptr);
    GenerationResult generateChat(std::initializer_list<ChatTurn> turns, const GenerationParams& params,
                                  const TextCallback& onText, const std::atomic<bool>* cancel = nullptr)
    {
        return generateChat(std::span<const ChatTurn>(turns.begin(), turns.size()), params, onText, cancel);
    }

    /** Raw completion of @p prompt (no template; BOS as the vocabulary asks). */
    GenerationResult generateText(std::string_view prompt, const GenerationParams& params, const TextCallback& onText,
                                  const std::atomic<bool>* cancel = nullptr);

private:
    const Model& m_model;
    Transformer& m_context;
};

} // namespace triad::engine
