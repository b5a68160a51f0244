#pragma once
// One message of an example as a chat bubble: the role, the text rendered as Markdown (as
// the playground shows answers), and its tools: edit in a highlighted editor, toggle the
// training weight (weight 0 is drawn dimmed: the model sees it but is not trained on it),
// move up/down, remove. Editing is inline: Ctrl+Enter saves, Esc cancels.

#include <QFrame>
#include <QString>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

namespace triad::widgets {

class MarkdownView;

class MessageBubble : public QFrame {
    Q_OBJECT
public:
    /** How the bubble is drawn: an ordinary turn, or one side of a preference pair. */
    enum class Kind { Turn = 1, Chosen, Rejected };

    explicit MessageBubble(QWidget* parent = nullptr);

    /** Shows a message (leaves edit mode). `weight`: 1 trained, 0 not, -1 not set (= trained). */
    void setMessage(int index, const QString& role, const QString& content, int weight, Kind kind);
    int index() const { return m_index; }
    QString role() const { return m_role; }
    QString content() const { return m_content; }
    bool isDimmed() const { return m_weight == 0; }
    void setMovable(bool canMoveUp, bool canMoveDown);

    void startEditing();
    bool isEditing() const;
    QPlainTextEdit* editor() const { return m_editor; }
    MarkdownView* view() const { return m_view; }

signals:
    void contentEdited(int index, const QString& content, const QString& role);
    void weightToggled(int index);
    void moveRequested(int index, int delta);
    void removeRequested(int index);
    /** Editing ended (saved or cancelled): the keys can go back to the list. */
    void editingFinished();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void save();
    void cancel();
    void updateLook();
    void fitHeight();

    int m_index = -1;
    QString m_role;
    QString m_content;
    int m_weight = -1;
    Kind m_kind = Kind::Turn;

    QLabel* m_roleLabel = nullptr;
    QComboBox* m_roleEdit = nullptr;
    QToolButton* m_weightButton = nullptr;
    QToolButton* m_upButton = nullptr;
    QToolButton* m_downButton = nullptr;
    QToolButton* m_removeButton = nullptr;
    QToolButton* m_editButton = nullptr;
    QStackedWidget* m_stack = nullptr;
    MarkdownView* m_view = nullptr;
    QWidget* m_editBox = nullptr;
    QPlainTextEdit* m_editor = nullptr;
};

} // namespace triad::widgets
