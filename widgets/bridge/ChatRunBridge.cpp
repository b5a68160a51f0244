#include "widgets/bridge/ChatRunBridge.h"

#include <QDateTime>

#include "core/metrics/Clock.h"
#include "core/store/RunRepository.h"
#include "core/store/StoreError.h"
#include "widgets/bridge/LiveMetrics.h"

namespace triad::widgets {

using providers::ChatEvent;
using providers::ChatEventKind;
using providers::ErrorKind;

namespace {

constexpr int kDefaultFlushIntervalMs = 33;
// Each run is flushed on one tick out of kPhases; the timer ticks kPhases times per interval.
constexpr int kPhases = 3;
// Full figures (token estimate over the whole answer, every ITL) cost more than an append:
// refresh them ~10 times a second while streaming; the clock ticks at every flush.
constexpr int64_t kFullMetricsIntervalNs = 100'000'000;

QString fromUtf8(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

ChatRunBridge::ChatRunBridge(QObject* parent)
    : QObject(parent)
{
    m_flushTimer.setInterval(qMax(1, kDefaultFlushIntervalMs / kPhases));
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatRunBridge::onFlushTick);
    m_endTimer.setSingleShot(true);
    m_endTimer.setInterval(0);
    connect(&m_endTimer, &QTimer::timeout, this, &ChatRunBridge::finishNextEnded);
}

ChatRunBridge::~ChatRunBridge()
{
    // Sinks capture `this`: no provider thread may call one after we are gone. Waiting
    // here also means a queued flush posted meanwhile is discarded with this object.
    for (auto& [id, entry] : m_entries)
        if (entry.handle)
            entry.handle->cancel();
    for (auto& [id, entry] : m_entries)
        if (entry.handle)
            entry.handle->wait();
}

void ChatRunBridge::setRunRepository(store::RunRepository* runs)
{
    m_runs = runs;
}

void ChatRunBridge::setPriceTable(const metrics::PriceTable* prices)
{
    m_prices = prices;
}

void ChatRunBridge::setFlushIntervalMs(int intervalMs)
{
    m_flushTimer.setInterval(qMax(1, intervalMs / kPhases));
}

int ChatRunBridge::flushIntervalMs() const
{
    return m_flushTimer.interval() * kPhases;
}

ChatRun* ChatRunBridge::start(std::shared_ptr<providers::Provider> provider,
                              const providers::ChatRequest& request, const RunInfo& info,
                              QObject* owner)
{
    const quint64 id = m_nextId++;
    auto state = std::make_shared<RunState>();
    state->id = id;
    state->info = info;
    state->request = request;
    state->startedAtMs = QDateTime::currentMSecsSinceEpoch();
    state->startedNs = metrics::nowNs();
    state->recorder = providers::RunRecorder::create(request);

    auto channel = std::make_shared<RunChannel>();
    // The run may outlive the bridge (its owner is a pane): cancel through a guarded pointer.
    QPointer<ChatRunBridge> self(this);
    auto* run = new ChatRun(state, [self, id] { if (self) self->cancelEntry(id); }, owner);

    Entry& entry = m_entries[id];
    entry.state = state;
    entry.channel = channel;
    entry.run = run;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
    emit activeRunCountChanged(activeRunCount());

    if (!provider) {
        ChatEvent started{ChatEventKind::Started};
        started.atNs = state->startedNs;
        state->recorder->record(started);
        ChatEvent failed{ChatEventKind::Failed};
        failed.atNs = metrics::nowNs();
        failed.error = {ErrorKind::BadRequest, 0,
                        tr("No provider named \"%1\" is configured.")
                            .arg(QString::fromStdString(info.target.providerId))
                            .toStdString()};
        state->recorder->record(failed);
        channel->push(failed);
        QMetaObject::invokeMethod(this, [this, id] { flushRun(id); }, Qt::QueuedConnection);
        return run;
    }

    ChatRunBridge* bridge = this;
    auto sink = [bridge, channel, id](const ChatEvent& event) {
        if (channel->push(event))
            QMetaObject::invokeMethod(bridge, [bridge, id] { bridge->flushRun(id); },
                                      Qt::QueuedConnection);
    };
    // The recorder sees each event first, so a flush never shows text the record lacks.
    entry.handle = provider->chat(request, state->recorder->sink(sink));
    return run;
}

void ChatRunBridge::cancelAll()
{
    for (auto& [id, entry] : m_entries)
        cancelEntry(id);
}

void ChatRunBridge::stopAllAndWait()
{
    cancelAll();
    for (auto& [id, entry] : m_entries)
        if (entry.handle)
            entry.handle->wait();
    flushAll();   // every last event has arrived: apply them all...
    while (!m_endQueue.empty())
        finishNextEnded();   // ...and record each run now, not on a later pass
}

void ChatRunBridge::cancelEntry(quint64 id)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end() || it->second.cancelRequested)
        return;
    it->second.cancelRequested = true;
    if (it->second.handle)
        it->second.handle->cancel();
}

void ChatRunBridge::flushAll()
{
    flushPhase(-1);
}

void ChatRunBridge::onFlushTick()
{
    flushPhase(static_cast<int>(++m_tick % kPhases));
}

void ChatRunBridge::flushPhase(int phase)
{
    // Collect ids first: finishing a run erases its entry.
    std::vector<quint64> ids;
    ids.reserve(m_entries.size());
    for (const auto& [id, entry] : m_entries)
        if (phase < 0 || static_cast<int>(id % kPhases) == phase)
            ids.push_back(id);
    for (quint64 id : ids)
        flushRun(id);
}

void ChatRunBridge::flushRun(quint64 id)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;   // already finished (a late wake-up)
    Entry& entry = it->second;
    if (entry.ending)
        return;
    const RunBatch batch = entry.channel->take();
    if (apply(entry, batch)) {
        entry.ending = true;
        m_endQueue.push_back(id);
        if (!m_endTimer.isActive())
            m_endTimer.start();
    }
}

void ChatRunBridge::finishNextEnded()
{
    if (m_endQueue.empty())
        return;
    const quint64 id = m_endQueue.front();
    m_endQueue.erase(m_endQueue.begin());
    finish(id);
    if (!m_endQueue.empty())
        m_endTimer.start();
}

bool ChatRunBridge::apply(Entry& entry, const RunBatch& batch)
{
    RunState& state = *entry.state;
    ChatRun* run = entry.run.data();   // null once its owner died: keep recording, emit nothing

    for (const std::string& note : batch.retryNotes) {
        state.retryNotes << fromUtf8(note);
        if (run)
            emit run->retrying(state.retryNotes.last());
    }
    if (!batch.reasoning.empty()) {
        const QString delta = fromUtf8(batch.reasoning);
        state.reasoning += delta;
        if (run)
            emit run->reasoningAppended(delta);
    }
    if (!batch.text.empty()) {
        const QString delta = fromUtf8(batch.text);
        state.text += delta;
        if (run)
            emit run->textAppended(delta);
    }
    if (batch.toolCallsChanged) {
        state.toolCalls = state.recorder->snapshot().toolCalls;
        if (run)
            emit run->toolCallsChanged();
    }

    if (batch.terminal) {
        const ChatEvent& last = *batch.terminal;
        if (last.kind == ChatEventKind::Finished) {
            state.status = RunStatus::Finished;
            state.finishReason = QString::fromStdString(last.finishReason);
        } else {
            state.error = last.error;
            state.status = last.error.kind == ErrorKind::Cancelled ? RunStatus::Cancelled
                                                                  : RunStatus::Failed;
        }
    }
    updateMetrics(entry, batch.terminal.has_value() || batch.usageChanged);
    if (run)
        emit run->metricsChanged();
    return batch.terminal.has_value();
}

void ChatRunBridge::finish(quint64 id)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    Entry entry = std::move(it->second);
    m_entries.erase(it);
    recordRun(*entry.state);
    if (ChatRun* run = entry.run.data()) {
        emit run->finished();
        if (entry.state->storedRunId > 0 && entry.run)
            emit run->stored(entry.state->storedRunId);
    }
    if (m_entries.empty())
        m_flushTimer.stop();
    emit runEnded(*entry.state);
    emit activeRunCountChanged(activeRunCount());
    // `entry.handle` is released here: the provider has delivered its last event.
}

void ChatRunBridge::updateMetrics(Entry& entry, bool force)
{
    RunState& state = *entry.state;
    const int64_t now = metrics::nowNs();
    if (force || now - entry.metricsAtNs >= kFullMetricsIntervalNs) {
        state.metrics = liveMetrics(state, m_prices, now);
        entry.metricsAtNs = now;
    } else if (state.status == RunStatus::Running && state.startedNs > 0) {
        state.metrics.totalMs = metrics::nsToMs(state.startedNs, now);
    }
}

void ChatRunBridge::recordRun(RunState& state)
{
    if (!m_runs || state.info.sessionId <= 0)
        return;
    store::RunRecord record;
    record.sessionId = state.info.sessionId;
    record.paneIndex = qMax(0, state.info.paneIndex);
    record.target = state.info.target;
    record.request = state.request;
    record.responseText = state.text.toStdString();
    record.reasoningText = state.reasoning.toStdString();
    record.toolCalls = state.toolCalls.empty() ? nlohmann::json() : state.toolCalls;
    record.finishReason = state.finishReason.toStdString();
    record.timeline = timelineJson(state.recorder->snapshot().timeline);
    record.metrics = state.metrics;
    record.error = state.error;
    record.startedAtMs = state.startedAtMs;
    record.finishedAtMs = QDateTime::currentMSecsSinceEpoch();
    try {
        state.storedRunId = m_runs->add(record);
        emit runStored(state.info.sessionId, state.storedRunId);
    } catch (const store::StoreError& e) {
        emit problem(tr("The run of %1 could not be saved: %2")
                         .arg(QString::fromStdString(state.info.target.label()),
                              QString::fromUtf8(e.what())));
    }
}

} // namespace triad::widgets
