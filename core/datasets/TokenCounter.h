#pragma once
// Token counts for datasets: a quick estimate stored with every example (for length
// filters and histograms), or an exact count from a model's tokenizer passed in as a
// callback (e.g. the engine's tokenizer of a local model) for the validation report.

#include <cstdint>
#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace triad::datasets {

/** Counts the tokens of one piece of text. Must be callable from the calling thread. */
using TokenCounter = std::function<int64_t(std::string_view text)>;

/**
 * A tokenizer-free estimate: about four bytes of ASCII per token (English BPE averages
 * ~4 characters), one token per non-ASCII code point (CJK and symbols rarely merge).
 */
int64_t estimateTokens(std::string_view text);

/**
 * Tokens of a message array: each message's text content (strings, or the "text" of
 * content parts) counted with `counter` (the estimate when empty), plus 4 per message for
 * the chat template's role markers.
 */
int64_t countMessageTokens(const nlohmann::json& messages, const TokenCounter& counter = {});

} // namespace triad::datasets
