#pragma once
// Scores how well a typed query matches a text, the way quick switchers do: every query
// character must appear in the text in order (case-insensitive for ASCII); matches at word
// starts and runs of consecutive characters score higher, gaps and long texts lower.
//
//   fuzzyScore("nse", "Session: New session")   // some score
//   fuzzyScore("xyz", "Run all panes")          // nullopt

#include <optional>
#include <string_view>

namespace triad::common {

/** nullopt when @p query is not a subsequence of @p text; an empty query scores 0. */
std::optional<int> fuzzyScore(std::string_view query, std::string_view text);

} // namespace triad::common
