#pragma once
// The vocabulary of a model as stored under tokenizer.ggml.* in its GGUF file: token texts,
// scores, types, merges and the special ids. Owns copies of everything, so it outlives the
// file. Tokenizers (SpmTokenizer, BpeTokenizer) and the generator read it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace triad::engine {

class GgufFile;

using TokenId = int32_t;
/** "No such token" (a missing special id, an unknown text). */
inline constexpr TokenId kNoToken = -1;

/** tokenizer.ggml.model: "llama" = SentencePiece-style, "gpt2" = byte-level BPE. */
enum class VocabType {
    Spm = 1,
    Bpe = 2,
};

/** tokenizer.ggml.token_type values (fixed by the format). */
enum class TokenKind : uint8_t {
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
};

/** One token. lstrip/rstrip: whitespace beside the token's text is eaten when it is split out. */
struct TokenData {
    std::string text;
    float score = 0.0f;
    TokenKind kind = TokenKind::Normal;
    bool lstrip = false;
    bool rstrip = false;
};

/**
 * A loaded vocabulary.
 *
 * @code
 *   auto gguf = GgufFile::open(path);
 *   std::shared_ptr<const Vocab> vocab = Vocab::load(*gguf);   // throws GgufError
 *   auto tok = Tokenizer::create(vocab);
 * @endcode
 */
class Vocab {
public:
    /** Reads tokenizer.ggml.*; GgufError (naming the file and the key) on missing/inconsistent data. */
    static std::shared_ptr<const Vocab> load(const GgufFile& file);

    VocabType type() const { return m_type; }
    /** tokenizer.ggml.model as written ("llama", "gpt2"). */
    const std::string& modelName() const { return m_modelName; }
    /** tokenizer.ggml.pre ("default" when absent). */
    const std::string& preName() const { return m_preName; }

    size_t size() const { return m_tokens.size(); }
    bool isValid(TokenId id) const { return id >= 0 && static_cast<size_t>(id) < m_tokens.size(); }
    /** The token at @p id; callers check isValid first. */
    const TokenData& token(TokenId id) const { return m_tokens[static_cast<size_t>(id)]; }
    const std::string& text(TokenId id) const { return token(id).text; }
    TokenKind kind(TokenId id) const { return token(id).kind; }
    /** The id whose text is exactly @p text, or kNoToken. */
    TokenId find(std::string_view text) const;

    /** BPE merges ("A B"), rank = index; empty for SPM. */
    const std::vector<std::string>& merges() const { return m_merges; }

    TokenId bos() const { return m_bos; }
    TokenId eos() const { return m_eos; }
    TokenId eot() const { return m_eot; }
    TokenId unk() const { return m_unk; }
    TokenId pad() const { return m_pad; }
    /** The line-feed token ("\n" or <0x0A>), kNoToken if the vocabulary has none. */
    TokenId newline() const { return m_newline; }
    bool addBos() const { return m_addBos; }
    bool addEos() const { return m_addEos; }
    bool addSpacePrefix() const { return m_addSpacePrefix; }

    /** End-of-generation: eos, eot and tokens such as <|im_end|>, <|eot_id|>, <end_of_turn>. */
    bool isEndOfGeneration(TokenId id) const;
    const std::vector<TokenId>& endOfGenerationIds() const { return m_eog; }

    /** Control, user-defined and unknown tokens with non-empty text, longest text first. */
    const std::vector<TokenId>& specialTokens() const { return m_specialByLength; }

    /** tokenizer.chat_template, or "" when the file has none. */
    const std::string& chatTemplate() const { return m_chatTemplate; }

private:
    Vocab() = default;
    void indexSpecialTokens(const std::string& modelNameLower);

    VocabType m_type = VocabType::Spm;
    std::string m_modelName;
    std::string m_preName;
    std::vector<TokenData> m_tokens;
    std::unordered_map<std::string_view, TokenId> m_byText; // views into m_tokens
    std::vector<std::string> m_merges;
    TokenId m_bos = kNoToken;
    TokenId m_eos = kNoToken;
    TokenId m_eot = kNoToken;
    TokenId m_unk = kNoToken;
    TokenId m_pad = kNoToken;
    TokenId m_newline = kNoToken;
    bool m_addBos = false;
    bool m_addEos = false;
    bool m_addSpacePrefix = false;
    std::vector<TokenId> m_eog;
    std::vector<TokenId> m_specialByLength;
    std::string m_chatTemplate;
};

} // namespace triad::engine
