#include "core/engine/BpeTokenizer.h"

#include "core/engine/Unicode.h"

#include <queue>

namespace triad::engine {

namespace {

/** Bytes in the UTF-8 character a lead byte starts (lead byte only, as the merge loop needs). */
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
    int rank;
    uint32_t length;
};

/** Lowest rank first; on ties the leftmost pair. */
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const
    {
        return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
    }
};

bool mapsToItself(int b)
{
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

} // namespace

const std::array<std::string, 256>& byteLevelSymbols()
{
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> t;
        uint32_t nextFree = 256;
        for (int b = 0; b < 256; ++b)
            t[static_cast<size_t>(b)] = codepointToUtf8(mapsToItself(b) ? static_cast<uint32_t>(b) : nextFree++);
        return t;
    }();
    return table;
}

BpeTokenizer::BpeTokenizer(std::shared_ptr<const Vocab> vocab)
    : Tokenizer(std::move(vocab))
    , m_pre([this] {
        const std::optional<PreTokenizerKind> kind = PreTokenizer::kindFromName(m_vocab->preName());
        if (!kind) {
            throw TokenizerError("pre-tokenizer '" + m_vocab->preName()
                                 + "' (tokenizer.ggml.pre) is not supported; supported: "
                                 + PreTokenizer::supportedNames());
        }
        return PreTokenizer(*kind);
    }())
{
    m_byteToText = byteLevelSymbols();
    uint32_t nextFree = 256;
    for (int b = 0; b < 256; ++b)
        m_codepointToByte[mapsToItself(b) ? static_cast<uint32_t>(b) : nextFree++] = static_cast<uint8_t>(b);

    const std::vector<std::string>& merges = m_vocab->merges();
    m_ranks.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        // The first occurrence of a duplicated merge keeps its (lower) rank.
        if (merges[i].find(' ', 1) != std::string::npos)
            m_ranks.emplace(merges[i], static_cast<int>(i));
    }
}

std::string BpeTokenizer::description() const
{
    return "bpe/" + m_vocab->preName();
}

std::string BpeTokenizer::byteEncode(std::string_view bytes) const
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes)
        out += m_byteToText[static_cast<uint8_t>(c)];
    return out;
}

int BpeTokenizer::rank(std::string_view left, std::string_view right, std::string& scratch) const
{
    scratch.assign(left);
    scratch += ' ';
    scratch += right;
    auto it = m_ranks.find(scratch);
    return it == m_ranks.end() ? -1 : it->second;
}

void BpeTokenizer::encodeText(std::string_view text, bool /*afterSpecial*/, std::vector<TokenId>& out) const
{
    for (const std::string& word : m_pre.split(text)) {
        const std::string mapped = byteEncode(word);
        if (m_pre.ignoreMerges()) {
            const TokenId whole = m_vocab->find(mapped);
            if (whole != kNoToken) {
                out.push_back(whole);
                continue;
            }
        }
        encodeWord(mapped, out);
    }
}

void BpeTokenizer::encodeWord(const std::string& mapped, std::vector<TokenId>& out) const
{
    std::vector<Symbol> symbols;
    symbols.reserve(mapped.size());
    for (size_t offset = 0; offset < mapped.size();) {
        const size_t length = std::min(chunkLength(static_cast<uint8_t>(mapped[offset])), mapped.size() - offset);
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({index - 1, offset + length == mapped.size() ? -1 : index + 1, offset, length});
        offset += length;
    }
    if (symbols.empty())
        return;

    const std::string_view all(mapped);
    std::string scratch;
    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    const auto tryAdd = [&](int left, int right) {
        if (left < 0 || right < 0)
            return;
        const Symbol& l = symbols[static_cast<size_t>(left)];
        const Symbol& r = symbols[static_cast<size_t>(right)];
        const int rk = rank(all.substr(l.start, l.length), all.substr(r.start, r.length), scratch);
        if (rk >= 0)
            queue.push({left, right, rk, static_cast<uint32_t>(l.length + r.length)});
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

    for (int i = 0; i != -1; i = symbols[static_cast<size_t>(i)].next) {
        const Symbol& sym = symbols[static_cast<size_t>(i)];
        const std::string_view piece = all.substr(sym.start, sym.length);
        const TokenId id = m_vocab->find(piece);
        if (id != kNoToken) {
            out.push_back(id);
            continue;
        }
        // A piece no token covers: fall back to single-byte tokens where they exist.
        for (char c : piece) {
            const TokenId byteId = m_vocab->find(std::string_view(&c, 1));
            if (byteId != kNoToken)
                out.push_back(byteId);
        }
    }
}

std::string BpeTokenizer::decodeNormal(const TokenData& token) const
{
    std::string out;
    out.reserve(token.text.size());
    size_t offset = 0;
    while (offset < token.text.size()) {
        const size_t start = offset;
        const uint32_t cpt = utf8DecodeOne(token.text, offset);
        auto it = m_codepointToByte.find(cpt);
        if (it != m_codepointToByte.end())
            out += static_cast<char>(it->second);
        else
            out.append(token.text, start, offset - start); // not byte-level text: keep it as is
    }
    return out;
}

} // namespace triad::engine
