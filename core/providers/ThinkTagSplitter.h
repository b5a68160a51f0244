#pragma once
// Separates inline <think>…</think> reasoning from the answer in streamed text. Tags may be
// split across chunks ("<thi" + "nk>"), so a possible tag start at the end of a chunk is
// held back until the next chunk shows what it is.
//
// Usage:
//   ThinkTagSplitter s;
//   for (auto& piece : s.feed(delta)) piece.reasoning ? showThinking(piece.text) : show(piece.text);
//   for (auto& piece : s.flush()) ...;   // end of stream

#include <string>
#include <string_view>
#include <vector>

namespace triad::providers {

struct TextPiece {
    bool reasoning = false;
    std::string text;
};

class ThinkTagSplitter {
public:
    std::vector<TextPiece> feed(std::string_view text);
    /** Releases anything held back (an unfinished tag is plain text after all). */
    std::vector<TextPiece> flush();
    bool insideThink() const { return m_inThink; }

private:
    void emit(std::vector<TextPiece>& out, std::string_view text);

    bool m_inThink = false;
    bool m_trimNewlines = false;   // the answer after </think> starts without blank lines
    std::string m_pending;
};

} // namespace triad::providers
