#pragma once
// When and how long to wait before trying a failed request again. Only failures that
// happened before any of the answer streamed are retried (a retry after content would
// silently duplicate or change text the person already saw).

#include <ctime>
#include <optional>
#include <string>

#include "core/net/HttpRequest.h"
#include "core/providers/ChatTypes.h"

namespace triad::net {

class RetryPolicy {
public:
    /** Delay in ms before the next attempt, or nullopt to give up.
     *  @param attemptsMade  attempts so far (1 after the first failure)
     *  @param retryAfter    the response's Retry-After header, if any
     *  @param jitter01      a value in [0,1) spreading retries of many panes apart */
    static std::optional<int> nextDelayMs(const HttpRequest& request, int attemptsMade,
                                          providers::ErrorKind cause, bool bodyDelivered,
                                          const std::optional<std::string>& retryAfter,
                                          double jitter01);

    /** Retry-After as delay-seconds ("3") or HTTP-date; nullopt when unparseable. */
    static std::optional<int> parseRetryAfterMs(const std::string& value, std::time_t now);
};

} // namespace triad::net
