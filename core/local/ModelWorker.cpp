#include "core/local/ModelWorker.h"

#include "core/engine/Generator.h"
#include "core/engine/Tokenizer.h"
#include "core/local/LocalJob.h"
#include "core/local/LocalRequestHandle.h"
#include "core/local/RequestMapping.h"
#include "core/local/TextEventStream.h"
#include "core/metrics/Clock.h"

#include <exception>

namespace triad::local {

using providers::ChatEvent;
using providers::ChatEventKind;
using providers::ErrorKind;

std::shared_ptr<ModelWorker> ModelWorker::start(std::string id, std::shared_ptr<const engine::Model> model,
                                                const engine::TransformerParams& params,
                                                std::function<void()> onChanged)
{
    std::shared_ptr<ModelWorker> worker(new ModelWorker(std::move(id), std::move(model), params, std::move(onChanged)));
    worker->m_thread = std::thread([raw = worker.get()] { raw->run(); });
    return worker;
}

ModelWorker::ModelWorker(std::string id, std::shared_ptr<const engine::Model> model,
                         const engine::TransformerParams& params, std::function<void()> onChanged)
    : m_id(std::move(id))
    , m_model(std::move(model))
    , m_context(m_model->createContext(params))
    , m_contextLength(m_context->cache().contextLength())
    , m_onChanged(std::move(onChanged))
{
    m_memoryBytes = m_context->cache().byteSize() + m_context->scratchBytes();
}

ModelWorker::~ModelWorker()
{
    stop();
    // The last reference can go away on the worker thread itself (a sink cancelling after an
    // unload); that thread is already leaving run() and cannot join itself.
    if (m_thread.joinable())
        m_thread.detach();
}

std::shared_ptr<providers::RequestHandle> ModelWorker::submit(const providers::ChatRequest& request,
                                                              providers::ChatSink sink, const std::string& adapter)
{
    auto job = std::make_shared<LocalJob>(request, std::move(sink), adapter);
    auto handle = std::make_shared<LocalRequestHandle>(job, weak_from_this());
    ChatEvent started;
    started.kind = ChatEventKind::Started;
    started.atNs = metrics::nowNs();
    job->emit(started);
    std::string refusal;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            refusal = "local model '" + m_id + "' is not loaded any more (" + m_stopReason + ")";
        else
            m_queue.push_back(job);
    }
    if (!refusal.empty()) {
        job->fail(ErrorKind::Local, refusal);
        return handle;
    }
    m_cv.notify_one();
    notifyChanged();
    return handle;
}

void ModelWorker::cancelQueued(const std::shared_ptr<LocalJob>& job)
{
    bool removed = false;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_queue.begin(); it != m_queue.end(); ++it)
            if (*it == job) {
                m_queue.erase(it);
                removed = true;
                break;
            }
    }
    if (!removed)
        return; // running (the flag stops it before the next token) or already done
    job->fail(ErrorKind::Cancelled, "local model '" + m_id + "': cancelled before it started");
    notifyChanged();
}

void ModelWorker::stop(const std::string& reason)
{
    std::deque<std::shared_ptr<LocalJob>> waiting;
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping) {
            m_stopping = true;
            m_stopReason = reason;
        }
        waiting.swap(m_queue);
        if (m_current)
            m_current->cancelFlag().store(true);
    }
    m_cv.notify_all();
    for (const auto& job : waiting)
        job->fail(ErrorKind::Cancelled, "local model '" + m_id + "': " + reason);
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

void ModelWorker::addAdapter(const std::string& name, std::shared_ptr<const engine::LoraAdapter> adapter, float scale)
{
    {
        std::lock_guard lock(m_mutex);
        m_adapters[name] = HeldAdapter{std::move(adapter), scale};
    }
    notifyChanged();
}

void ModelWorker::removeAdapter(const std::string& name)
{
    {
        std::lock_guard lock(m_mutex);
        m_adapters.erase(name);
    }
    notifyChanged();
}

bool ModelWorker::hasAdapter(const std::string& name) const
{
    std::lock_guard lock(m_mutex);
    return m_adapters.count(name) > 0;
}

std::shared_ptr<const engine::LoraAdapter> ModelWorker::adapter(const std::string& name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_adapters.find(name);
    return it == m_adapters.end() ? nullptr : it->second.adapter;
}

uint64_t ModelWorker::memoryBytes() const
{
    uint64_t bytes = m_memoryBytes.load();
    std::lock_guard lock(m_mutex);
    for (const auto& [name, held] : m_adapters)
        bytes += held.adapter->byteSize();
    return bytes;
}

bool ModelWorker::busy() const
{
    std::lock_guard lock(m_mutex);
    return m_current != nullptr;
}

int ModelWorker::queuedCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_queue.size());
}

void ModelWorker::notifyChanged()
{
    if (m_onChanged)
        m_onChanged();
}

void ModelWorker::run()
{
    for (;;) {
        std::shared_ptr<LocalJob> job;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping)
                break;
            job = m_queue.front();
            m_queue.pop_front();
            m_current = job;
        }
        notifyChanged();
        if (job->cancelRequested())
            job->fail(ErrorKind::Cancelled, "local model '" + m_id + "': cancelled before it started");
        else
            serve(*job);
        if (!job->done()) // every path of serve() ends the job; this is the safety net
            job->fail(ErrorKind::Local, "local model '" + m_id + "' ended a request without an answer");
        m_memoryBytes = m_context->cache().byteSize() + m_context->scratchBytes();
        {
            std::lock_guard lock(m_mutex);
            m_current.reset();
        }
        notifyChanged();
    }
}

void ModelWorker::serve(LocalJob& job)
{
    const providers::ChatRequest& request = job.request();
    const std::string who = "local model '" + m_id + (job.adapter().empty() ? "" : "+" + job.adapter()) + "'";
    std::string error;
    std::optional<engine::GenerationParams> params = toGenerationParams(request.params, &error);
    if (!params) {
        job.fail(ErrorKind::BadRequest, who + ": " + error);
        return;
    }

    // The weights this request asks for; switching empties the cache (no stale prefix).
    HeldAdapter wanted;
    if (!job.adapter().empty()) {
        std::lock_guard lock(m_mutex);
        auto it = m_adapters.find(job.adapter());
        if (it != m_adapters.end())
            wanted = it->second;
    }
    if (!job.adapter().empty() && !wanted.adapter) {
        job.fail(ErrorKind::BadRequest, who + ": adapter '" + job.adapter() + "' is not loaded (it was removed, or "
                                                                            "it could not be read)");
        return;
    }
    try {
        m_context->setAdapter(wanted.adapter, wanted.scale);
    } catch (const std::exception& e) {
        job.fail(ErrorKind::Local, who + " could not apply adapter '" + job.adapter() + "': " + e.what());
        return;
    }

    // Tokenize here rather than in Generator::generateChat so the prompt's size is known
    // before anything is evaluated: a prompt that does not fit is the client's error.
    std::vector<int32_t> prompt;
    try {
        const engine::Tokenizer& tokenizer = m_model->tokenizer();
        if (request.rawPrompt) {
            prompt = tokenizer.tokenize(*request.rawPrompt);
        } else {
            const std::vector<engine::ChatTurn> turns = toChatTurns(request);
            if (turns.empty()) {
                job.fail(ErrorKind::BadRequest, who + ": the request has no messages");
                return;
            }
            const engine::ChatTemplate& tmpl = m_model->chatTemplate();
            engine::TokenizeOptions options;
            options.addSpecial = true;
            options.parseSpecial = true;
            prompt = tokenizer.tokenize(tmpl.render(turns, true), options);
            for (const std::string& s : tmpl.stopStrings())
                params->stopStrings.push_back(s);
        }
    } catch (const std::exception& e) {
        job.fail(ErrorKind::Local, who + " could not tokenize the prompt: " + e.what());
        return;
    }
    if (prompt.empty()) {
        job.fail(ErrorKind::BadRequest, who + ": the prompt is empty");
        return;
    }
    if (int64_t(prompt.size()) >= m_contextLength) {
        job.fail(ErrorKind::BadRequest,
                 who + ": the prompt has " + std::to_string(prompt.size()) + " tokens but the context holds "
                     + std::to_string(m_contextLength)
                     + " (at least one more is needed for the answer); shorten the prompt or load the model "
                       "with a larger context length");
        return;
    }

    TextEventStream stream([&job](const ChatEvent& e) { job.emit(e); });
    auto onText = [&stream](std::string_view text) {
        stream.push(text, metrics::nowNs());
        return true;
    };

    engine::GenerationResult result;
    try {
        engine::Generator generator(*m_model, *m_context);
        result = generator.generate(prompt, *params, onText, &job.cancelFlag());
    } catch (const std::exception& e) {
        stream.finish(metrics::nowNs());
        job.fail(ErrorKind::Local, who + " failed while generating: " + e.what());
        return;
    }
    const int64_t endNs = metrics::nowNs();
    stream.finish(endNs);

    ChatEvent usage;
    usage.kind = ChatEventKind::Usage;
    usage.atNs = endNs;
    usage.usage.promptTokens = result.promptTokens;
    usage.usage.completionTokens = int64_t(result.tokens.size());
    usage.usage.estimated = false;
    job.emit(usage);

    if (result.finishReason == engine::FinishReason::Cancelled) {
        job.fail(ErrorKind::Cancelled, who + ": cancelled after " + std::to_string(result.tokens.size()) + " tokens");
        return;
    }
    ChatEvent finished;
    finished.kind = ChatEventKind::Finished;
    finished.atNs = endNs;
    finished.finishReason = result.finishReason == engine::FinishReason::Length ? "length" : "stop";
    job.finish(finished);
}

} // namespace triad::local
