#include "core/engine/Tokenizer.h"

#include "core/engine/BpeTokenizer.h"
#include "core/engine/SpmTokenizer.h"

#include <cctype>

namespace triad::engine {

namespace {

/** A stretch of the input: raw text still to tokenize, or a special token already found. */
struct Fragment {
    TokenId token = kNoToken;
    std::string_view text;
};

bool isAsciiSpace(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

/**
 * Cuts @p text at the literal text of special tokens, longest first. User-defined tokens are
 * always recognised; control and unknown tokens only when @p parseSpecial (chat prompts), so
 * a user typing "<|im_end|>" cannot end a turn.
 */
std::vector<Fragment> splitSpecial(const Vocab& vocab, std::string_view text, bool parseSpecial)
{
    std::vector<Fragment> fragments{{kNoToken, text}};
    std::vector<Fragment> next;
    for (TokenId id : vocab.specialTokens()) {
        const TokenData& special = vocab.token(id);
        if (!parseSpecial && special.kind != TokenKind::UserDefined)
            continue;
        next.clear();
        for (const Fragment& f : fragments) {
            if (f.token != kNoToken) {
                next.push_back(f);
                continue;
            }
            std::string_view rest = f.text;
            for (;;) {
                const size_t at = rest.find(special.text);
                if (at == std::string_view::npos) {
                    if (!rest.empty())
                        next.push_back({kNoToken, rest});
                    break;
                }
                std::string_view left = rest.substr(0, at);
                if (special.lstrip) {
                    while (!left.empty() && isAsciiSpace(left.back()))
                        left.remove_suffix(1);
                }
                if (!left.empty())
                    next.push_back({kNoToken, left});
                next.push_back({id, special.text});
                rest = rest.substr(at + special.text.size());
                if (special.rstrip) {
                    while (!rest.empty() && isAsciiSpace(rest.front()))
                        rest.remove_prefix(1);
                }
            }
        }
        fragments.swap(next);
    }
    return fragments;
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::create(std::shared_ptr<const Vocab> vocab)
{
    if (!vocab)
        throw TokenizerError("no vocabulary to tokenize with");
    switch (vocab->type()) {
    case VocabType::Spm: return std::make_unique<SpmTokenizer>(std::move(vocab));
    case VocabType::Bpe: return std::make_unique<BpeTokenizer>(std::move(vocab));
    }
    throw TokenizerError("tokenizer model '" + vocab->modelName() + "' is not supported");
}

Tokenizer::Tokenizer(std::shared_ptr<const Vocab> vocab)
    : m_vocab(std::move(vocab))
{
}

std::vector<TokenId> Tokenizer::tokenize(std::string_view text, const TokenizeOptions& options) const
{
    std::vector<TokenId> out;
    out.reserve(text.size() / 3 + 2);
    if (options.addSpecial && m_vocab->addBos() && m_vocab->bos() != kNoToken)
        out.push_back(m_vocab->bos());
    if (!text.empty()) {
        // "After special" starts true: SentencePiece puts its space in front of the first word.
        bool afterSpecial = true;
        for (const Fragment& f : splitSpecial(*m_vocab, text, options.parseSpecial)) {
            if (f.token != kNoToken) {
                out.push_back(f.token);
                afterSpecial = true;
            } else {
                encodeText(f.text, afterSpecial, out);
                afterSpecial = false;
            }
        }
    }
    if (options.addSpecial && m_vocab->addEos() && m_vocab->eos() != kNoToken)
        out.push_back(m_vocab->eos());
    return out;
}

std::string Tokenizer::tokenToPiece(TokenId id, bool renderSpecial) const
{
    if (!m_vocab->isValid(id))
        return {};
    const TokenData& t = m_vocab->token(id);
    switch (t.kind) {
    case TokenKind::Normal: return decodeNormal(t);
    case TokenKind::UserDefined: return t.text;
    case TokenKind::Control: return renderSpecial ? t.text : std::string();
    case TokenKind::Unknown:
        // SentencePiece shows an unknown piece as U+2585; BPE vocabularies have none in practice.
        if (m_vocab->type() == VocabType::Spm)
            return "\xE2\x96\x85";
        return renderSpecial ? t.text : std::string();
    case TokenKind::Byte: {
        // "<0x0A>" -> '\n'
        if (t.text.size() == 6 && t.text.starts_with("<0x") && t.text.back() == '>') {
            const std::string hex = t.text.substr(3, 2);
            if (std::isxdigit(static_cast<unsigned char>(hex[0])) && std::isxdigit(static_cast<unsigned char>(hex[1])))
                return std::string(1, static_cast<char>(std::stoi(hex, nullptr, 16)));
        }
        return decodeNormal(t);
    }
    case TokenKind::Unused: return {};
    }
    return {};
}

std::string Tokenizer::detokenize(std::span<const TokenId> ids, bool renderSpecial) const
{
    std::string out;
    bool first = true;
    for (TokenId id : ids) {
        std::string piece = tokenToPiece(id, renderSpecial);
        if (first && !piece.empty()) {
            // The space SentencePiece added in front of the text is not part of it.
            if (m_vocab->type() == VocabType::Spm && m_vocab->addSpacePrefix() && piece.front() == ' ')
                piece.erase(0, 1);
            first = false;
        }
        out += piece;
    }
    return out;
}

} // namespace triad::engine
