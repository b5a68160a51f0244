#include "core/net/HttpHeaders.h"

#include <algorithm>
#include <cctype>

namespace triad::net {

namespace {

bool equalsIgnoreCase(const std::string& a, const std::string& b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                   == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string trim(const std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
        --e;
    return s.substr(b, e - b);
}

} // namespace

void HttpHeaders::add(std::string name, std::string value)
{
    m_fields.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::set(const std::string& name, std::string value)
{
    m_fields.erase(std::remove_if(m_fields.begin(), m_fields.end(),
                                  [&](const auto& f) { return equalsIgnoreCase(f.first, name); }),
                   m_fields.end());
    m_fields.emplace_back(name, std::move(value));
}

std::optional<std::string> HttpHeaders::value(const std::string& name) const
{
    for (const auto& [n, v] : m_fields) {
        if (equalsIgnoreCase(n, name))
            return v;
    }
    return std::nullopt;
}

void HttpHeaders::addRawLine(const std::string& line)
{
    auto colon = line.find(':');
    if (colon == std::string::npos || line.rfind("HTTP/", 0) == 0)
        return;
    std::string name = trim(line.substr(0, colon));
    if (name.empty())
        return;
    add(std::move(name), trim(line.substr(colon + 1)));
}

} // namespace triad::net
