#pragma once
// Turns SFT examples into token ids with a loss weight per token, using the model's chat
// template and tokenizer. Chat examples: the whole conversation is rendered with the template;
// the tokens of each assistant message with weight 1 (its content and the end-of-turn marker
// that teaches the model to stop) get weight 1, everything else 0. Prompt/completion examples
// are plain text (no template): the completion and an EOS token are trained on.
//
//   ExampleRenderer r(model.tokenizer(), model.chatTemplate(), 1024);
//   std::optional<RenderedExample> e = r.render(example);   // nullopt: nothing left to train

#include "core/train/SftDataset.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace triad::engine {
class ChatTemplate;
class Tokenizer;
} // namespace triad::engine

namespace triad::train {

struct RenderedExample {
    std::vector<int32_t> tokens;
    std::vector<float> weights; ///< per token: 1 = a target to learn
    bool truncated = false;     ///< cut to the maximum length
    int64_t trainedTokens() const;
};

/** Counts over a rendered dataset, for the progress report. */
struct RenderStats {
    int64_t examples = 0;          ///< rendered and kept
    int64_t truncated = 0;         ///< longer than the maximum, cut
    int64_t skipped = 0;           ///< nothing to train on after truncation
    int64_t tokens = 0;
    int64_t trainedTokens = 0;
};

class ExampleRenderer {
public:
    /** Both must outlive the renderer. @p maxTokens caps an example's length (>= 2). */
    ExampleRenderer(const engine::Tokenizer& tokenizer, const engine::ChatTemplate& chatTemplate, int64_t maxTokens);

    std::optional<RenderedExample> render(const SftExample& example) const;

    /** Renders every example, counting truncations and skips into @p stats. */
    std::vector<RenderedExample> renderAll(const SftDataset& data, RenderStats& stats) const;

private:
    std::vector<int32_t> tokenize(const std::string& text, bool addSpecial) const;
    RenderedExample renderChat(const SftExample& example) const;
    RenderedExample renderCompletion(const SftExample& example) const;

    const engine::Tokenizer& m_tokenizer;
    const engine::ChatTemplate& m_template;
    int64_t m_maxTokens;
};

} // namespace triad::train
