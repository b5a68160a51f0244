#include "core/datasets/JsonlLineReader.h"

#include <algorithm>
#include <cstring>

namespace triad::datasets {

JsonlLineReader::JsonlLineReader(std::istream& in, int64_t maxLineBytes, size_t chunkBytes)
    : m_in(in), m_maxLineBytes(std::max<int64_t>(maxLineBytes, 1)), m_chunkBytes(std::max<size_t>(chunkBytes, 4096))
{
    m_buffer.resize(m_chunkBytes);
}

bool JsonlLineReader::fill()
{
    if (m_eof)
        return false;
    // Move the unread bytes to the front, then make room for one more chunk: the buffer only
    // grows while one line is longer than a chunk, and never past the line limit plus a chunk.
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_buffer.size() - m_end < m_chunkBytes)
        m_buffer.resize(m_end + m_chunkBytes);
    m_in.read(m_buffer.data() + m_end, std::streamsize(m_buffer.size() - m_end));
    const auto got = size_t(m_in.gcount());
    m_end += got;
    if (got == 0 || !m_in)
        m_eof = got == 0 || m_in.eof() || m_in.fail();
    return got > 0;
}

bool JsonlLineReader::next(JsonlLine& line)
{
    line = JsonlLine{};
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        const size_t unread = m_end - m_begin;
        const void* nl = unread > m_searched ? std::memchr(start + m_searched, '\n', unread - m_searched) : nullptr;
        if (nl != nullptr || (m_eof && unread > 0) || int64_t(unread) > m_maxLineBytes) {
            size_t length = nl ? size_t(static_cast<const char*>(nl) - start) : unread;
            if (int64_t(length) > m_maxLineBytes)
                break;   // over the limit: skipped below
            line.number = ++m_lineNumber;
            line.lengthBytes = int64_t(length);
            line.text = std::string_view(start, length);
            if (!line.text.empty() && line.text.back() == '\r')
                line.text.remove_suffix(1);
            const size_t consumed = length + (nl ? 1 : 0);
            m_begin += consumed;
            m_bytesRead += int64_t(consumed);
            m_searched = 0;
            return true;
        }
        m_searched = unread;
        if (!fill() && m_eof && m_end == m_begin)
            return false;
    }
    // A line longer than the limit: keep its start, drop the rest up to its newline.
    line.number = ++m_lineNumber;
    line.tooLong = true;
    m_kept.assign(m_buffer.data() + m_begin, std::min(kKeptBytes, m_end - m_begin));
    int64_t length = 0;
    for (;;) {
        const char* start = m_buffer.data() + m_begin;
        const size_t unread = m_end - m_begin;
        const void* nl = std::memchr(start, '\n', unread);
        if (nl != nullptr) {
            const size_t part = size_t(static_cast<const char*>(nl) - start);
            length += int64_t(part);
            m_begin += part + 1;
            m_bytesRead += int64_t(part) + 1;
            break;
        }
        length += int64_t(unread);
        m_bytesRead += int64_t(unread);
        m_begin = m_end;
        if (!fill())
            break;
    }
    m_searched = 0;
    line.lengthBytes = length;
    line.text = m_kept;
    return true;
}

} // namespace triad::datasets
