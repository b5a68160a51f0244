#include "core/train/ExampleRenderer.h"

#include "core/engine/ChatTemplate.h"
#include "core/engine/Tokenizer.h"

#include <algorithm>

namespace triad::train {

namespace {

/** Length of the common prefix: where a rendering of fewer turns stops inside the whole. */
size_t commonPrefix(const std::vector<int32_t>& a, const std::vector<int32_t>& b)
{
    const size_t n = std::min(a.size(), b.size());
    size_t i = 0;
    while (i < n && a[i] == b[i])
        ++i;
    return i;
}

} // namespace

int64_t RenderedExample::trainedTokens() const
{
    int64_t n = 0;
    for (float w : weights)
        n += w > 0.0f ? 1 : 0;
    return n;
}

ExampleRenderer::ExampleRenderer(const engine::Tokenizer& tokenizer, const engine::ChatTemplate& chatTemplate,
                                 int64_t maxTokens)
    : m_tokenizer(tokenizer)
    , m_template(chatTemplate)
    , m_maxTokens(std::max<int64_t>(2, maxTokens))
{
}

std::vector<int32_t> ExampleRenderer::tokenize(const std::string& text, bool addSpecial) const
{
    return m_tokenizer.tokenize(text, {.addSpecial = addSpecial, .parseSpecial = true});
}

RenderedExample ExampleRenderer::renderChat(const SftExample& ex) const
{
    std::vector<engine::ChatTurn> turns;
    for (const SftMessage& m : ex.messages)
        turns.push_back({m.role, m.content});
    RenderedExample out;
    out.tokens = tokenize(m_template.render(turns, false), true);
    out.weights.assign(out.tokens.size(), 0.0f);
    // Each trained assistant message spans from the end of "conversation so far + assistant
    // header" to the end of "conversation including this message". Common prefixes rather
    // than lengths, in case tokenization merges across a boundary.
    for (size_t i = 0; i < ex.messages.size(); ++i) {
        const SftMessage& m = ex.messages[i];
        if (m.role != "assistant" || m.weight <= 0.0f)
            continue;
        const std::span<const engine::ChatTurn> before(turns.data(), i), through(turns.data(), i + 1);
        const size_t begin = commonPrefix(tokenize(m_template.render(before, true), true), out.tokens);
        const size_t end = commonPrefix(tokenize(m_template.render(through, false), true), out.tokens);
        for (size_t t = begin; t < end; ++t)
            out.weights[t] = 1.0f;
    }
    return out;
}

RenderedExample ExampleRenderer::renderCompletion(const SftExample& ex) const
{
    RenderedExample out;
    out.tokens = tokenize(ex.prompt + ex.completion, true);
    const size_t begin = commonPrefix(tokenize(ex.prompt, true), out.tokens);
    out.weights.assign(out.tokens.size(), 0.0f);
    for (size_t t = begin; t < out.tokens.size(); ++t)
        out.weights[t] = 1.0f;
    const int32_t eos = m_tokenizer.vocab().eos();
    if (eos >= 0) {
        out.tokens.push_back(eos);
        out.weights.push_back(1.0f);
    }
    return out;
}

std::optional<RenderedExample> ExampleRenderer::render(const SftExample& ex) const
{
    RenderedExample out = ex.isChat() ? renderChat(ex) : renderCompletion(ex);
    if (int64_t(out.tokens.size()) > m_maxTokens) {
        out.tokens.resize(size_t(m_maxTokens));
        out.weights.resize(size_t(m_maxTokens));
        out.truncated = true;
    }
    // The first token is never a target (nothing precedes it).
    if (!out.weights.empty())
        out.weights[0] = 0.0f;
    if (out.trainedTokens() == 0)
        return std::nullopt;
    return out;
}

std::vector<RenderedExample> ExampleRenderer::renderAll(const SftDataset& data, RenderStats& stats) const
{
    std::vector<RenderedExample> out;
    for (const SftExample& ex : data.examples()) {
        std::optional<RenderedExample> r = render(ex);
        if (!r) {
            ++stats.skipped;
            continue;
        }
        ++stats.examples;
        stats.truncated += r->truncated ? 1 : 0;
        stats.tokens += int64_t(r->tokens.size());
        stats.trainedTokens += r->trainedTokens();
        out.push_back(std::move(*r));
    }
    return out;
}

} // namespace triad::train
