#include "core/metrics/TokenEstimator.h"

namespace triad::metrics {

namespace {

/** Length of the UTF-8 sequence a lead byte starts, or 1 for a stray byte. */
int sequenceLength(unsigned char lead)
{
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

} // namespace

int64_t TokenEstimator::countCodePoints(std::string_view utf8)
{
    int64_t count = 0;
    for (size_t i = 0; i < utf8.size();) {
        i += static_cast<size_t>(sequenceLength(static_cast<unsigned char>(utf8[i])));
        ++count;
    }
    return count;
}

int64_t TokenEstimator::estimateTokens(std::string_view utf8)
{
    if (utf8.empty())
        return 0;
    int64_t narrowChars = 0;   // ASCII and 2-byte scripts (Latin, Greek, Cyrillic...)
    int64_t wideChars = 0;     // 3- and 4-byte scripts (CJK, emoji...) tokenise densely
    for (size_t i = 0; i < utf8.size();) {
        int len = sequenceLength(static_cast<unsigned char>(utf8[i]));
        if (len >= 3)
            ++wideChars;
        else
            ++narrowChars;
        i += static_cast<size_t>(len);
    }
    int64_t tokens = (narrowChars + 3) / 4 + wideChars;
    return tokens > 0 ? tokens : 1;
}

} // namespace triad::metrics
