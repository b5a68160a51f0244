#include "core/net/Utf8Text.h"

namespace triad::net {

size_t Utf8Text::sequenceLengthAt(const std::string& text, size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1
        : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2
        : (c & 0xF0) == 0xE0 ? 3
        : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4
        : 0;
    if (len == 0 || i + len > text.size())
        return 0;
    for (size_t k = 1; k < len; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

std::string Utf8Text::clipForMessage(const std::string& text, size_t maxBytes)
{
    std::string out;
    size_t i = 0;
    while (i < text.size() && out.size() < maxBytes) {
        const auto c = static_cast<unsigned char>(text[i]);
        const size_t len = sequenceLengthAt(text, i);
        if (len == 0 || out.size() + len > maxBytes) {
            if (len != 0)
                break;   // the next character does not fit whole
            out += '?';
            ++i;
        } else if (len == 1 && (c < 0x20 || c == 0x7F)) {
            out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : '?';
            ++i;
        } else {
            out.append(text, i, len);
            i += len;
        }
    }
    if (i < text.size())
        out += "…";
    return out;
}

} // namespace triad::net
