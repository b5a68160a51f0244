#pragma once
// Joins streamed token pieces into text that never ends inside a UTF-8 character: a piece
// that stops mid-character (byte tokens, partial emoji) is held back until the rest arrives.
// Invalid bytes become U+FFFD so what comes out is always valid UTF-8.

#include <string>
#include <string_view>

namespace triad::engine {

class Utf8StreamDecoder {
public:
    /** Appends @p bytes; returns the text that is now complete (possibly empty). */
    std::string push(std::string_view bytes);
    /** End of stream: returns what is held back (an unfinished character becomes U+FFFD). */
    std::string flush();
    /** Bytes held back waiting for the rest of a character. */
    size_t pendingBytes() const { return m_pending.size(); }
    void reset() { m_pending.clear(); }

private:
    std::string m_pending;
};

} // namespace triad::engine
