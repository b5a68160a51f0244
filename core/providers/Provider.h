#pragma once
// The one interface everything above core talks to: playground, router, benchmarks and
// labeling treat local, remote and routed models the same way.
//
// Usage:
//   auto handle = provider->chat(request, [](const ChatEvent& e) { ... });
//   handle->cancel();   // optional; a Failed{Cancelled} event follows promptly
//   handle->wait();     // blocks until the last event (Finished or Failed) was delivered

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/providers/ChatTypes.h"

namespace triad::providers {

/** Receives events on a provider-owned thread (network or engine worker). Must not block. */
using ChatSink = std::function<void(const ChatEvent&)>;

/** A running request. Cancel is safe from any thread, any number of times. */
class RequestHandle {
public:
    virtual ~RequestHandle() = default;
    virtual void cancel() = 0;
    /** Blocks until the final event was delivered to the sink. */
    virtual void wait() = 0;
    virtual bool finished() const = 0;
};

struct ModelListResult {
    std::vector<ModelInfo> models;
    std::optional<ErrorInfo> error;
};

class Provider {
public:
    virtual ~Provider() = default;

    /** Stable id, e.g. "openai" or "local". */
    virtual std::string id() const = 0;
    /** Human-readable name for menus. */
    virtual std::string displayName() const = 0;

    /** Lists models (blocking; call off the GUI thread). */
    virtual ModelListResult listModels() = 0;

    /** Starts a streamed chat. The sink gets Started first and exactly one of
     *  Finished/Failed last. Never throws for network or model errors. */
    virtual std::shared_ptr<RequestHandle> chat(const ChatRequest& request, ChatSink sink) = 0;
};

} // namespace triad::providers
