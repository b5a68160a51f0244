#include "tests/support/FakeProvider.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace triad::testsupport {

using namespace std::chrono;
using providers::ChatEvent;
using providers::ChatEventKind;

namespace {

int64_t steadyNs()
{
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

class FakeHandle : public providers::RequestHandle {
public:
    ~FakeHandle() override
    {
        cancel();
        if (m_thread.joinable())
            m_thread.join();
    }
    void cancel() override
    {
        m_cancel = true;
        m_cv.notify_all();
    }
    void wait() override
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return m_done; });
    }
    bool finished() const override
    {
        std::lock_guard lock(m_mutex);
        return m_done;
    }

    // Sleeps up to ms; returns false when cancelled meanwhile.
    bool sleepFor(int ms)
    {
        std::unique_lock lock(m_mutex);
        return !m_cv.wait_for(lock, milliseconds(ms), [this] { return m_cancel.load(); });
    }
    void markDone()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
    }

    std::atomic<bool> m_cancel{false};
    std::thread m_thread;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
};

} // namespace

std::vector<std::string> splitIntoPieces(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if ((c == ' ' || c == '\n') && !cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
        cur += c;
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

FakeProvider::FakeProvider(FakeScript script, std::string id)
    : m_script(std::move(script))
    , m_id(std::move(id))
{
}

providers::ModelListResult FakeProvider::listModels()
{
    return {{{"fake-small", "test", 4096}, {"fake-large", "test", 8192}}, std::nullopt};
}

std::shared_ptr<providers::RequestHandle> FakeProvider::chat(const providers::ChatRequest& request,
                                                             providers::ChatSink sink)
{
    ++m_requests;
    auto handle = std::make_shared<FakeHandle>();
    FakeHandle* h = handle.get();
    FakeScript script = m_script;
    h->m_thread = std::thread([h, script, request, sink] {
        auto emit = [&](ChatEvent e) {
            e.atNs = steadyNs();
            sink(e);
        };
        auto finish = [&](ChatEvent e) {
            emit(std::move(e));
            h->markDone();
        };
        auto cancelled = [&] {
            ChatEvent e{ChatEventKind::Failed};
            e.error = {providers::ErrorKind::Cancelled, 0, "cancelled"};
            finish(e);
        };
        emit(ChatEvent{ChatEventKind::Started});
        if (script.delayBeforeFirstMs > 0 && !h->sleepFor(script.delayBeforeFirstMs))
            return cancelled();
        if (script.failWith) {
            ChatEvent e{ChatEventKind::Failed};
            e.error = *script.failWith;
            return finish(e);
        }
        emit(ChatEvent{ChatEventKind::FirstByte});
        std::string answer;
        if (script.answer) {
            answer = script.answer(request);
        } else {
            std::string last = request.rawPrompt.value_or("");
            for (const auto& m : request.messages)
                if (m.role == "user")
                    last = m.content;
            answer = "echo: " + last;
        }
        int64_t pieces = 0;
        auto stream = [&](const std::string& text, ChatEventKind kind) {
            for (const auto& piece : splitIntoPieces(text)) {
                if (h->m_cancel)
                    return false;
                ChatEvent e{kind};
                e.text = piece;
                emit(e);
                ++pieces;
                if (request.params.maxTokens && pieces >= *request.params.maxTokens)
                    return true;
                if (script.delayPerPieceMs > 0 && !h->sleepFor(script.delayPerPieceMs))
                    return false;
            }
            return true;
        };
        if (!script.reasoning.empty() && !stream(script.reasoning, ChatEventKind::ReasoningDelta))
            return cancelled();
        if (!stream(answer, ChatEventKind::TextDelta))
            return cancelled();
        ChatEvent usage{ChatEventKind::Usage};
        usage.usage.promptTokens = 7;
        usage.usage.completionTokens = pieces;
        emit(usage);
        ChatEvent done{ChatEventKind::Finished};
        done.finishReason = "stop";
        finish(done);
    });
    return handle;
}

} // namespace triad::testsupport
