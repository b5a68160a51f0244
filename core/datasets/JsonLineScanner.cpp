#include "core/datasets/JsonLineScanner.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace triad::datasets {

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

/** Non-zero when some byte of `v` is zero (the lowest flagged byte is always a real one). */
inline uint64_t zeroByte(uint64_t v)
{
    return (v - kOnes) & ~v & kHighBits;
}

/** Non-zero when some byte of the 8 ends the plain run of a string: '"', '\\', a control
 *  character or a non-ASCII byte. Lets the common ASCII text go 8 bytes per step. */
inline uint64_t specialByte(uint64_t w)
{
    return zeroByte(w ^ (kOnes * '"')) | zeroByte(w ^ (kOnes * '\\')) | ((w - kOnes * 0x20) & ~w & kHighBits)
           | (w & kHighBits);
}

inline bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** The code unit of the 4 hex digits at s[i..i+3], or -1. */
int hex4(std::string_view s, size_t i)
{
    if (i + 4 > s.size())
        return -1;
    int v = 0;
    for (size_t k = 0; k < 4; ++k) {
        int d = hexValue(s[i + k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/** Length of the well-formed UTF-8 sequence at s[i] (lead byte >= 0x80), or 0 (RFC 3629,
 *  the same table nlohmann::json checks: no overlongs, no surrogates, at most U+10FFFF). */
size_t utf8Length(std::string_view s, size_t i)
{
    auto in = [&](size_t k, unsigned lo, unsigned hi) {
        if (i + k >= s.size())
            return false;
        auto b = static_cast<unsigned char>(s[i + k]);
        return b >= lo && b <= hi;
    };
    auto lead = static_cast<unsigned char>(s[i]);
    if (lead >= 0xC2 && lead <= 0xDF)
        return in(1, 0x80, 0xBF) ? 2 : 0;
    if (lead == 0xE0)
        return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF)
        return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xED)
        return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (lead == 0xF0)
        return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3)
        return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (lead == 0xF4)
        return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

} // namespace

JsonLineScanner::JsonLineScanner(int maxDepth, size_t maxValues)
    : m_maxDepth(maxDepth < 1 ? 1 : maxDepth), m_maxValues(maxValues < 1 ? 1 : maxValues)
{
}

bool JsonLineScanner::scanString(size_t& i, uint8_t& flags) const
{
    const std::string_view s = m_text;
    const size_t n = s.size();
    ++i;   // the opening quote
    for (;;) {
        while (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            uint64_t special = specialByte(w);
            if (special != 0) {
                i += size_t(__builtin_ctzll(special)) / 8;   // little-endian: lowest byte first
                break;
            }
            i += 8;
        }
        if (i >= n)
            return false;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"') {
            ++i;
            return true;
        }
        if (c == '\\') {
            if (i + 1 >= n)
                return false;
            flags |= kJsonHasEscape;
            switch (s[i + 1]) {
            case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
                i += 2;
                break;
            case '/':
                flags |= kJsonNotCanonical;
                i += 2;
                break;
            case 'u': {
                flags |= kJsonNotCanonical;
                int unit = hex4(s, i + 2);
                if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
                    return false;
                i += 6;
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    if (i + 1 >= n || s[i] != '\\' || s[i + 1] != 'u')
                        return false;
                    int low = hex4(s, i + 2);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return false;
                    i += 6;
                }
                break;
            }
            default:
                return false;
            }
            continue;
        }
        if (c < 0x20)
            return false;
        if (c < 0x80) {   // a false positive of the 8-byte test (a byte above a real one)
            ++i;
            continue;
        }
        size_t len = utf8Length(s, i);
        if (len == 0)
            return false;
        i += len;
    }
}

int JsonLineScanner::scanNumber(size_t& i, uint8_t& flags) const
{
    const std::string_view s = m_text;
    const size_t n = s.size();
    const size_t start = i;
    if (s[i] == '-')
        ++i;
    if (i >= n || !isDigit(s[i]))
        return 0;
    if (s[i] == '0') {
        ++i;
    } else {
        while (i < n && isDigit(s[i]))
            ++i;
    }
    if (i < n && s[i] == '.') {
        flags |= kJsonFloat;
        ++i;
        if (i >= n || !isDigit(s[i]))
            return 0;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        flags |= kJsonFloat;
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (i >= n || !isDigit(s[i]))
            return 0;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    // nlohmann::json refuses a number that does not fit a double ("number overflow"); an
    // integer too long for 64 bits becomes a double there. Exactly where that edge lies is
    // the full parser's business: such numbers make the line Unsure.
    if (flags & kJsonFloat) {
        double v = 0;
        auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + i, v);
        if (ec != std::errc() || ptr != s.data() + i || !std::isfinite(v))
            return -1;
    } else if (i - start > 300) {
        return -1;
    }
    return 1;
}

ScanResult JsonLineScanner::scan(std::string_view text)
{
    m_tokens.clear();
    m_open.clear();
    m_keyHasEscape = false;
    m_text = text;
    if (text.size() >= std::numeric_limits<uint32_t>::max())
        return ScanResult::TooLarge;
    const char* s = text.data();
    const size_t n = text.size();
    size_t i = 0;
    bool unsure = false;
    auto ws = [&] {
        while (i < n && isWhitespace(s[i]))
            ++i;
    };
    // A key and its colon; the value follows.
    auto key = [&] {
        if (i >= n || s[i] != '"')
            return false;
        JsonToken t;
        t.type = JsonTokenType::String;
        t.begin = uint32_t(i);
        if (!scanString(i, t.flags))
            return false;
        if (t.flags & kJsonHasEscape)
            m_keyHasEscape = true;
        t.end = uint32_t(i);
        t.next = uint32_t(m_tokens.size() + 1);
        m_tokens.push_back(t);
        ws();
        if (i >= n || s[i] != ':')
            return false;
        ++i;
        ws();
        return true;
    };
    auto closeTop = [&] {
        JsonToken& top = m_tokens[m_open.back()];
        top.end = uint32_t(i);
        top.next = uint32_t(m_tokens.size());
        m_open.pop_back();
    };

    if (n >= 3 && std::memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;   // nlohmann::json skips a BOM too; rare enough to leave the rest to it
        unsure = true;
    }
    ws();
    for (;;) {
        // A value starts at i.
        if (i >= n)
            return ScanResult::SyntaxError;
        if (m_tokens.size() >= m_maxValues)
            return ScanResult::TooLarge;
        JsonToken t;
        t.begin = uint32_t(i);
        const char c = s[i];
        if (c == '{' || c == '[') {
            t.type = c == '{' ? JsonTokenType::Object : JsonTokenType::Array;
            if (int(m_open.size()) >= m_maxDepth)
                return ScanResult::TooDeep;
            m_open.push_back(uint32_t(m_tokens.size()));
            m_tokens.push_back(t);
            ++i;
            ws();
            if (i < n && s[i] == (c == '{' ? '}' : ']')) {
                ++i;
                closeTop();
            } else {
                if (c == '{' && !key())
                    return ScanResult::SyntaxError;
                continue;
            }
        } else {
            if (c == '"') {
                t.type = JsonTokenType::String;
                if (!scanString(i, t.flags))
                    return ScanResult::SyntaxError;
            } else if (c == '-' || isDigit(c)) {
                t.type = JsonTokenType::Number;
                int r = scanNumber(i, t.flags);
                if (r == 0)
                    return ScanResult::SyntaxError;
                unsure = unsure || r < 0;
            } else {
                static constexpr std::string_view kLiterals[] = {"true", "false", "null"};
                static constexpr JsonTokenType kTypes[] = {JsonTokenType::True, JsonTokenType::False,
                                                           JsonTokenType::Null};
                size_t k = c == 't' ? 0 : c == 'f' ? 1 : c == 'n' ? 2 : 3;
                if (k == 3 || text.substr(i, kLiterals[k].size()) != kLiterals[k])
                    return ScanResult::SyntaxError;
                t.type = kTypes[k];
                i += kLiterals[k].size();
            }
            t.end = uint32_t(i);
            t.next = uint32_t(m_tokens.size() + 1);
            m_tokens.push_back(t);
        }
        // After a value: a separator, the end of containers, or the end of the line.
        for (;;) {
            ws();
            if (m_open.empty()) {
                if (i != n)
                    return ScanResult::SyntaxError;
                return unsure ? ScanResult::Unsure : ScanResult::Ok;
            }
            if (i >= n)
                return ScanResult::SyntaxError;
            const bool inObject = m_tokens[m_open.back()].type == JsonTokenType::Object;
            if (s[i] == ',') {
                ++i;
                ws();
                if (inObject && !key())
                    return ScanResult::SyntaxError;
                break;   // the next value
            }
            if (s[i] != (inObject ? '}' : ']'))
                return ScanResult::SyntaxError;
            ++i;
            closeTop();
        }
    }
}

void JsonLineScanner::decodeString(const JsonToken& t, std::string& out) const
{
    std::string_view s = inner(t);
    if (!(t.flags & kJsonHasEscape)) {
        out.append(s);
        return;
    }
    for (size_t i = 0; i < s.size();) {
        size_t esc = s.find('\\', i);
        if (esc == std::string_view::npos) {
            out.append(s.substr(i));
            break;
        }
        out.append(s.substr(i, esc - i));
        const char e = s[esc + 1];
        i = esc + 2;
        switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            // scan() checked the digits and the surrogate pairing.
            uint32_t cp = uint32_t(hex4(s, i));
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t low = uint32_t(hex4(s, i + 2));
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            appendUtf8(out, cp);
            break;
        }
        default: out += e; break;   // " \ /
        }
    }
}

} // namespace triad::datasets
