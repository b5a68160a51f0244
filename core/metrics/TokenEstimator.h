#pragma once
// Estimates token counts when a provider reports no `usage`. The figures are marked as
// estimated wherever they are shown; they only need to be the right order of magnitude.

#include <cstdint>
#include <string_view>

namespace triad::metrics {

class TokenEstimator {
public:
    /** Unicode code points in UTF-8 text (invalid bytes count as one each). */
    static int64_t countCodePoints(std::string_view utf8);

    /** ~4 characters per token for Latin text (the rule of thumb of OpenAI's and
     *  Anthropic's docs); CJK and other wide scripts count about one token per character. */
    static int64_t estimateTokens(std::string_view utf8);
};

} // namespace triad::metrics
