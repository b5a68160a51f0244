#include "core/store/SecretCheck.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace triad::store {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool isCredentialHeader(std::string_view headerName)
{
    const std::string name = lower(trim(headerName));
    for (const char* word : {"auth", "key", "token", "secret", "cookie", "password", "credential"}) {
        if (name.find(word) != std::string::npos)
            return true;
    }
    return false;
}

bool looksLikeSecret(std::string_view value)
{
    const std::string_view v = trim(value);
    const std::string low = lower(v);
    for (const char* scheme : {"bearer ", "basic ", "token "}) {
        if (low.rfind(scheme, 0) == 0)
            return true;
    }
    // Prefixes of keys issued by common providers (OpenAI, Anthropic, Groq, Fireworks,
    // Hugging Face, xAI, NVIDIA, Perplexity, Replicate, GitHub, Google).
    for (const char* prefix : {"sk-", "sk_", "gsk_", "fw_", "hf_", "xai-", "nvapi-", "pplx-",
                               "r8_", "ghp_", "github_pat_", "aiza"}) {
        if (low.rfind(prefix, 0) == 0 && v.size() >= 12)
            return true;
    }
    if (v.size() < 32)
        return false;
    bool upper = false, lowerCase = false, digit = false;
    for (unsigned char c : v) {
        if (std::isspace(c) || c == ':' || c == ',')
            return false;   // URLs, sentences and lists are not tokens
        upper |= std::isupper(c) != 0;
        lowerCase |= std::islower(c) != 0;
        digit |= std::isdigit(c) != 0;
    }
    return upper && lowerCase && digit;
}

bool isValidEnvVarName(std::string_view name)
{
    if (name.empty() || name.size() > 128)
        return false;
    if (!(std::isalpha(static_cast<unsigned char>(name.front())) || name.front() == '_'))
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_';
    });
}

} // namespace triad::store
