#pragma once
// One running (or finished) chat request as the GUI sees it. Created by ChatRunBridge and
// owned by the widget that asked for it (its "owner"): when the owner is destroyed, this
// object goes with it, the request is cancelled and nothing more is delivered to it.
//
// Signals arrive on the GUI thread, coalesced (at most ~30 times a second), always in the
// order the provider produced them; finished() is the last one and comes exactly once.
//
// Usage:
//   ChatRun* run = bridge->start(provider, request, info, pane);
//   connect(run, &ChatRun::textAppended, pane, &Pane::appendAnswer);
//   connect(run, &ChatRun::finished, pane, &Pane::showOutcome);
//   run->cancel();   // keeps the text so far; finished() follows with status Cancelled

#include <functional>
#include <memory>

#include <QObject>
#include <QString>

#include "widgets/bridge/RunState.h"

namespace triad::widgets {

class ChatRunBridge;

class ChatRun : public QObject {
    Q_OBJECT
public:
    ~ChatRun() override;

    quint64 id() const { return m_state->id; }
    const RunState& state() const { return *m_state; }
    RunStatus status() const { return m_state->status; }
    bool isRunning() const { return m_state->status == RunStatus::Running; }
    QString text() const { return m_state->text; }
    QString reasoning() const { return m_state->reasoning; }
    const metrics::RequestMetrics& metrics() const { return m_state->metrics; }

    /** Asks the provider to stop; safe to call at any time, any number of times. */
    void cancel();

signals:
    void textAppended(const QString& delta);
    void reasoningAppended(const QString& delta);
    /** The merged tool calls changed (see RunState::toolCalls). */
    void toolCallsChanged();
    /** The provider is retrying before any content arrived; `why` in plain words. */
    void retrying(const QString& why);
    /** Live figures changed (TTFT, tokens/s, elapsed...). */
    void metricsChanged();
    /** The run ended (see status()); nothing follows. */
    void finished();
    /** The run was written to the workspace under `runId`. */
    void stored(qint64 runId);

private:
    friend class ChatRunBridge;
    ChatRun(std::shared_ptr<const RunState> state, std::function<void()> cancel, QObject* owner);

    std::shared_ptr<const RunState> m_state;
    std::function<void()> m_cancel;
};

} // namespace triad::widgets
