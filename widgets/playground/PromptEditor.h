#pragma once
// The shared part of a playground session: system prompt, the conversation so far, and
// the draft of the next user message. Ctrl+Enter in either editor asks to run all panes.

#include <vector>

#include <QWidget>

#include "core/providers/ChatTypes.h"

class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QToolButton;

namespace triad::widgets {

class PromptEditor : public QWidget {
    Q_OBJECT
public:
    explicit PromptEditor(QWidget* parent = nullptr);

    void setSystemPrompt(const QString& text);
    QString systemPrompt() const;
    void setDraft(const QString& text);
    QString draft() const;
    void setConversation(const std::vector<providers::ChatMessage>& turns);
    void focusDraft();

    QPlainTextEdit* draftEditor() const { return m_draft; }
    QPlainTextEdit* systemEditor() const { return m_system; }

signals:
    /** The system prompt or the draft changed (typed by the person). */
    void edited();
    void runRequested();
    void clearConversationRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPlainTextEdit* m_system = nullptr;
    QTextBrowser* m_conversation = nullptr;
    QWidget* m_conversationBox = nullptr;
    QLabel* m_conversationTitle = nullptr;
    QPlainTextEdit* m_draft = nullptr;
    bool m_loading = false;
};

} // namespace triad::widgets
