#pragma once
// Reads a JSONL stream line by line in big chunks, handing out views into its own buffer
// (no copy, no allocation per line), with a cap on the length of one line so a file
// without newlines cannot make the import hold all of it in memory.
//
//   JsonlLineReader reader(in, 64 << 20);
//   JsonlLine line;
//   while (reader.next(line)) {
//       if (line.tooLong) ...reject line.number (line.text is its first bytes)...
//       else ...parse line.text (valid until the next call)...
//   }

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace triad::datasets {

struct JsonlLine {
    std::string_view text;     ///< without the '\n' (a trailing '\r' is removed too)
    int64_t number = 0;        ///< 1-based
    bool tooLong = false;      ///< longer than the limit: `text` holds its first keptBytes
    int64_t lengthBytes = 0;   ///< the whole line's length (even when tooLong)
};

class JsonlLineReader {
public:
    /** Bytes of an over-long line kept for the rejected-lines table. */
    static constexpr size_t kKeptBytes = 64 * 1024;

    JsonlLineReader(std::istream& in, int64_t maxLineBytes, size_t chunkBytes = 4 << 20);

    /** The next line, or false at the end of the stream. */
    bool next(JsonlLine& line);

    /** Bytes consumed up to the end of the last line returned (its newline included). */
    int64_t bytesRead() const { return m_bytesRead; }

private:
    /** Reads more after the unread bytes; false at the end of the stream. */
    bool fill();

    std::istream& m_in;
    int64_t m_maxLineBytes;
    size_t m_chunkBytes;
    std::vector<char> m_buffer;
    size_t m_begin = 0;   // unread bytes are m_buffer[m_begin, m_end)
    size_t m_end = 0;
    size_t m_searched = 0;   // bytes after m_begin known to hold no '\n'
    bool m_eof = false;
    int64_t m_bytesRead = 0;
    int64_t m_lineNumber = 0;
    std::string m_kept;   // the start of an over-long line
};

} // namespace triad::datasets
