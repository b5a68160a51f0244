#pragma once
// Byte-level BPE (tokenizer.ggml.model = "gpt2"): the pre-tokenizer cuts the text into words,
// each word's bytes are mapped to printable code points (' ' -> 'Ġ'), and within a word the
// adjacent pair with the lowest merge rank is merged until no merge applies. A priority
// queue keeps long words O(n log n).

#include "core/engine/PreTokenizer.h"
#include "core/engine/Tokenizer.h"

#include <array>
#include <unordered_map>

namespace triad::engine {

/** GPT-2's byte-to-unicode table, as byte-level BPE vocabularies spell bytes: printable bytes
 *  stand for themselves, the other 68 take code points from U+0100 on, in byte order.
 *  Entry b is the UTF-8 text of byte b's symbol. */
const std::array<std::string, 256>& byteLevelSymbols();

class BpeTokenizer : public Tokenizer {
public:
    /** TokenizerError when the vocabulary's pre-tokenizer is unknown (names it and the known ones). */
    explicit BpeTokenizer(std::shared_ptr<const Vocab> vocab);

    std::string description() const override;

    /** The byte-level form of raw bytes ("a b" -> "aĠb"). */
    std::string byteEncode(std::string_view bytes) const;

protected:
    void encodeText(std::string_view text, bool afterSpecial, std::vector<TokenId>& out) const override;
    std::string decodeNormal(const TokenData& token) const override;

private:
    void encodeWord(const std::string& mapped, std::vector<TokenId>& out) const;
    int rank(std::string_view left, std::string_view right, std::string& scratch) const;

    PreTokenizer m_pre;
    std::unordered_map<std::string_view, int> m_ranks; // "left right" (views into the vocab's merges)
    std::array<std::string, 256> m_byteToText;         // byte -> UTF-8 of its printable code point
    std::unordered_map<uint32_t, uint8_t> m_codepointToByte;
};

} // namespace triad::engine
