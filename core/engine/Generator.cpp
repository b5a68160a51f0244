#include "core/engine/Generator.h"

#include "core/engine/Model.h"
#include "core/engine/Tokenizer.h"
#include "core/engine/Transformer.h"
#include "core/engine/Utf8StreamDecoder.h"
#include "core/engine/Vocab.h"

#include <chrono>

namespace triad::engine {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/** Length of the longest suffix of @p text that is a proper prefix of a stop string. */
size_t heldBackLength(std::string_view text, const std::vector<std::string>& stops)
{
    size_t best = 0;
    for (const std::string& s : stops)
        for (size_t len = std::min(text.size(), s.size() - 1); len > best; --len)
            if (text.substr(text.size() - len) == std::string_view(s).substr(0, len)) {
                best = len;
                break;
            }
    return best;
}

bool cancelled(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace

Generator::Generator(const Model& model, Transformer& context)
    : m_model(model)
    , m_context(context)
{
}

GenerationResult Generator::generate(std::span<const int32_t> promptTokens, const GenerationParams& params,
                                     const TextCallback& onText, const std::atomic<bool>* cancel)
{
    GenerationResult r;
    r.promptTokens = int(promptTokens.size());
    if (promptTokens.empty() || cancelled(cancel)) {
        r.finishReason = promptTokens.empty() ? FinishReason::Stop : FinishReason::Cancelled;
        return r;
    }
    std::vector<std::string> stops;
    for (const std::string& s : params.stopStrings)
        if (!s.empty())
            stops.push_back(s);

    const auto t0 = Clock::now();
    std::vector<float> logits;
    r.reusedPromptTokens = int(m_context.evaluateWithReuse(promptTokens, logits));
    r.promptMs = msSince(t0);

    Sampler sampler(params.sampler);
    for (int32_t t : promptTokens)
        sampler.accept(t);
    Utf8StreamDecoder decoder;
    std::string pending; // decoded text not yet handed to the callback
    const Vocab& vocab = m_model.vocab();
    const Tokenizer& tokenizer = m_model.tokenizer();

    auto emit = [&](std::string_view text) {
        if (text.empty())
            return true;
        r.text += text;
        return onText ? onText(text) : true;
    };

    const auto t1 = Clock::now();
    r.finishReason = FinishReason::Length;
    bool stopStringHit = false;
    for (;;) {
        if (cancelled(cancel)) {
            r.finishReason = FinishReason::Cancelled;
            break;
        }
        if (int(r.tokens.size()) >= params.maxTokens)
            break;
        const int32_t token = sampler.sample(logits);
        sampler.accept(token);
        if (vocab.isEndOfGeneration(token)) {
            r.finishReason = FinishReason::Stop;
            break;
        }
        r.tokens.push_back(token);
        pending += decoder.push(tokenizer.tokenToPiece(token));

        size_t stopAt = std::string::npos;
        for (const std::string& s : stops)
            stopAt = std::min(stopAt, pending.find(s));
        if (stopAt != std::string::npos) {
            emit(std::string_view(pending).substr(0, stopAt));
            pending.clear();
            r.finishReason = FinishReason::Stop;
            stopStringHit = true;
            break;
        }
        const size_t hold = heldBackLength(pending, stops);
        if (!emit(std::string_view(pending).substr(0, pending.size() - hold))) {
            pending.clear();
            r.finishReason = FinishReason::Cancelled;
            break;
        }
        pending.erase(0, pending.size() - hold);

        if (int(r.tokens.size()) >= params.maxTokens)
            break;
        if (m_context.cache().size() >= m_context.cache().contextLength())
            break; // context full: Length
        m_context.evaluate(std::span<const int32_t>(&token, 1), LogitsMode::LastPosition, logits);
    }
    // Text held back as a possible stop-string start is real output after all.
    if (r.finishReason != FinishReason::Cancelled && !stopStringHit)
        emit(pending + decoder.flush());
    r.generationMs = msSince(t1);
    return r;
}

GenerationResult Generator::generateChat(std::span<const ChatTurn> turns, const GenerationParams& params,
                                         const TextCallback& onText, const std::atomic<bool>* cancel)
{
    const ChatTemplate& tmpl = m_model.chatTemplate();
    const std::string prompt = tmpl.render(turns, true);
    TokenizeOptions options;
    options.addSpecial = true;
    options.parseSpecial = true;
    const std::vector<int32_t> tokens = m_model.tokenizer().tokenize(prompt, options);
    GenerationParams p = params;
    for (const std::string& s : tmpl.stopStrings())
        p.stopStrings.push_back(s);
    return generate(tokens, p, onText, cancel);
}

GenerationResult Generator::generateText(std::string_view prompt, const GenerationParams& params,
                                         const TextCallback& onText, const std::atomic<bool>* cancel)
{
    const std::vector<int32_t> tokens = m_model.tokenizer().tokenize(prompt);
    return generate(tokens, params, onText, cancel);
}

} // namespace triad::engine
