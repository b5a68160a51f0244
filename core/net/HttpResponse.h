#pragma once
// A whole (non-streamed) response, as NetworkThread::fetch returns it.

#include <optional>
#include <string>

#include "core/net/HttpHeaders.h"
#include "core/providers/ChatTypes.h"

namespace triad::net {

struct HttpResponse {
    int httpStatus = 0;
    HttpHeaders headers;
    std::string body;                            ///< the 2xx body (error bodies: see error)
    std::optional<providers::ErrorInfo> error;   ///< transport or HTTP error, in plain words

    bool ok() const { return !error && httpStatus >= 200 && httpStatus < 300; }
};

} // namespace triad::net
