#pragma once
// One HTTP request as handed to the NetworkThread, with its timeouts and retry budget.

#include <string>
#include <vector>

#include "core/net/HttpHeaders.h"

namespace triad::net {

enum class HttpMethod {
    Get = 1,
    Post,
    Delete,
};

struct HttpRequest {
    HttpMethod method = HttpMethod::Get;
    std::string url;
    HttpHeaders headers;
    std::string body;

    /** Name used in error messages, e.g. "Fireworks" ("The API key was rejected by …"). */
    std::string serviceName;
    /** Strings scrubbed from every message this request produces (the API key). */
    std::vector<std::string> secrets;

    int connectTimeoutMs = 10000;
    /** No byte for this long (before or during the body) fails with ReadTimeout. */
    int idleReadTimeoutMs = 60000;
    /** Extra attempts for 429/5xx/connection errors, only while no body byte streamed. */
    int maxRetries = 3;
    /** First backoff delay; doubles per attempt (plus jitter) unless Retry-After says. */
    int retryBaseDelayMs = 500;
    /** Longest wait between attempts; a Retry-After beyond it fails instead of waiting. */
    int maxRetryDelayMs = 60000;
};

} // namespace triad::net
