#include "core/net/SecretScrubber.h"

#include <cctype>

namespace triad::net {

namespace {

bool isTokenChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

/** Masks every token that follows `prefix` and is at least `minLength` long. */
void maskTokensAfter(std::string& text, const std::string& prefix, size_t minLength,
                     bool keepPrefix)
{
    size_t pos = 0;
    while ((pos = text.find(prefix, pos)) != std::string::npos) {
        size_t start = pos + prefix.size();
        size_t end = start;
        while (end < text.size() && isTokenChar(text[end]))
            ++end;
        if (end - start < minLength) {
            pos = end;
            continue;
        }
        std::string token = text.substr(keepPrefix ? start : pos, end - (keepPrefix ? start : pos));
        std::string masked = SecretScrubber::mask(token);
        size_t from = keepPrefix ? start : pos;
        text.replace(from, end - from, masked);
        pos = from + masked.size();
    }
}

} // namespace

std::string SecretScrubber::mask(const std::string& secret)
{
    // Bullets so a masked key is recognisably not a key; the tail tells keys apart.
    if (secret.size() < 12)
        return "••••";
    return "••••" + secret.substr(secret.size() - 4);
}

std::string SecretScrubber::scrub(std::string text, const std::vector<std::string>& secrets)
{
    for (const auto& secret : secrets) {
        // Very short "secrets" would shred ordinary words; real keys are long.
        if (secret.size() < 6)
            continue;
        const std::string masked = mask(secret);
        size_t pos = 0;
        while ((pos = text.find(secret, pos)) != std::string::npos) {
            text.replace(pos, secret.size(), masked);
            pos += masked.size();
        }
    }
    maskTokensAfter(text, "Bearer ", 8, true);
    maskTokensAfter(text, "sk-", 16, false);
    return text;
}

} // namespace triad::net
