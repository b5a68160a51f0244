#pragma once
// The mailbox between a provider thread and the GUI thread for one chat run.
//
// The provider's sink pushes every event here (under a short lock, never blocking on the
// GUI); the GUI thread takes everything that arrived since the last take in one batch, at
// most ~30 times a second. Deltas are concatenated, so 500 tokens/s become one append per
// repaint instead of 500 queued signals. The full record of the run (timeline, usage,
// merged tool calls) is kept by core's RunRecorder, which sees each event first.
// Nothing here touches Qt.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/providers/ChatTypes.h"

namespace triad::widgets {

/** What arrived since the previous take(). */
struct RunBatch {
    std::string text;                       ///< complete UTF-8 only
    std::string reasoning;                  ///< complete UTF-8 only
    bool toolCallsChanged = false;
    bool usageChanged = false;
    std::vector<std::string> retryNotes;
    /** The Finished or Failed event, once it arrived (always after all deltas). */
    std::optional<providers::ChatEvent> terminal;
    bool empty() const;
};

class RunChannel {
public:
    /** Provider thread. Returns true when the GUI should flush promptly (first content,
     *  a retry notice or the last event) rather than wait for the next timer tick. */
    bool push(const providers::ChatEvent& event);

    /** GUI thread: everything since the previous take. A delta that ended inside a UTF-8
     *  sequence keeps its incomplete tail here until the rest arrives. */
    RunBatch take();

private:
    std::mutex m_mutex;
    std::string m_text;
    std::string m_reasoning;
    bool m_toolCallsChanged = false;
    bool m_usageChanged = false;
    std::vector<std::string> m_retryNotes;
    std::optional<providers::ChatEvent> m_terminal;
    bool m_terminalTaken = false;
    bool m_contentSeen = false;
};

/** Length of the longest prefix of `bytes` that ends on a UTF-8 character boundary. */
size_t completeUtf8Prefix(const std::string& bytes);

} // namespace triad::widgets
