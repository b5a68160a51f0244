#pragma once
// Making untrusted bytes (server bodies, garbage streams) safe to put in a message: valid
// UTF-8, no control characters, clipped at a character boundary.

#include <cstddef>
#include <string>

namespace triad::net {

class Utf8Text {
public:
    /** At most `maxBytes` of `text` (plus "…" when cut); invalid UTF-8 bytes and control
     *  characters become '?' (newlines and tabs become spaces). */
    static std::string clipForMessage(const std::string& text, size_t maxBytes);
    /** Length of the UTF-8 sequence at text[i], or 0 when it is not valid there. */
    static size_t sequenceLengthAt(const std::string& text, size_t i);
};

} // namespace triad::net
