#pragma once
// Generated category runs (see scripts/gen_unicode_tables.py). Internal to Unicode.cpp.

#include <cstddef>
#include <cstdint>

namespace triad::engine {

/** Code points from `first` up to the next run's first share `category` (UnicodeCategory value). */
struct UnicodeRun {
    uint32_t first;
    uint8_t category;
};

extern const UnicodeRun kUnicodeRuns[];
extern const size_t kUnicodeRunCount;
extern const char* const kUnicodeVersion;

} // namespace triad::engine
