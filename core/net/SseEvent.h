#pragma once
// One server-sent event (WHATWG HTML "server-sent events").

#include <string>

namespace triad::net {

struct SseEvent {
    std::string event;   ///< the `event:` name, empty for unnamed events
    std::string data;    ///< `data:` lines joined with '\n'
    std::string id;

    /** OpenAI-style end marker `data: [DONE]`. */
    bool isDone() const { return data == "[DONE]"; }
};

} // namespace triad::net
