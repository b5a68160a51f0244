#include "core/common/FuzzyMatch.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace triad::common {

namespace {

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool isWordStart(std::string_view text, size_t i)
{
    if (i == 0)
        return true;
    const char prev = text[i - 1];
    const char cur = text[i];
    const bool prevAlnum = (prev >= '0' && prev <= '9') || (lower(prev) >= 'a' && lower(prev) <= 'z');
    return !prevAlnum || (prev >= 'a' && prev <= 'z' && cur >= 'A' && cur <= 'Z');
}

} // namespace

std::optional<int> fuzzyScore(std::string_view query, std::string_view text)
{
    if (query.empty())
        return 0;
    if (query.size() > text.size())
        return std::nullopt;
    // prev[j]: the best score of query[0..qi-1] with its last character matched at text[j].
    // Keeping every alignment (not the first greedy one) lets "ns" in "New session" take the
    // word start "s" rather than the "s" inside "New session"'s first word.
    constexpr int kNone = std::numeric_limits<int>::min() / 2;
    constexpr int kMatch = 10, kWordStart = 15, kConsecutive = 8, kGap = 1;
    const size_t m = text.size();
    std::vector<int> prev(m, kNone), cur(m, kNone);
    for (size_t qi = 0; qi < query.size(); ++qi) {
        int gapBest = kNone; // max over k <= j-2 of prev[k] + k·kGap
        for (size_t j = 0; j < m; ++j) {
            if (qi > 0 && j >= 2 && prev[j - 2] != kNone)
                gapBest = std::max(gapBest, prev[j - 2] + int(j - 2) * kGap);
            cur[j] = kNone;
            if (lower(text[j]) != lower(query[qi]))
                continue;
            const int bonus = kMatch + (isWordStart(text, j) ? kWordStart : 0);
            if (qi == 0) {
                cur[j] = bonus - int(j) * kGap; // earlier first matches are better
                continue;
            }
            int from = kNone;
            if (j >= 1 && prev[j - 1] != kNone)
                from = prev[j - 1] + kConsecutive;
            if (gapBest != kNone)
                from = std::max(from, gapBest - int(j - 1) * kGap);
            if (from != kNone)
                cur[j] = from + bonus;
        }
        prev.swap(cur);
    }
    int result = kNone;
    for (int v : prev)
        result = std::max(result, v);
    if (result == kNone)
        return std::nullopt;
    return result - int(m) / 4; // among equal matches, the shorter text first
}

} // namespace triad::common
