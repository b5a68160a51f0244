#include "core/net/SseParser.h"

namespace triad::net {

void SseParser::feed(std::string_view bytes, const EventFn& onEvent)
{
    m_bytesSeen += bytes.size();
    if (m_atStart && !bytes.empty()) {
        // Strip a BOM only when it arrives whole at the very beginning (the common case);
        // one split over reads is harmless: it lands in an unknown line.
        if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
            bytes.remove_prefix(3);
        m_atStart = false;
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
