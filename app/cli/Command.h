#pragma once
// triad-cli subcommands register themselves here, one file per command:
//
//   static int runFoo(const std::vector<std::string>& args);
//   static triad::cli::Registrar reg{"foo", "does foo", runFoo};
//
// `args` excludes the program and command names. Return the process exit code.

#include <functional>
#include <string>
#include <vector>

namespace triad::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;
    std::string summary;
    CommandFn run;
};

std::vector<Command>& commands();

struct Registrar {
    Registrar(std::string name, std::string summary, CommandFn run)
    {
        commands().push_back({std::move(name), std::move(summary), std::move(run)});
    }
};

} // namespace triad::cli
