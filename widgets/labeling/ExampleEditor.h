#pragma once
// The example being labeled: its conversation as chat bubbles (each editable, movable,
// removable, with its training weight), a preference pair's chosen and rejected answers,
// and the example's status, rating, labels and note. The tag and note fields open inline
// (T, N) so the keyboard flow never leaves the view.
//
// The editor only shows and asks: every change is emitted as a signal and committed by the
// labeling session, which then shows the stored example again.

#include <optional>
#include <vector>

#include <QStringList>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "core/datasets/Example.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace triad::widgets {

class MessageBubble;

class ExampleEditor : public QWidget {
    Q_OBJECT
public:
    explicit ExampleEditor(QWidget* parent = nullptr);

    /** Shows `example` (nullopt: the empty state with `emptyText`). */
    void setExample(const std::optional<datasets::Example>& example, const QString& emptyText = {});
    const std::optional<datasets::Example>& example() const { return m_example; }

    /** Opens the inline tag field (with completion from `knownLabels`) and focuses it. */
    void startTagging(const QStringList& knownLabels);
    /** Opens the inline note field with the current note and focuses it. */
    void startNote();
    /** Edits the last assistant message (or the last message). */
    void editAnswer();
    /** Adds an empty turn at the end (user after an answer, else assistant) and edits it. */
    void addTurn();

    int bubbleCount() const;
    MessageBubble* bubble(int index) const;
    QLineEdit* tagField() const { return m_tagField; }
    QLineEdit* noteField() const { return m_noteField; }
    QLabel* labelsLabel() const { return m_labels; }

signals:
    /** The conversation as it should be stored (edit, add, remove, reorder, weight). */
    void messagesChanged(const nlohmann::json& messages);
    void tagEntered(const QString& label);
    void tagRemoved(const QString& label);
    void noteEntered(const QString& note);
    void ratingClicked(int rating);
    /** Typing ended (saved or cancelled): keys go back to the list. */
    void typingFinished();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuildBubbles();
    void updateMeta();
    MessageBubble* bubbleAt(int slot);
    void editMessage(int index, const QString& content, const QString& role);
    void toggleWeight(int index);
    void moveMessage(int index, int delta);
    void removeMessage(int index);
    void finishField(QLineEdit* field, bool commit);

    std::optional<datasets::Example> m_example;
    std::vector<MessageBubble*> m_bubbles;
    int m_pendingEdit = -1;   ///< a turn just added: open its editor once it is shown

    QLabel* m_header = nullptr;
    QLabel* m_empty = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_bubbleBox = nullptr;
    QVBoxLayout* m_bubbleLayout = nullptr;
    QPushButton* m_addTurn = nullptr;
    QWidget* m_meta = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_stars[5] = {};
    QLabel* m_labels = nullptr;
    QLabel* m_note = nullptr;
    QLineEdit* m_tagField = nullptr;
    QLineEdit* m_noteField = nullptr;
};

} // namespace triad::widgets
