#pragma once
// Generate candidates: the example's prompt (its conversation without the final answer) run
// on up to four targets side by side — any provider the playground can use, local models
// included — streamed through the same ChatRunBridge. A candidate can become the answer
// (after editing it), or two of them a chosen/rejected preference pair.
//
// Usage:
//   auto* panel = new CandidatesPanel(registry, bridge);
//   panel->setPrompt(datasets::promptMessages(example.messages));
//   panel->generate();                         // G
//   connect(panel, &CandidatesPanel::savePairRequested, session, ...);

#include <vector>

#include <QWidget>

#include <nlohmann/json.hpp>

#include "core/playground/Session.h"

class QLabel;
class QPushButton;
class QSplitter;

namespace triad::widgets {

class CandidateColumn;
class ChatRunBridge;
class ProviderRegistry;

class CandidatesPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxColumns = 4;

    CandidatesPanel(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent = nullptr);

    /** The prompt candidates answer; a different prompt clears the columns (and stops them). */
    void setPrompt(const nlohmann::json& prompt);
    const nlohmann::json& prompt() const { return m_prompt; }

    void generate();
    void stop();
    bool isRunning() const;
    /** Adds a column (up to four) on `target`, or on the next target not shown yet. */
    CandidateColumn* addColumn(const playground::Target& target = {});
    void removeColumn(int index);
    int columnCount() const { return int(m_columns.size()); }
    CandidateColumn* column(int index) const;

signals:
    void useAnswerRequested(const QString& text);
    void savePairRequested(const QString& chosen, const QString& rejected);
    void problem(const QString& message);

private:
    void onTargetsChanged();
    void onChoiceChanged(CandidateColumn* changed);
    void updateButtons();
    playground::Target nextUnusedTarget() const;

    ProviderRegistry* m_registry = nullptr;
    ChatRunBridge* m_bridge = nullptr;
    nlohmann::json m_prompt = nlohmann::json::array();
    std::vector<CandidateColumn*> m_columns;
    QSplitter* m_splitter = nullptr;
    QPushButton* m_generate = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_savePair = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace triad::widgets
