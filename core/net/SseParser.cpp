#include "core/net/SseParser.h"

#include <algorithm>

namespace triad::net {

void SseParser::feed(std::string_view bytes, const EventFn& onEvent)
{
    m_bytesSeen += bytes.size();
    std::string joined;
    if (m_atStart) {
        // A UTF-8 BOM may open the stream, possibly split over reads: hold the first
        // bytes until it is clear whether they are one.
        static constexpr std::string_view kBom = "\xEF\xBB\xBF";
        m_bomProbe.append(bytes);
        const size_t n = std::min(m_bomProbe.size(), kBom.size());
        if (std::string_view(m_bomProbe).substr(0, n) == kBom.substr(0, n) && n < kBom.size())
            return;   // still undecided
        m_atStart = false;
        joined.swap(m_bomProbe);
        bytes = joined;
        if (bytes.substr(0, kBom.size()) == kBom)
            bytes.remove_prefix(kBom.size());
    }
    size_t i = 0;
    while (i < bytes.size()) {
        if (m_lastWasCR) {
            m_lastWasCR = false;
            if (bytes[i] == '\n') {
                ++i;
                continue;
            }
        }
        size_t end = bytes.find_first_of("\r\n", i);
        if (end == std::string_view::npos) {
            if (!m_dropLine) {
                if (m_line.size() + (bytes.size() - i) > kMaxLineBytes) {
                    m_dropLine = true;
                    m_overflowed = true;
                    m_line.clear();
                } else {
                    m_line.append(bytes.substr(i));
                }
            }
            return;
        }
        if (!m_dropLine)
            m_line.append(bytes.substr(i, end - i));
        m_lastWasCR = bytes[end] == '\r';
        i = end + 1;
        if (m_dropLine) {
            m_dropLine = false;
            m_line.clear();
            continue;
        }
        std::string line;
        line.swap(m_line);
        processLine(line, onEvent);
    }
}

std::vector<SseEvent> SseParser::feed(std::string_view bytes)
{
    std::vector<SseEvent> out;
    feed(bytes, [&out](const SseEvent& e) { out.push_back(e); });
    return out;
}

void SseParser::finish(const EventFn& onEvent)
{
    if (m_atStart && !m_bomProbe.empty()) {
        // The stream ended while it still looked like a BOM: it was just bytes.
        m_atStart = false;
        std::string rest;
        rest.swap(m_bomProbe);
        m_bytesSeen -= rest.size();
        feed(rest, onEvent);
    }
    if (!m_line.empty() && !m_dropLine) {
        std::string line;
        line.swap(m_line);
        processLine(line, onEvent);
    }
    m_line.clear();
    m_dropLine = false;
    dispatch(onEvent);
}

void SseParser::processLine(const std::string& line, const EventFn& onEvent)
{
    if (line.empty()) {
        dispatch(onEvent);
        return;
    }
    if (line[0] == ':') {
        ++m_comments;
        return;
    }
    std::string_view field(line);
    std::string_view value;
    if (auto colon = line.find(':'); colon != std::string::npos) {
        field = std::string_view(line).substr(0, colon);
        value = std::string_view(line).substr(colon + 1);
        if (!value.empty() && value[0] == ' ')
            value.remove_prefix(1);
    }
    if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
        m_hasData = true;
    } else if (field == "event") {
        m_eventName.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            m_lastId.assign(value);
    } else if (field == "retry") {
        // Reconnection delay: Triad never reconnects a chat stream, so it has no use.
    } else {
        if (m_unknownLines++ == 0)
            m_firstUnknownLine = line.substr(0, 120);
    }
}

void SseParser::dispatch(const EventFn& onEvent)
{
    if (!m_hasData) {
        m_eventName.clear();
        return;
    }
    SseEvent e;
    e.data.swap(m_data);
    if (!e.data.empty() && e.data.back() == '\n')
        e.data.pop_back();
    e.event.swap(m_eventName);
    e.id = m_lastId;
    m_hasData = false;
    m_data.clear();
    m_eventName.clear();
    ++m_events;
    if (onEvent)
        onEvent(e);
}

} // namespace triad::net
