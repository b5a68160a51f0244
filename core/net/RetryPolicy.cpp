#include "core/net/RetryPolicy.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <curl/curl.h>

#include "core/net/ErrorMapper.h"

namespace triad::net {

std::optional<int> RetryPolicy::parseRetryAfterMs(const std::string& value, std::time_t now)
{
    std::string v = value;
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.pop_back();
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
        v.erase(v.begin());
    if (v.empty())
        return std::nullopt;
    if (std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (v.size() > 6)   // more than 11 days: treat as "far too long"
            return 1'000'000'000;
        return std::stoi(v) * 1000;
    }
    std::time_t at = curl_getdate(v.c_str(), nullptr);
    if (at == -1)
        return std::nullopt;
    double deltaSec = std::difftime(at, now);
    return deltaSec <= 0 ? 0 : static_cast<int>(std::min(deltaSec, 1e6) * 1000);
}

std::optional<int> RetryPolicy::nextDelayMs(const HttpRequest& request, int attemptsMade,
                                            providers::ErrorKind cause, bool bodyDelivered,
                                            const std::optional<std::string>& retryAfter,
                                            double jitter01)
{
    if (bodyDelivered || !ErrorMapper::isRetryable(cause) || attemptsMade > request.maxRetries)
        return std::nullopt;
    if (retryAfter) {
        if (auto ms = parseRetryAfterMs(*retryAfter, std::time(nullptr))) {
            // A server asking for a long pause gets its error shown rather than a GUI
            // that silently waits for minutes.
            if (*ms > request.maxRetryDelayMs)
                return std::nullopt;
            return *ms;
        }
    }
    const double exponential = request.retryBaseDelayMs * std::pow(2.0, attemptsMade - 1);
    const double withJitter = exponential * (1.0 + 0.2 * std::clamp(jitter01, 0.0, 1.0));
    return static_cast<int>(std::min<double>(withJitter, request.maxRetryDelayMs));
}

} // namespace triad::net
