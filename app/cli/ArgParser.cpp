#include "ArgParser.h"

#include <cstdlib>

namespace triad::cli {

ArgParser& ArgParser::option(const std::string& name)
{
    m_options.insert(name);
    return *this;
}

ArgParser& ArgParser::flag(const std::string& name)
{
    m_flags.insert(name);
    return *this;
}

bool ArgParser::parse(const std::vector<std::string>& args)
{
    bool onlyPositionals = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (onlyPositionals || arg.size() < 2 || arg.rfind("--", 0) != 0) {
            m_positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositionals = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (m_flags.count(name)) {
            if (inlineValue) {
                m_error = "option " + name + " takes no value";
                return false;
            }
            m_seenFlags.insert(name);
        } else if (m_options.count(name)) {
            if (inlineValue) {
                m_values[name].push_back(*inlineValue);
            } else if (i + 1 < args.size()) {
                m_values[name].push_back(args[++i]);
            } else {
                m_error = "option " + name + " needs a value";
                return false;
            }
        } else {
            m_error = "unknown option " + name;
            return false;
        }
    }
    return true;
}

bool ArgParser::has(const std::string& name) const
{
    return m_seenFlags.count(name) || m_values.count(name);
}

std::optional<std::string> ArgParser::value(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> ArgParser::values(const std::string& name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

bool ArgParser::intValue(const std::string& name, long long& out)
{
    auto v = value(name);
    if (!v)
        return true;
    char* end = nullptr;
    long long parsed = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0') {
        m_error = "option " + name + " expects a whole number, got '" + *v + "'";
        return false;
    }
    out = parsed;
    return true;
}

bool ArgParser::doubleValue(const std::string& name, double& out)
{
    auto v = value(name);
    if (!v)
        return true;
    char* end = nullptr;
    double parsed = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') {
        m_error = "option " + name + " expects a number, got '" + *v + "'";
        return false;
    }
    out = parsed;
    return true;
}

} // namespace triad::cli
