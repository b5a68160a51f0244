#pragma once
// The playground's top bar: session selector with new/rename/duplicate/delete, then
// [+ pane] [Run all ⌃⏎] [■ Stop all] and the history toggle.

#include <cstdint>
#include <vector>

#include <QWidget>

#include "core/store/SessionRepository.h"

class QComboBox;
class QToolButton;

namespace triad::widgets {

class SessionBar : public QWidget {
    Q_OBJECT
public:
    explicit SessionBar(QWidget* parent = nullptr);

    void setSessions(const std::vector<store::SessionSummary>& sessions, int64_t currentId);
    int64_t currentSessionId() const;
    void setRunning(bool running);
    void setCanAddPane(bool canAdd);
    void setHistoryVisible(bool visible);

signals:
    void sessionSelected(qint64 id);
    void newSessionRequested();
    void renameRequested();
    void duplicateRequested();
    void deleteRequested();
    void addPaneRequested();
    void runAllRequested();
    void stopAllRequested();
    void historyToggled(bool visible);

private:
    QComboBox* m_sessions = nullptr;
    QToolButton* m_addPane = nullptr;
    QToolButton* m_runAll = nullptr;
    QToolButton* m_stopAll = nullptr;
    QToolButton* m_history = nullptr;
    bool m_filling = false;
};

} // namespace triad::widgets
