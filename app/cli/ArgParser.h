#pragma once
// A small argument parser for triad-cli commands: --flag, --opt VALUE, --opt=VALUE,
// repeated options and positionals. Errors name the option and the reason.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace triad::cli {

class ArgParser {
public:
    /** Declares an option taking a value (e.g. "--model"). */
    ArgParser& option(const std::string& name);
    /** Declares a boolean flag (e.g. "--json"). */
    ArgParser& flag(const std::string& name);

    /** Parses; returns false and sets error() on unknown options or missing values. */
    bool parse(const std::vector<std::string>& args);

    const std::string& error() const { return m_error; }
    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

    /** Numeric accessors: set error() and return false when the value is not a number. */
    bool intValue(const std::string& name, long long& out);
    bool doubleValue(const std::string& name, double& out);

private:
    std::set<std::string> m_options;
    std::set<std::string> m_flags;
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_seenFlags;
    std::vector<std::string> m_positionals;
    std::string m_error;
};

} // namespace triad::cli
