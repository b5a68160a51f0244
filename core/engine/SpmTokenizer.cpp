#include "core/engine/SpmTokenizer.h"

#include <cstdio>
#include <queue>

namespace triad::engine {

namespace {

constexpr std::string_view kSpace = "\xE2\x96\x81"; // U+2581, SentencePiece's visible space

/**
 * Bytes in the UTF-8 character starting with @p lead, judged by the lead byte only (a stray
 * continuation byte counts as one character): the same chunking SentencePiece uses.
 */
size_t chunkLength(uint8_t lead)
{
    if (lead < 0xC0)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    return 4;
}

struct Symbol {
    int prev;
    int next;
    size_t start;
    size_t length; // 0 once merged into its left neighbour
};

// 16 bytes: the queue of a long text is large, and its sift-downs are bound by memory.
struct Bigram {
    int left;
    int right;
    float score;
    uint32_t length;
};

/** Highest score first; on ties the leftmost pair. */
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const
    {
        return a.score < b.score || (a.score == b.score && a.left > b.left);
    }
};

} // namespace

SpmTokenizer::SpmTokenizer(std::shared_ptr<const Vocab> vocab)
    : Tokenizer(std::move(vocab))
{
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        TokenId id = m_vocab->find(name);
        if (id == kNoToken)
            id = m_vocab->find(std::string(1, static_cast<char>(b)));
        m_byteTokens[static_cast<size_t>(b)] = id == kNoToken ? m_vocab->unk() : id;
    }
}

void SpmTokenizer::pushBytes(std::string_view piece, std::vector<TokenId>& out) const
{
    for (char c : piece) {
        const TokenId id = m_byteTokens[static_cast<uint8_t>(c)];
        if (id != kNoToken)
            out.push_back(id);
    }
}

void SpmTokenizer::encodeText(std::string_view text, bool afterSpecial, std::vector<TokenId>& out) const
{
    std::string s;
    s.reserve(text.size() * 3 + 3);
    if (m_vocab->addSpacePrefix() && afterSpecial)
        s += kSpace;
    for (char c : text) {
        if (c == ' ')
            s += kSpace;
        else
            s += c;
    }
    if (s.empty())
        return;

    std::vector<Symbol> symbols;
    symbols.reserve(s.size());
    for (size_t offset = 0; offset < s.size();) {
        const size_t length = std::min(chunkLength(static_cast<uint8_t>(s[offset])), s.size() - offset);
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({index - 1, offset + length == s.size() ? -1 : index + 1, offset, length});
        offset += length;
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    const std::string_view all(s);
    const auto tryAdd = [&](int left, int right) {
        if (left < 0 || right < 0)
            return;
        const Symbol& l = symbols[static_cast<size_t>(left)];
        const Symbol& r = symbols[static_cast<size_t>(right)];
        const TokenId id = m_vocab->find(all.substr(l.start, l.length + r.length));
        if (id == kNoToken)
            return;
        queue.push({left, right, m_vocab->token(id).score, static_cast<uint32_t>(l.length + r.length)});
    };
    for (int i = 1; i < static_cast<int>(symbols.size()); ++i)
        tryAdd(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& l = symbols[static_cast<size_t>(b.left)];
        Symbol& r = symbols[static_cast<size_t>(b.right)];
        // Stale: one side has been merged into something else since this pair was queued.
        if (l.length == 0 || r.length == 0 || l.length + r.length != b.length)
            continue;
        l.length += r.length;
        r.length = 0;
        l.next = r.next;
        if (r.next >= 0)
            symbols[static_cast<size_t>(r.next)].prev = b.left;
        tryAdd(l.prev, b.left);
        tryAdd(b.left, l.next);
    }

    // Every merged symbol is a token by construction; single characters may not be.
    for (int i = 0; i != -1; i = symbols[static_cast<size_t>(i)].next) {
        const Symbol& sym = symbols[static_cast<size_t>(i)];
        const std::string_view piece = all.substr(sym.start, sym.length);
        const TokenId id = m_vocab->find(piece);
        if (id != kNoToken)
            out.push_back(id);
        else
            pushBytes(piece, out);
    }
}

std::string SpmTokenizer::decodeNormal(const TokenData& token) const
{
    std::string out;
    out.reserve(token.text.size());
    for (size_t i = 0; i < token.text.size();) {
        if (std::string_view(token.text).substr(i, kSpace.size()) == kSpace) {
            out += ' ';
            i += kSpace.size();
        } else {
            out += token.text[i++];
        }
    }
    return out;
}

} // namespace triad::engine
