#pragma once
// The Qt adapter over core's Provider: starts chats, carries their events from the
// provider's thread to the GUI thread, and writes each finished run to the workspace.
//
// Provider sinks run on provider threads and only append to a RunChannel (a short lock).
// A GUI-thread timer takes what arrived ~30 times a second and emits it through the run's
// ChatRun as one delta per signal, so a pane appends text at most ~30 times a second no
// matter how fast tokens come. The first content and the last event wake the GUI at once.
// Runs are flushed in three staggered groups (one group every ~11 ms), so six streaming
// panes never all render and repaint in the same frame.
//
// A reply whose owner died is dropped safely: the ChatRun dies with its owner, the request
// is cancelled, and the run (with its partial text) is still recorded.
//
// Usage:
//   ChatRunBridge bridge;
//   bridge.setRunRepository(&workspace->runs());
//   ChatRun* run = bridge.start(provider, request, {sessionId, 0, target}, pane);

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "core/providers/Provider.h"
#include "widgets/bridge/ChatRun.h"
#include "widgets/bridge/RunChannel.h"
#include "widgets/bridge/RunState.h"

namespace triad::store {
class RunRepository;
}
namespace triad::metrics {
class PriceTable;
}

namespace triad::widgets {

class ChatRunBridge : public QObject {
    Q_OBJECT
public:
    explicit ChatRunBridge(QObject* parent = nullptr);
    /** Cancels every running request and waits for its last event (about 100 ms at most). */
    ~ChatRunBridge() override;

    /**
     * Starts `request` on `provider` (null: the run fails at once, saying so). `owner`
     * becomes the parent of the returned ChatRun. Never returns null.
     */
    ChatRun* start(std::shared_ptr<providers::Provider> provider,
                   const providers::ChatRequest& request, const RunInfo& info, QObject* owner);

    /** Where finished runs are written (may be null: nothing is written). Must outlive the
     *  runs started while it is set, or be reset first. */
    void setRunRepository(store::RunRepository* runs);
    /** Prices for the cost figure (may be null: cost stays unknown, shown as "—"). */
    void setPriceTable(const metrics::PriceTable* prices);

    /** How often pending deltas are delivered; 33 ms (~30 repaints a second) by default. */
    void setFlushIntervalMs(int intervalMs);
    int flushIntervalMs() const;

    int activeRunCount() const { return static_cast<int>(m_entries.size()); }
    /** Cancels every running request (the runs finish as Cancelled). */
    void cancelAll();
    /** Cancels every running request, waits for each to end and records it — before the
     *  workspace closes, so no run is written into a closed (or another) workspace. */
    void stopAllAndWait();

signals:
    void activeRunCountChanged(int count);
    /** A run ended (any status), after it was recorded. */
    void runEnded(const triad::widgets::RunState& state);
    /** A finished run was written to the workspace. */
    void runStored(qint64 sessionId, qint64 runId);
    /** A finished run could not be written; plain words naming the reason. */
    void problem(const QString& message);

private:
    struct Entry {
        std::shared_ptr<RunState> state;
        std::shared_ptr<RunChannel> channel;
        std::shared_ptr<providers::RequestHandle> handle;
        QPointer<ChatRun> run;
        bool cancelRequested = false;
        bool ending = false;            ///< last event applied; waiting in m_endQueue
        int64_t metricsAtNs = 0;        ///< when the full figures were last computed
    };

    void flushAll();
    void onFlushTick();
    /** Flushes the runs of one stagger group (-1: all of them). */
    void flushPhase(int phase);
    void flushRun(quint64 id);
    /** Applies one batch; returns true when the run ended with it. */
    bool apply(Entry& entry, const RunBatch& batch);
    void finish(quint64 id);
    void finishNextEnded();
    void recordRun(RunState& state);
    void updateMetrics(Entry& entry, bool force);
    void cancelEntry(quint64 id);

    std::map<quint64, Entry> m_entries;
    quint64 m_nextId = 1;
    QTimer m_flushTimer;
    quint64 m_tick = 0;
    /** Runs whose last event was applied, finished (recorded) one per event-loop pass so
     *  six panes ending together never block the GUI for six workspace writes in a row. */
    std::vector<quint64> m_endQueue;
    QTimer m_endTimer;
    store::RunRepository* m_runs = nullptr;
    const metrics::PriceTable* m_prices = nullptr;
};

} // namespace triad::widgets
