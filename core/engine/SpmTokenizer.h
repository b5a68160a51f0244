#pragma once
// SentencePiece-style tokenization (tokenizer.ggml.model = "llama"): spaces become U+2581,
// a space is put in front of the text (add_space_prefix), and adjacent pieces are merged
// best score first; characters no token covers fall back to <0xNN> byte tokens.

#include "core/engine/Tokenizer.h"

#include <array>

namespace triad::engine {

class SpmTokenizer : public Tokenizer {
public:
    explicit SpmTokenizer(std::shared_ptr<const Vocab> vocab);

    std::string description() const override { return "spm"; }

protected:
    void encodeText(std::string_view text, bool afterSpecial, std::vector<TokenId>& out) const override;
    std::string decodeNormal(const TokenData& token) const override;

private:
    void pushBytes(std::string_view piece, std::vector<TokenId>& out) const;

    /** <0xNN> for every byte (or the one-byte token, or unk when neither exists). */
    std::array<TokenId, 256> m_byteTokens{};
};

} // namespace triad::engine
