#include "core/providers/ChatTypes.h"

namespace triad::providers {

const char* errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Auth: return "auth";
    case ErrorKind::RateLimited: return "rate_limited";
    case ErrorKind::Server: return "server";
    case ErrorKind::BadRequest: return "bad_request";
    case ErrorKind::Dns: return "dns";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::ConnectTimeout: return "connect_timeout";
    case ErrorKind::ReadTimeout: return "read_timeout";
    case ErrorKind::Connection: return "connection";
    case ErrorKind::BadResponse: return "bad_response";
    case ErrorKind::StreamError: return "stream_error";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Local: return "local";
    }
    return "unknown";
}

} // namespace triad::providers
