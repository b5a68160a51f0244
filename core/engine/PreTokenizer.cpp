#include "core/engine/PreTokenizer.h"

#include "core/engine/Unicode.h"

#include <array>
#include <cstdint>
#include <functional>

namespace triad::engine {

namespace {

struct NamedKind {
    std::string_view name;
    PreTokenizerKind kind;
};

// Names as convert_hf_to_gguf.py writes them; several models share one regex.
constexpr std::array<NamedKind, 15> kNames{{
    {"gpt-2", PreTokenizerKind::Gpt2},
    {"phi-2", PreTokenizerKind::Gpt2},
    {"llama3", PreTokenizerKind::Llama3},
    {"llama-v3", PreTokenizerKind::Llama3},
    {"llama-bpe", PreTokenizerKind::Llama3},
    {"falcon3", PreTokenizerKind::Llama3},
    {"default", PreTokenizerKind::Default},
    {"qwen2", PreTokenizerKind::Qwen2},
    {"deepseek-r1-qwen", PreTokenizerKind::Qwen2},
    {"starcoder", PreTokenizerKind::Starcoder},
    {"smollm", PreTokenizerKind::Starcoder},
    {"refact", PreTokenizerKind::Starcoder},
    {"command-r", PreTokenizerKind::Starcoder},
    {"codeshell", PreTokenizerKind::Starcoder},
    {"deepseek-coder", PreTokenizerKind::DeepseekCoder},
}};

/** A code point sequence and the bounds of the piece being split; matchers never look outside. */
struct Piece {
    const uint32_t* cpts;
    size_t end;

    bool in(size_t i) const { return i < end; }
    bool isWs(size_t i) const { return in(i) && unicodeIsWhitespace(cpts[i]); }
    bool isLetter(size_t i) const { return in(i) && unicodeIsLetter(cpts[i]); }
    bool isNumber(size_t i) const { return in(i) && unicodeIsNumber(cpts[i]); }
    bool isPunct(size_t i) const { return in(i) && unicodeIsPunctuation(cpts[i]); }
    /** [^\s\p{L}\p{N}] */
    bool isOther(size_t i) const { return in(i) && !isWs(i) && !isLetter(i) && !isNumber(i); }
    bool isCrLf(size_t i) const { return in(i) && (cpts[i] == '\r' || cpts[i] == '\n'); }
    uint32_t lowerAscii(size_t i) const
    {
        const uint32_t c = cpts[i];
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
};

/** Length of the match starting exactly at pos, or 0. */
using Matcher = std::function<size_t(const Piece&, size_t pos)>;

/** 's|'t|'re|'ve|'m|'ll|'d, optionally ignoring case. */
size_t matchContraction(const Piece& p, size_t pos, bool ignoreCase)
{
    if (p.cpts[pos] != '\'' || !p.in(pos + 1))
        return 0;
    const auto at = [&](size_t i) { return ignoreCase ? p.lowerAscii(i) : p.cpts[i]; };
    const uint32_t a = at(pos + 1);
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
        return 2;
    if (!p.in(pos + 2))
        return 0;
    const uint32_t b = at(pos + 2);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
        return 3;
    return 0;
}

/** \s+(?!\S)|\s+ : a whitespace run, minus its last character when a non-space follows. */
size_t matchWhitespaceRun(const Piece& p, size_t pos)
{
    size_t n = 0;
    while (p.isWs(pos + n))
        ++n;
    if (n > 1 && p.in(pos + n))
        return n - 1;
    return n;
}

size_t matchGpt2(const Piece& p, size_t pos)
{
    if (size_t n = matchContraction(p, pos, false))
        return n;
    const size_t q = (p.cpts[pos] == ' ') ? pos + 1 : pos;
    //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+
    for (auto cls : {&Piece::isLetter, &Piece::isNumber, &Piece::isOther}) {
        if ((p.*cls)(q)) {
            size_t e = q;
            while ((p.*cls)(e))
                ++e;
            return e - pos;
        }
    }
    if (size_t n = matchWhitespaceRun(p, pos))
        return n;
    return 1;
}

size_t matchLlama3(const Piece& p, size_t pos, size_t maxDigits)
{
    if (size_t n = matchContraction(p, pos, true))
        return n;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (!p.isCrLf(pos) && !p.isNumber(pos) && (p.isLetter(pos) || p.isLetter(pos + 1))) {
        size_t e = pos + 1;
        while (p.isLetter(e))
            ++e;
        return e - pos;
    }
    // \p{N}{1,maxDigits}
    if (p.isNumber(pos)) {
        size_t e = pos;
        while (p.isNumber(e) && e - pos < maxDigits)
            ++e;
        return e - pos;
    }
    //  ?[^\s\p{L}\p{N}]+[\r\n]*
    const size_t q = (p.cpts[pos] == ' ') ? pos + 1 : pos;
    if (p.isOther(q)) {
        size_t e = q;
        while (p.isOther(e))
            ++e;
        while (p.isCrLf(e))
            ++e;
        return e - pos;
    }
    // \s*[\r\n]+ : the whitespace run up to its last line break
    size_t n = 0;
    size_t lastBreakEnd = 0;
    while (p.isWs(pos + n)) {
        if (p.isCrLf(pos + n))
            lastBreakEnd = n + 1;
        ++n;
    }
    if (lastBreakEnd > 0)
        return lastBreakEnd;
    if (size_t w = matchWhitespaceRun(p, pos))
        return w;
    return 1;
}

/** \s?X+ where X is a class (used by DeepSeek Coder's passes). */
size_t matchOptionalSpaceThen(const Piece& p, size_t pos, bool (Piece::*cls)(size_t) const)
{
    const size_t q = (p.isWs(pos) && (p.*cls)(pos + 1)) ? pos + 1 : pos;
    size_t e = q;
    while ((p.*cls)(e))
        ++e;
    return e > q ? e - pos : 0;
}

bool isDeepseekCjk(uint32_t c)
{
    // [一-龥ࠀ-一가-퟿]: U+4E00..U+9FA5, U+0800..U+4E00, U+AC00..U+D7FF
    return (c >= 0x0800 && c <= 0x9FA5) || (c >= 0xAC00 && c <= 0xD7FF);
}

/** Splits every piece at the matches of @p match, keeping the stretches between matches. */
std::vector<std::pair<size_t, size_t>> splitPass(const std::vector<uint32_t>& cpts,
                                                 const std::vector<std::pair<size_t, size_t>>& pieces,
                                                 const Matcher& match)
{
    std::vector<std::pair<size_t, size_t>> out;
    out.reserve(pieces.size() * 2);
    for (const auto& [start, length] : pieces) {
        const Piece piece{cpts.data(), start + length};
        size_t gapStart = start;
        size_t pos = start;
        while (pos < piece.end) {
            const size_t n = match(piece, pos);
            if (n == 0) {
                ++pos;
                continue;
            }
            if (pos > gapStart)
                out.emplace_back(gapStart, pos - gapStart);
            out.emplace_back(pos, n);
            pos += n;
            gapStart = pos;
        }
        if (piece.end > gapStart)
            out.emplace_back(gapStart, piece.end - gapStart);
    }
    return out;
}

std::vector<Matcher> passesFor(PreTokenizerKind kind)
{
    const Matcher gpt2 = [](const Piece& p, size_t pos) { return matchGpt2(p, pos); };
    const Matcher singleNumber = [](const Piece& p, size_t pos) -> size_t { return p.isNumber(pos) ? 1 : 0; };
    switch (kind) {
    case PreTokenizerKind::Gpt2: return {gpt2};
    case PreTokenizerKind::Llama3:
    case PreTokenizerKind::Default:
        return {[](const Piece& p, size_t pos) { return matchLlama3(p, pos, 3); }};
    case PreTokenizerKind::Qwen2:
        return {[](const Piece& p, size_t pos) { return matchLlama3(p, pos, 1); }};
    case PreTokenizerKind::Starcoder: return {singleNumber, gpt2};
    case PreTokenizerKind::DeepseekCoder:
        return {
            [](const Piece& p, size_t pos) -> size_t { return p.isCrLf(pos) ? 1 : 0; },
            [](const Piece& p, size_t pos) { return matchOptionalSpaceThen(p, pos, &Piece::isLetter); },
            [](const Piece& p, size_t pos) { return matchOptionalSpaceThen(p, pos, &Piece::isPunct); },
            [](const Piece& p, size_t pos) {
                size_t e = pos;
                while (p.in(e) && isDeepseekCjk(p.cpts[e]))
                    ++e;
                return e - pos;
            },
            singleNumber,
        };
    }
    return {gpt2};
}

} // namespace

std::optional<PreTokenizerKind> PreTokenizer::kindFromName(std::string_view pre)
{
    for (const NamedKind& n : kNames) {
        if (n.name == pre)
            return n.kind;
    }
    return std::nullopt;
}

std::string PreTokenizer::supportedNames()
{
    std::string out;
    for (const NamedKind& n : kNames) {
        if (!out.empty())
            out += ", ";
        out += n.name;
    }
    return out;
}

PreTokenizer::PreTokenizer(PreTokenizerKind kind)
    : m_kind(kind)
{
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const
{
    const std::vector<uint32_t> cpts = utf8ToCodepoints(text);
    std::vector<std::pair<size_t, size_t>> pieces;
    if (!cpts.empty())
        pieces.emplace_back(0, cpts.size());
    for (const Matcher& pass : passesFor(m_kind))
        pieces = splitPass(cpts, pieces, pass);

    std::vector<std::string> words;
    words.reserve(pieces.size());
    for (const auto& [start, length] : pieces) {
        std::string word;
        for (size_t i = start; i < start + length; ++i)
            appendUtf8(word, cpts[i]);
        words.push_back(std::move(word));
    }
    return words;
}

} // namespace triad::engine
