#include "core/providers/ThinkTagSplitter.h"

#include <algorithm>

namespace triad::providers {

namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
size_t partialTagSuffix(std::string_view text, std::string_view tag)
{
    const size_t maxLen = std::min(text.size(), tag.size() - 1);
    for (size_t len = maxLen; len > 0; --len) {
        if (text.substr(text.size() - len) == tag.substr(0, len))
            return len;
    }
    return 0;
}

} // namespace

void ThinkTagSplitter::emit(std::vector<TextPiece>& out, std::string_view text)
{
    if (!m_inThink && m_trimNewlines) {
        size_t skip = 0;
        while (skip < text.size() && (text[skip] == '\n' || text[skip] == '\r'))
            ++skip;
        text.remove_prefix(skip);
        if (text.empty())
            return;
        m_trimNewlines = false;
    }
    if (text.empty())
        return;
    if (!out.empty() && out.back().reasoning == m_inThink)
        out.back().text.append(text);
    else
        out.push_back({m_inThink, std::string(text)});
}

std::vector<TextPiece> ThinkTagSplitter::feed(std::string_view text)
{
    std::vector<TextPiece> out;
    std::string buffer = std::move(m_pending);
    m_pending.clear();
    buffer.append(text);
    std::string_view rest(buffer);
    while (!rest.empty()) {
        const std::string_view tag = m_inThink ? kClose : kOpen;
        size_t at = rest.find(tag);
        if (at != std::string_view::npos) {
            emit(out, rest.substr(0, at));
            rest.remove_prefix(at + tag.size());
            m_inThink = !m_inThink;
            if (!m_inThink)
                m_trimNewlines = true;
            continue;
        }
        size_t held = partialTagSuffix(rest, tag);
        emit(out, rest.substr(0, rest.size() - held));
        m_pending.assign(rest.substr(rest.size() - held));
        break;
    }
    return out;
}

std::vector<TextPiece> ThinkTagSplitter::flush()
{
    std::vector<TextPiece> out;
    std::string pending = std::move(m_pending);
    m_pending.clear();
    emit(out, pending);
    return out;
}

} // namespace triad::providers
