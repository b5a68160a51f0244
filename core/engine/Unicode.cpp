#include "core/engine/Unicode.h"

#include "core/engine/UnicodeTables.h"

#include <algorithm>

namespace triad::engine {

UnicodeCategory unicodeCategory(uint32_t cpt)
{
    if (cpt > 0x10FFFF)
        return UnicodeCategory::Undefined;
    const UnicodeRun* begin = kUnicodeRuns;
    const UnicodeRun* end = kUnicodeRuns + kUnicodeRunCount;
    // The last run whose first code point is <= cpt.
    const UnicodeRun* it = std::upper_bound(begin, end, cpt,
                                            [](uint32_t c, const UnicodeRun& r) { return c < r.first; });
    return static_cast<UnicodeCategory>((it - 1)->category);
}

bool unicodeIsWhitespace(uint32_t cpt)
{
    // The White_Space property; stable across Unicode versions since 6.3.
    if (cpt <= 0x20)
        return cpt == 0x20 || (cpt >= 0x09 && cpt <= 0x0D);
    switch (cpt) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cpt >= 0x2000 && cpt <= 0x200A;
    }
}

const char* unicodeTablesVersion()
{
    return kUnicodeVersion;
}

size_t utf8SequenceLength(uint8_t lead)
{
    if (lead < 0x80)
        return 1;
    if (lead < 0xC2) // continuation bytes and the overlong leads C0, C1
        return 0;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    if (lead < 0xF5)
        return 4;
    return 0;
}

uint32_t utf8DecodeOne(std::string_view text, size_t& offset)
{
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
    const uint8_t lead = byte(offset);
    const size_t length = utf8SequenceLength(lead);
    if (length == 1) {
        ++offset;
        return lead;
    }
    if (length == 0 || offset + length > text.size()) {
        ++offset;
        return kReplacementCharacter;
    }
    uint32_t cpt = lead & (0x7F >> length);
    for (size_t i = 1; i < length; ++i) {
        const uint8_t c = byte(offset + i);
        if ((c & 0xC0) != 0x80) {
            ++offset;
            return kReplacementCharacter;
        }
        cpt = (cpt << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cpt < kMinForLength[length] || cpt > 0x10FFFF || (cpt >= 0xD800 && cpt <= 0xDFFF)) {
        ++offset;
        return kReplacementCharacter;
    }
    offset += length;
    return cpt;
}

std::vector<uint32_t> utf8ToCodepoints(std::string_view text)
{
    std::vector<uint32_t> out;
    out.reserve(text.size());
    size_t offset = 0;
    while (offset < text.size())
        out.push_back(utf8DecodeOne(text, offset));
    return out;
}

void appendUtf8(std::string& out, uint32_t cpt)
{
    if (cpt > 0x10FFFF || (cpt >= 0xD800 && cpt <= 0xDFFF))
        cpt = kReplacementCharacter;
    if (cpt < 0x80) {
        out += static_cast<char>(cpt);
    } else if (cpt < 0x800) {
        out += static_cast<char>(0xC0 | (cpt >> 6));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else if (cpt < 0x10000) {
        out += static_cast<char>(0xE0 | (cpt >> 12));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cpt >> 18));
        out += static_cast<char>(0x80 | ((cpt >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    }
}

std::string codepointToUtf8(uint32_t cpt)
{
    std::string out;
    appendUtf8(out, cpt);
    return out;
}

size_t utf8IncompleteTailBytes(std::string_view text)
{
    // Look back at most 3 bytes for a lead byte whose sequence runs past the end.
    const size_t n = text.size();
    for (size_t back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<uint8_t>(text[n - back]);
        if ((c & 0xC0) == 0x80)
            continue; // continuation: keep looking for the lead
        const size_t length = utf8SequenceLength(c);
        return (length > back) ? back : 0;
    }
    return 0;
}

} // namespace triad::engine
