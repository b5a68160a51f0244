// triad-cli: the headless face of Triad. Every command lives in its own file.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "Command.h"
#include "core/common/Version.h"

namespace triad::cli {
std::vector<Command>& commands()
{
    static std::vector<Command> all;
    return all;
}
} // namespace triad::cli

static void printUsage()
{
    std::printf("usage: triad-cli COMMAND [OPTIONS]\n\ncommands:\n");
    for (const auto& c : triad::cli::commands())
        std::printf("  %-14s %s\n", c.name.c_str(), c.summary.c_str());
    std::printf("\n  --version      print the version\n");
}

int main(int argc, char** argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage();
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("triad-cli %s\n", triad::version());
        return 0;
    }
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& c : triad::cli::commands()) {
        if (c.name == argv[1])
            return c.run(args);
    }
    std::fprintf(stderr, "triad-cli: unknown command '%s' (see triad-cli --help)\n", argv[1]);
    return 2;
}
