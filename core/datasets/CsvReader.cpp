#include "core/datasets/CsvReader.h"

namespace triad::datasets {

CsvReader::CsvReader(std::istream& in, char delimiter)
    : m_in(in), m_delimiter(delimiter)
{
}

bool CsvReader::next(std::vector<std::string>& fields)
{
    fields.clear();
    m_raw.clear();
    m_error.clear();
    if (!std::getline(m_in, m_lineBuffer))
        return false;
    ++m_line;
    m_recordLine = m_line;
    m_bytesRead += int64_t(m_lineBuffer.size()) + 1;
    if (m_line == 1 && m_lineBuffer.rfind("\xEF\xBB\xBF", 0) == 0)
        m_lineBuffer.erase(0, 3);   // a byte-order mark (spreadsheet exports) is not data

    std::string field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    for (;;) {
        if (!m_lineBuffer.empty() && m_lineBuffer.back() == '\r')
            m_lineBuffer.pop_back();
        if (!m_raw.empty())
            m_raw += '\n';
        m_raw += m_lineBuffer;
        for (size_t i = 0; i < m_lineBuffer.size(); ++i) {
            char c = m_lineBuffer[i];
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < m_lineBuffer.size() && m_lineBuffer[i + 1] == '"') {
                        field += '"';
                        ++i;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field += c;
                }
            } else if (c == '"' && field.empty() && !fieldWasQuoted) {
                inQuotes = true;
                fieldWasQuoted = true;
            } else if (c == m_delimiter) {
                fields.push_back(std::move(field));
                field.clear();
                fieldWasQuoted = false;
            } else {
                field += c;   // a stray quote inside an unquoted field is kept as text
            }
        }
        if (!inQuotes)
            break;
        // A quoted field continues on the next line: the line break is part of it.
        if (!std::getline(m_in, m_lineBuffer)) {
            m_error = "a quoted field opened on line " + std::to_string(m_recordLine)
                      + " is never closed before the end of the file";
            break;
        }
        ++m_line;
        m_bytesRead += int64_t(m_lineBuffer.size()) + 1;
        field += '\n';
    }
    fields.push_back(std::move(field));
    return true;
}

} // namespace triad::datasets
