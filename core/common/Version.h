#pragma once

namespace triad {
/** The version of this build, e.g. "0.1.0". */
inline const char* version() { return TRIAD_VERSION; }
}
