#include "widgets/bridge/ChatRun.h"

namespace triad::widgets {

ChatRun::ChatRun(std::shared_ptr<const RunState> state, std::function<void()> cancel,
                 QObject* owner)
    : QObject(owner)
    , m_state(std::move(state))
    , m_cancel(std::move(cancel))
{
}

ChatRun::~ChatRun()
{
    // The owner went away (or replaced this run): a reply nobody shows is not worth waiting for.
    if (isRunning())
        cancel();
}

void ChatRun::cancel()
{
    if (m_cancel)
        m_cancel();
}

} // namespace triad::widgets
