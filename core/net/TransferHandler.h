#pragma once
// What a NetworkThread transfer reports back. Every callback runs on the network thread and
// must return quickly: a slow handler stalls every other stream.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/net/HttpHeaders.h"
#include "core/providers/ChatTypes.h"

namespace triad::net {

/** What a handler wants after a body chunk. */
enum class DataVerdict {
    Continue = 1,
    Stop,            ///< the handler has all it needs (e.g. `[DONE]`); ends as success
};

enum class TransferOutcome {
    Completed = 1,   ///< the whole response arrived (any HTTP status; see `error`)
    StoppedByHandler,
    Failed,          ///< transport error or HTTP error status; `error` says which
    Cancelled,
};

/** Why a transfer is tried again. Nothing of the body had reached the handler. */
struct RetryNotice {
    int nextAttempt = 2;     ///< 2 = first retry
    int maxAttempts = 1;
    int delayMs = 0;
    providers::ErrorInfo cause;
};

struct TransferResult {
    TransferOutcome outcome = TransferOutcome::Failed;
    int httpStatus = 0;
    HttpHeaders headers;
    /** Body of an HTTP error response (status >= 300), capped; already scrubbed. */
    std::string errorBody;
    /** Set when the outcome is Failed or Cancelled. Message in plain words, scrubbed. */
    std::optional<providers::ErrorInfo> error;
    int attempts = 0;
    bool bodyDelivered = false;  ///< at least one body byte went to onData
    int64_t doneNs = 0;
};

class TransferHandler {
public:
    virtual ~TransferHandler() = default;
    /** The first attempt was handed to libcurl (the request is "sent"). Called once. */
    virtual void onStarted(int64_t atNs) {}
    /** A failed attempt will be retried after notice.delayMs. */
    virtual void onRetrying(const RetryNotice& notice) {}
    /** Status line and headers of a 2xx response, before its first body byte. */
    virtual void onResponseHeaders(int httpStatus, const HttpHeaders& headers) {}
    /** A piece of a 2xx response body, as it arrived (arbitrary split). */
    virtual DataVerdict onData(std::string_view bytes, int64_t atNs) = 0;
    /** Exactly once, last. */
    virtual void onComplete(const TransferResult& result) = 0;
};

} // namespace triad::net
