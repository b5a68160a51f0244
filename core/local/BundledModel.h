#pragma once
// Where Triad's built-in model (triad-mini.gguf, trained by `triad-cli bundled-model build`)
// is on this machine, so the playground and `triad-cli run` work with no download and no key.
// Looked up, in order:
//   1. $TRIAD_BUNDLED_MODEL (a file path; set but missing is reported, not skipped),
//   2. <dir of the running executable>/../share/triad/models/triad-mini.gguf
//      (the installed layout, and the build tree: CMake copies the model to build/share/…),
//   3. <dir of the running executable>/../../share/triad/models/triad-mini.gguf (build/app/x).
//
//   std::string why;
//   if (auto path = bundledModelPath(&why)) load(*path); else print(why);

#include <optional>
#include <string>

namespace triad::local {

/** The model's file name and the id it gets in the catalogue. */
inline constexpr const char* kBundledModelFile = "triad-mini.gguf";

/**
 * The bundled model's path, or nullopt with @p why (when given) saying where it looked.
 */
std::optional<std::string> bundledModelPath(std::string* why = nullptr);

/** The directory of the running executable ("" when it cannot be found). */
std::string executableDir();

} // namespace triad::local
