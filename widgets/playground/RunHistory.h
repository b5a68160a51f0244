#pragma once
// The runs of the open session, newest first: target (with its colour), figures and time.
// Selecting one shows its answer (and error) below the list.

#include <vector>

#include <QWidget>

#include "core/store/RunRepository.h"

class QLabel;
class QListWidget;

namespace triad::widgets {

class MarkdownView;

class RunHistory : public QWidget {
    Q_OBJECT
public:
    explicit RunHistory(QWidget* parent = nullptr);

    /** Replaces the list (runs newest first, as RunRepository::listForSession returns). */
    void setRuns(std::vector<store::RunRecord> runs);
    int runCount() const { return static_cast<int>(m_runs.size()); }
    /** Selects row `row` and shows its text. */
    void selectRun(int row);
    /** The text shown for the selected run. */
    QString shownText() const;
    QListWidget* list() const { return m_list; }

signals:
    /** Asks to show the selected run in its pane again. */
    void showInPaneRequested(const triad::store::RunRecord& run);

private:
    void showSelected();

    std::vector<store::RunRecord> m_runs;
    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_details = nullptr;
    MarkdownView* m_text = nullptr;
};

} // namespace triad::widgets
