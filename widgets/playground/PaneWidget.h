#pragma once
// One column of the playground: a target (provider + model) with its parameters, the
// streamed answer (Markdown), reasoning kept apart, tool calls, an inline error under the
// partial text, live figures, and the pane's actions (stop, rerun, copy, continue, export).
//
// The pane only shows; PlaygroundView decides what runs. A run is attached with
// attachRun(); the pane owns the ChatRun from then on, so closing the pane cancels it.

#include <QFrame>
#include <QList>
#include <QPointer>

#include "core/metrics/RequestMetrics.h"
#include "core/playground/RequestExport.h"
#include "core/playground/Session.h"
#include "widgets/bridge/ChatRun.h"
#include "widgets/playground/MetricsFormat.h"
#include "widgets/playground/PaneComparison.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace triad::store {
struct RunRecord;
}

namespace triad::widgets {

class MarkdownView;
class RichLine;
struct ProviderTarget;

class PaneWidget : public QFrame {
    Q_OBJECT
public:
    explicit PaneWidget(int index, QWidget* parent = nullptr);

    int index() const { return m_index; }
    void setIndex(int index);

    /** The providers and models to choose from; keeps the current choice (adding it when
     *  its provider is gone, so a saved session never loses its target silently). */
    void setTargets(const QList<ProviderTarget>& targets);
    void setTarget(const playground::Target& target);
    playground::Target target() const;

    /** "t=0.7 max=256"; `followsFirst` adds "(as pane 1)". */
    void setParamSummary(const QString& summary, bool followsFirst);
    void setRemovable(bool removable);

    /** Shows `run` from now on (clearing the previous answer) and takes ownership of it. */
    void attachRun(ChatRun* run);
    ChatRun* currentRun() const { return m_run.data(); }
    bool isRunning() const;
    /** Shows a run loaded from the workspace (on reopening, or picked from history). */
    void showRecord(const store::RunRecord& record);
    void clearAnswer();
    /** A line under the answer, e.g. why the pane cannot run ("Choose a model first"). */
    void showNotice(const QString& text, bool isError);

    QString answerText() const;
    QString reasoningText() const;
    /** The figures of the answer shown, for the comparison across panes. */
    PaneFigures figures() const;
    void setBestMarks(const BestMarks& marks);

    /** The metrics line as plain text ("TTFT 182 ms · …"). */
    QString metricsText() const;
    /** What is shown under the answer: an error, "Stopped…", or "" . */
    QString statusText() const;
    MarkdownView* answerView() const { return m_answer; }
    void focusTarget();

signals:
    void targetChanged(const triad::playground::Target& target);
    void paramsRequested();
    void stopRequested();
    void rerunRequested();
    void continueRequested();
    void exportRequested(triad::playground::ExportFormat format);
    /** "Add to dataset…": this pane's conversation and answer should become an example. */
    void addToDatasetRequested();
    void removeRequested();
    /** Live figures changed or a run ended: the comparison row should be updated. */
    void figuresChanged();

private:
    void buildUi();
    void onProviderChosen();
    void onModelEdited();
    void fillModels(const QString& providerId, const QString& keepModel);
    void updateDot();
    void updateButtons();
    void updateMetricsLabel();
    void onRunMetrics();
    void onRunFinished();
    void appendReasoning(const QString& delta);
    void setReasoning(const QString& text);
    void setToolCalls(const nlohmann::json& calls);
    void setStatus(const QString& text, bool isError);
    void copyAnswer();

    int m_index = 0;
    QList<ProviderTarget> m_targets;
    QPointer<ChatRun> m_run;
    bool m_hasFigures = false;
    metrics::RequestMetrics m_metrics;
    BestMarks m_marks;
    bool m_updatingTarget = false;

    QLabel* m_dot = nullptr;
    QLabel* m_number = nullptr;
    QComboBox* m_provider = nullptr;
    QComboBox* m_model = nullptr;
    QToolButton* m_removeButton = nullptr;
    QLabel* m_paramSummary = nullptr;
    QToolButton* m_paramsButton = nullptr;
    QToolButton* m_reasoningToggle = nullptr;
    QPlainTextEdit* m_reasoning = nullptr;
    MarkdownView* m_answer = nullptr;
    QLabel* m_toolCalls = nullptr;
    QLabel* m_status = nullptr;
    RichLine* m_metricsLabel = nullptr;
    QToolButton* m_stopButton = nullptr;
    QToolButton* m_rerunButton = nullptr;
    QToolButton* m_copyButton = nullptr;
    QToolButton* m_continueButton = nullptr;
    QToolButton* m_exportButton = nullptr;
    QToolButton* m_addToDatasetButton = nullptr;
};

} // namespace triad::widgets
