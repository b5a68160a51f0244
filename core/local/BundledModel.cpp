#include "core/local/BundledModel.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace triad::local {

namespace fs = std::filesystem;

std::string executableDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty())
        return {};
    return exe.parent_path().string();
}

std::optional<std::string> bundledModelPath(std::string* why)
{
    if (const char* env = std::getenv("TRIAD_BUNDLED_MODEL"); env && *env) {
        std::error_code ec;
        if (fs::is_regular_file(env, ec))
            return std::string(env);
        if (why)
            *why = std::string("TRIAD_BUNDLED_MODEL names ") + env + ", which is not a file";
        return std::nullopt;
    }
    std::string looked;
    const std::string dir = executableDir();
    if (!dir.empty()) {
        for (const char* up : {"..", "../.."}) {
            const fs::path candidate = fs::path(dir) / up / "share" / "triad" / "models" / kBundledModelFile;
            std::error_code ec;
            if (fs::is_regular_file(candidate, ec))
                return fs::weakly_canonical(candidate, ec).string();
            looked += (looked.empty() ? "" : ", ") + candidate.lexically_normal().string();
        }
    }
    if (why)
        *why = looked.empty() ? std::string("the running program's folder is unknown and TRIAD_BUNDLED_MODEL is not set")
                              : "the built-in model is not installed (looked for " + looked +
                                    "; set TRIAD_BUNDLED_MODEL to a GGUF file)";
    return std::nullopt;
}

} // namespace triad::local
