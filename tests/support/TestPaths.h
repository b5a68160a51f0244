#pragma once
// Where tests find the source tree, the build tree and ../shared.

#include <string>

namespace triad::testsupport {

std::string sourceDir();
std::string binaryDir();
/** ../shared beside the checkout, or "" when it is absent (tests then skip). */
std::string sharedDir();
/** Path of the built triad-cli. */
std::string cliPath();

} // namespace triad::testsupport
