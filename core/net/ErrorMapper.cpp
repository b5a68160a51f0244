#include "core/net/ErrorMapper.h"

#include "core/net/Utf8Text.h"

#include <cerrno>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace triad::net {

using providers::ErrorInfo;
using providers::ErrorKind;

namespace {

constexpr size_t kMaxServerMessageChars = 400;

std::string serviceOf(const FailureContext& c)
{
    return c.serviceName.empty() ? ErrorMapper::hostOf(c.url) : c.serviceName;
}

std::string urlPart(const std::string& url, CURLUPart part)
{
    CURLU* u = curl_url();
    std::string out;
    if (u && curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        char* value = nullptr;
        if (curl_url_get(u, part, &value, part == CURLUPART_PORT ? CURLU_DEFAULT_PORT : 0) == CURLUE_OK
            && value) {
            out = value;
            curl_free(value);
        }
    }
    curl_url_cleanup(u);
    return out;
}

std::string withReason(const std::string& base, const std::string& curlMessage)
{
    return curlMessage.empty() ? base : base + " (" + curlMessage + ")";
}

std::string clip(const std::string& text, size_t maxBytes)
{
    return Utf8Text::clipForMessage(text, maxBytes);
}

} // namespace

std::string ErrorMapper::hostOf(const std::string& url)
{
    std::string host = urlPart(url, CURLUPART_HOST);
    return host.empty() ? url : host;
}

std::string ErrorMapper::hostPortOf(const std::string& url)
{
    std::string host = urlPart(url, CURLUPART_HOST);
    std::string port = urlPart(url, CURLUPART_PORT);
    if (host.empty())
        return url;
    return port.empty() ? host : host + ":" + port;
}

bool ErrorMapper::isRetryable(ErrorKind kind)
{
    return kind == ErrorKind::RateLimited || kind == ErrorKind::Server
        || kind == ErrorKind::Connection || kind == ErrorKind::ConnectTimeout;
}

std::string ErrorMapper::serverMessage(const std::string& body)
{
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_discarded() && json.is_object()) {
        const auto& err = json.contains("error") ? json["error"] : json;
        if (err.is_string())
            return clip(err.get<std::string>(), kMaxServerMessageChars);
        if (err.is_object()) {
            for (const char* key : {"message", "detail", "error", "msg"}) {
                if (err.contains(key) && err[key].is_string())
                    return clip(err[key].get<std::string>(), kMaxServerMessageChars);
            }
        }
        if (json.contains("detail") && json["detail"].is_string())
            return clip(json["detail"].get<std::string>(), kMaxServerMessageChars);
    }
    // Not JSON (an HTML error page from a proxy, plain text): the start says enough.
    std::string text = clip(body, 200);
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

ErrorInfo ErrorMapper::fromHttpStatus(int httpStatus, const std::string& body,
                                      const FailureContext& context)
{
    ErrorInfo e;
    e.httpStatus = httpStatus;
    const std::string service = serviceOf(context);
    const std::string status = "(HTTP " + std::to_string(httpStatus) + ")";
    std::string detail = serverMessage(body);
    const std::string tail = detail.empty() ? "" : ": " + detail;

    if (httpStatus == 401 || httpStatus == 403) {
        e.kind = ErrorKind::Auth;
        e.message = "The API key was rejected by " + service + " " + status + tail;
    } else if (httpStatus == 429) {
        e.kind = ErrorKind::RateLimited;
        e.message = service + " is rate limiting requests " + status + tail;
    } else if (httpStatus >= 500) {
        e.kind = ErrorKind::Server;
        e.message = service + " had a server error " + status + tail;
    } else if (httpStatus == 404) {
        e.kind = ErrorKind::BadRequest;
        e.message = service + " has no such endpoint or model " + status
            + " at " + context.url + tail;
    } else if (httpStatus >= 400) {
        e.kind = ErrorKind::BadRequest;
        e.message = service + " refused the request " + status + tail;
    } else {
        e.kind = ErrorKind::BadResponse;
        e.message = service + " answered with an unexpected status " + status
            + " at " + context.url + " (a redirect? check the base URL)" + tail;
    }
    return e;
}

ErrorInfo ErrorMapper::readTimeout(const FailureContext& context, bool connected)
{
    ErrorInfo e;
    e.kind = ErrorKind::ReadTimeout;
    const std::string service = serviceOf(context);
    const std::string limit = std::to_string(context.idleReadTimeoutMs) + " ms";
    if (context.bodyDelivered) {
        e.message = "The stream from " + service + " stalled: no data for " + limit
            + " (idle read timeout); the text received so far is kept";
    } else {
        e.message = "Read timeout: " + service + " sent no response within " + limit
            + (connected ? " after the request was sent" : "");
    }
    return e;
}

ErrorInfo ErrorMapper::fromCurl(int curlCode, const std::string& curlMessage,
                                const FailureContext& context)
{
    ErrorInfo e;
    const std::string host = hostOf(context.url);
    const std::string hostPort = hostPortOf(context.url);
    const std::string service = serviceOf(context);
    const auto code = static_cast<CURLcode>(curlCode);
    const std::string reason = curlMessage.empty() ? curl_easy_strerror(code) : curlMessage;

    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        e.kind = ErrorKind::Dns;
        e.message = "Could not resolve host " + host
            + " (DNS lookup failed; check the base URL and the network connection)";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        e.kind = ErrorKind::ConnectTimeout;
        e.message = "Connection to " + hostPort + " timed out after "
            + std::to_string(context.connectTimeoutMs) + " ms (connect timeout)";
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
        e.kind = ErrorKind::Tls;
        e.message = withReason("TLS (secure connection) with " + hostPort + " failed", reason);
        break;
    case CURLE_COULDNT_CONNECT:
        e.kind = ErrorKind::Connection;
        if (context.osErrno == ECONNREFUSED || reason.find("refused") != std::string::npos)
            e.message = "Connection to " + hostPort + " was refused (is the server running?)";
        else
            e.message = withReason("Could not connect to " + hostPort, reason);
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        e.kind = ErrorKind::BadRequest;
        e.message = "'" + context.url + "' is not a valid http:// or https:// URL";
        break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
        e.kind = ErrorKind::BadResponse;
        e.message = withReason(service + " at " + hostPort + " did not answer in HTTP"
                               " (is this the right port and scheme?)", reason);
        break;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    default:
        e.kind = ErrorKind::Connection;
        if (context.bodyDelivered)
            e.message = withReason("The connection to " + service + " broke mid-stream", reason)
                + "; the text received so far is kept";
        else
            e.message = withReason("The connection to " + service + " (" + hostPort
                                   + ") closed before a response arrived", reason);
        break;
    }
    return e;
}

} // namespace triad::net
