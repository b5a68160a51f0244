#pragma once
// The status bar's figures: how many requests are streaming, and a network hint —
// "offline?" after a run failed to reach its provider (DNS, refused, timeout), cleared by
// the next run that got an answer.

#include <QWidget>

class QLabel;

namespace triad::widgets {

struct RunState;

class StatusIndicator : public QWidget {
    Q_OBJECT
public:
    explicit StatusIndicator(QWidget* parent = nullptr);

    void setActiveRuns(int count);
    /** Updates the network hint from how a run ended. */
    void noteRunEnded(const RunState& state);

    QString runsText() const;
    QString networkText() const;

private:
    QLabel* m_runs = nullptr;
    QLabel* m_network = nullptr;
};

} // namespace triad::widgets
