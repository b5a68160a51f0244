#pragma once
// A streaming CSV record reader (RFC 4180: quoted fields with "" escapes and line breaks,
// CRLF or LF). Holds one record in memory at a time.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace triad::datasets {

class CsvReader {
public:
    explicit CsvReader(std::istream& in, char delimiter = ',');

    /**
     * Reads the next record into `fields`. Returns false at the end of input. A malformed
     * record (a quote left open at the end of the file) returns true with error() set.
     */
    bool next(std::vector<std::string>& fields);

    /** 1-based line on which the last record started. */
    int64_t recordLine() const { return m_recordLine; }
    /** The last record's raw text (without its final line break), for rejected-line review. */
    const std::string& rawRecord() const { return m_raw; }
    /** Empty, or why the last record is malformed. */
    const std::string& error() const { return m_error; }
    /** Bytes consumed so far. */
    int64_t bytesRead() const { return m_bytesRead; }

private:
    std::istream& m_in;
    char m_delimiter;
    int64_t m_line = 0;
    int64_t m_recordLine = 0;
    int64_t m_bytesRead = 0;
    std::string m_lineBuffer;
    std::string m_raw;
    std::string m_error;
};

} // namespace triad::datasets
