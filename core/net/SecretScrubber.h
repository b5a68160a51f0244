#pragma once
// Keeps API keys out of every message: error texts, server bodies echoed back, logs.

#include <string>
#include <vector>

namespace triad::net {

class SecretScrubber {
public:
    /** "••••abcd": only the last four characters; keys shorter than 12 show none. */
    static std::string mask(const std::string& secret);

    /** Replaces each secret (and any "Bearer <token>" or "sk-…" looking token) in `text`
     *  by its mask. */
    static std::string scrub(std::string text, const std::vector<std::string>& secrets);
};

} // namespace triad::net
