#pragma once
// One candidate answer: a target (provider + model) in its colour, the streamed answer (editable
// once it finished), its figures, and the choices: use it as the example's answer, or mark it
// as the chosen or the rejected side of a preference pair.

#include <QFrame>
#include <QList>
#include <QPointer>

#include "core/playground/Session.h"
#include "widgets/bridge/ChatRun.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace triad::widgets {

struct ProviderTarget;

class CandidateColumn : public QFrame {
    Q_OBJECT
public:
    enum class Choice { None = 1, Chosen, Rejected };

    explicit CandidateColumn(QWidget* parent = nullptr);

    void setTargets(const QList<ProviderTarget>& targets);
    void setTarget(const playground::Target& target);
    playground::Target target() const;

    /** Shows `run` from now on (the column owns it). */
    void attachRun(ChatRun* run);
    ChatRun* run() const { return m_run.data(); }
    bool isRunning() const;
    void clear();
    /** The answer as shown (edited by the person once the run finished). */
    QString text() const;
    QString statusText() const;
    QString metricsText() const;
    QPlainTextEdit* editor() const { return m_text; }

    Choice choice() const { return m_choice; }
    void setChoice(Choice choice);

signals:
    void useRequested();
    void choiceChanged(triad::widgets::CandidateColumn::Choice choice);
    void removeRequested();
    void targetChanged();

private:
    void fillModels(const QString& providerId, const QString& keep);
    void updateDot();
    void onFinished();

    QList<ProviderTarget> m_targets;
    QPointer<ChatRun> m_run;
    Choice m_choice = Choice::None;
    QLabel* m_dot = nullptr;
    QComboBox* m_provider = nullptr;
    QComboBox* m_model = nullptr;
    QToolButton* m_remove = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_metrics = nullptr;
    QToolButton* m_use = nullptr;
    QToolButton* m_chosen = nullptr;
    QToolButton* m_rejected = nullptr;
};

} // namespace triad::widgets
