#pragma once
// An ordered list of HTTP header fields with case-insensitive lookup (RFC 9110 field names
// are case-insensitive; HTTP/2 servers send them lower-case).

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace triad::net {

class HttpHeaders {
public:
    void add(std::string name, std::string value);
    /** Replaces every field called `name` with one field. */
    void set(const std::string& name, std::string value);
    /** First value of `name`, compared case-insensitively. */
    std::optional<std::string> value(const std::string& name) const;
    bool contains(const std::string& name) const { return value(name).has_value(); }
    void clear() { m_fields.clear(); }
    bool empty() const { return m_fields.empty(); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return m_fields; }

    /** Parses one raw header line ("Name: value\r\n"); status lines and blanks are ignored. */
    void addRawLine(const std::string& line);

private:
    std::vector<std::pair<std::string, std::string>> m_fields;
};

} // namespace triad::net
