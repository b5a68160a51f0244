#pragma once
// Turns what libcurl and servers report into ErrorInfo in plain words that name the service
// (or host) and the reason: "The API key was rejected by Fireworks (HTTP 401): …",
// "Could not resolve host api.example.com …", "… timed out …".

#include <string>

#include "core/providers/ChatTypes.h"

namespace triad::net {

/** Where a failure happened, for the message. */
struct FailureContext {
    std::string serviceName;     ///< e.g. "Fireworks"; falls back to the host when empty
    std::string url;
    int connectTimeoutMs = 0;
    int idleReadTimeoutMs = 0;
    bool bodyDelivered = false;  ///< part of the answer had streamed already
    long osErrno = 0;            ///< the socket error behind a curl failure (ECONNREFUSED…)
};

class ErrorMapper {
public:
    /** A libcurl result code (never CURLE_OK) with its error buffer text. */
    static providers::ErrorInfo fromCurl(int curlCode, const std::string& curlMessage,
                                         const FailureContext& context);
    /** An HTTP error status with the response body (JSON error objects are understood). */
    static providers::ErrorInfo fromHttpStatus(int httpStatus, const std::string& body,
                                               const FailureContext& context);
    /** No byte for idleReadTimeoutMs, before the first byte or mid-stream. */
    static providers::ErrorInfo readTimeout(const FailureContext& context, bool connected);

    /** The human part of an error body: error.message, error (string), message, detail,
     *  or the start of the raw text. */
    static std::string serverMessage(const std::string& body);
    /** Host of a URL ("api.openai.com"), or the URL itself when it does not parse. */
    static std::string hostOf(const std::string& url);
    /** Host[:port] for messages about connecting. */
    static std::string hostPortOf(const std::string& url);
    static bool isRetryable(providers::ErrorKind kind);
};

} // namespace triad::net
