#pragma once
// Trains a byte-level BPE vocabulary (GPT-2 byte symbols, "gpt2" tokenizer model) on a corpus:
// the 256 byte tokens (so every byte sequence is encodable), then the most frequent adjacent
// pair merged, again and again, within the words the engine's pre-tokenizer splits the text
// into (ties broken by token ids, so the result is deterministic), then ChatML's control tokens.
//
//   BpeVocab v = buildBpeVocab(texts, 700, "qwen2");   // digits stay single tokens

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace triad::train::corpus {

struct BpeVocab {
    std::string preTokenizer;          ///< tokenizer.ggml.pre
    std::vector<std::string> tokens;   ///< tokenizer.ggml.tokens (byte symbols, merges, controls)
    std::vector<int32_t> types;        ///< 1 normal, 3 control
    std::vector<std::string> merges;   ///< "a b", by rank
    int32_t endOfText = -1;            ///< <|endoftext|>
    int32_t imStart = -1;              ///< <|im_start|>
    int32_t imEnd = -1;                ///< <|im_end|>: end of turn and of generation
};

/**
 * At most @p maxMerges merges (fewer when no pair occurs twice). @p preTokenizer is a
 * tokenizer.ggml.pre name the engine knows. Throws std::invalid_argument on an unknown name.
 */
BpeVocab buildBpeVocab(const std::vector<std::string>& texts, int maxMerges, std::string_view preTokenizer);

/** GPT-2's printable stand-in for byte @p b, as UTF-8. */
std::string byteSymbol(uint8_t b);

} // namespace triad::train::corpus
