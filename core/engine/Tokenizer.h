#pragma once
// Text <-> token ids for a Vocab. Tokenizer::create picks the algorithm from
// tokenizer.ggml.model (SentencePiece-style or byte-level BPE) and, for BPE, the
// pre-tokenizer from tokenizer.ggml.pre; an unknown one is an error, never a guess.
//
//   auto tok = Tokenizer::create(vocab);                       // throws TokenizerError
//   std::vector<TokenId> ids = tok->tokenize("Hello", {.addSpecial = true});
//   Utf8StreamDecoder out;
//   for (TokenId id : generated) std::cout << out.push(tok->tokenToPiece(id));
//   std::cout << out.flush();

#include "core/engine/Vocab.h"

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace triad::engine {

/** A vocabulary Triad cannot tokenize with (unknown model or pre-tokenizer). */
class TokenizerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** How to tokenize; the defaults match llama.cpp's for a raw prompt. */
struct TokenizeOptions {
    /** Add BOS/EOS when the vocabulary asks for them (add_bos_token / add_eos_token). */
    bool addSpecial = true;
    /** Turn the literal text of control tokens (e.g. "<|im_start|>") into those tokens. */
    bool parseSpecial = false;
};

/** Base of SpmTokenizer and BpeTokenizer: special-token splitting, BOS/EOS, decoding. */
class Tokenizer {
public:
    /** The tokenizer for @p vocab; TokenizerError names an unsupported model or pre-tokenizer. */
    static std::unique_ptr<Tokenizer> create(std::shared_ptr<const Vocab> vocab);

    virtual ~Tokenizer() = default;

    const Vocab& vocab() const { return *m_vocab; }
    std::shared_ptr<const Vocab> sharedVocab() const { return m_vocab; }
    /** "spm" or "bpe/<pre>" for the model info. */
    virtual std::string description() const = 0;

    std::vector<TokenId> tokenize(std::string_view text, const TokenizeOptions& options = {}) const;

    /**
     * The bytes of one token. Control tokens give "" unless @p renderSpecial. A piece may end
     * inside a UTF-8 character (byte tokens); stream pieces through Utf8StreamDecoder.
     */
    std::string tokenToPiece(TokenId id, bool renderSpecial = false) const;

    /** Concatenated pieces; drops the space an SPM vocabulary put in front of the first word. */
    std::string detokenize(std::span<const TokenId> ids, bool renderSpecial = false) const;

protected:
    explicit Tokenizer(std::shared_ptr<const Vocab> vocab);

    /** Tokenizes text that contains no special token; @p afterSpecial: at the start or after one. */
    virtual void encodeText(std::string_view text, bool afterSpecial, std::vector<TokenId>& out) const = 0;
    /** The bytes of a normal token (SPM: U+2581 -> ' '; BPE: byte-level code points -> bytes). */
    virtual std::string decodeNormal(const TokenData& token) const = 0;

    std::shared_ptr<const Vocab> m_vocab;
};

} // namespace triad::engine
