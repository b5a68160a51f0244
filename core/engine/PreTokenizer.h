#pragma once
// Splits text into the words a byte-level BPE tokenizer merges within, following the regexes
// of the model's tokenizer.json (tokenizer.ggml.pre). The regexes are implemented by hand
// (no std::regex: it knows nothing of \p{L} and is slow); each pass splits every piece of
// the previous pass, keeping unmatched stretches as pieces of their own, exactly like a
// sequence of "split, keep delimiters" steps.
//
//   PreTokenizer pre(*PreTokenizer::kindFromName("qwen2"));
//   pre.split("Hello world123") -> {"Hello", " world", "1", "2", "3"}

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

enum class PreTokenizerKind {
    /** GPT-2: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ */
    Gpt2 = 1,
    /** Llama 3: case-insensitive contractions, [^\r\n\p{L}\p{N}]?\p{L}+, \p{N}{1,3}, ... */
    Llama3,
    /** llama.cpp's "default" for BPE: the Llama 3 regex, merges always applied. */
    Default,
    /** Qwen2: the Llama 3 regex with single digits. */
    Qwen2,
    /** StarCoder, SmolLM, Refact, Command-R, CodeShell: split digits, then GPT-2. */
    Starcoder,
    /** DeepSeek Coder: [\r\n], \s?\p{L}+, \s?\p{P}+, CJK/Hangul runs, \p{N}. */
    DeepseekCoder,
};

class PreTokenizer {
public:
    /** The kind for a tokenizer.ggml.pre value; std::nullopt when Triad does not know it. */
    static std::optional<PreTokenizerKind> kindFromName(std::string_view pre);
    /** The pre names Triad accepts, comma-separated, for error messages. */
    static std::string supportedNames();

    explicit PreTokenizer(PreTokenizerKind kind);

    PreTokenizerKind kind() const { return m_kind; }
    /** Llama 3 looks a whole word up as a token before merging (tokenizer.json ignore_merges). */
    bool ignoreMerges() const { return m_kind == PreTokenizerKind::Llama3; }

    /** The words of @p text, as UTF-8 (malformed bytes become U+FFFD, as in llama.cpp). */
    std::vector<std::string> split(std::string_view text) const;

private:
    PreTokenizerKind m_kind;
};

} // namespace triad::engine
