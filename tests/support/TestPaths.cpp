#include "tests/support/TestPaths.h"

#include <cstdlib>
#include <filesystem>

namespace triad::testsupport {

std::string sourceDir() { return TRIAD_SOURCE_DIR; }
std::string binaryDir() { return TRIAD_BINARY_DIR; }

std::string sharedDir()
{
    if (const char* env = std::getenv("TRIAD_SHARED_DIR"); env && *env)
        return std::filesystem::exists(env) ? std::string(env) : std::string();
    std::filesystem::path p(TRIAD_SHARED_DIR);
    return std::filesystem::exists(p / "engine-vectors") ? p.lexically_normal().string() : std::string();
}

std::string cliPath()
{
    if (const char* env = std::getenv("TRIAD_CLI"); env && *env)
        return env;
    return std::string(TRIAD_BINARY_DIR) + "/app/triad-cli";
}

} // namespace triad::testsupport
