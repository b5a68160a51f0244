#include "tests/support/StreamCollector.h"

#include <chrono>
#include <thread>

namespace triad::testsupport {

using providers::ChatEvent;
using providers::ChatEventKind;

StreamCollector::StreamCollector(const providers::ChatRequest& request)
    : m_recorder(providers::RunRecorder::create(request))
{
}

providers::ChatSink StreamCollector::sink()
{
    return m_recorder->sink([this](const ChatEvent& e) {
        {
            std::lock_guard lock(m_mutex);
            m_events.push_back(e);
            m_threads.push_back(std::this_thread::get_id());
            if (e.kind == ChatEventKind::Finished || e.kind == ChatEventKind::Failed)
                m_done = true;
        }
        m_cv.notify_all();
    });
}

CollectedRun StreamCollector::runToEnd(providers::Provider& provider,
                                       const providers::ChatRequest& request, int timeoutMs)
{
    StreamCollector collector(request);
    auto handle = provider.chat(request, collector.sink());
    CollectedRun out;
    out.completed = collector.waitDone(timeoutMs);
    if (!out.completed)
        handle->cancel();
    handle->wait();
    out.run = collector.run();
    out.metrics = collector.recorder()->metrics();
    out.events = collector.events();
    out.kinds = collector.kindSequence();
    out.onProviderThread = collector.allOnThreadOtherThan(std::this_thread::get_id());
    return out;
}

bool StreamCollector::waitDone(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_done; });
}

std::vector<ChatEvent> StreamCollector::events() const
{
    std::lock_guard lock(m_mutex);
    return m_events;
}

const char* StreamCollector::kindName(ChatEventKind kind)
{
    switch (kind) {
    case ChatEventKind::Started: return "Started";
    case ChatEventKind::FirstByte: return "FirstByte";
    case ChatEventKind::TextDelta: return "TextDelta";
    case ChatEventKind::ReasoningDelta: return "ReasoningDelta";
    case ChatEventKind::ToolCallDelta: return "ToolCallDelta";
    case ChatEventKind::Usage: return "Usage";
    case ChatEventKind::Retrying: return "Retrying";
    case ChatEventKind::Finished: return "Finished";
    case ChatEventKind::Failed: return "Failed";
    }
    return "?";
}

std::string StreamCollector::kindSequence() const
{
    std::lock_guard lock(m_mutex);
    std::string out;
    const char* last = nullptr;
    for (const auto& e : m_events) {
        const char* name = kindName(e.kind);
        if (last && std::string(last) == name)
            continue;
        if (!out.empty())
            out += ",";
        out += name;
        last = name;
    }
    return out;
}

bool StreamCollector::allOnThreadOtherThan(std::thread::id id) const
{
    std::lock_guard lock(m_mutex);
    for (auto t : m_threads) {
        if (t == id)
            return false;
    }
    return true;
}

} // namespace triad::testsupport
