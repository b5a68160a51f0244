#include "widgets/playground/PromptEditor.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace triad::widgets {

namespace {

int linesHigh(const QWidget* w, int lines)
{
    return w->fontMetrics().lineSpacing() * lines + 12;
}

} // namespace

PromptEditor::PromptEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_system = new QPlainTextEdit(this);
    m_system->setPlaceholderText(tr("System prompt (optional), e.g. \"You extract fields as JSON.\""));
    m_system->setFixedHeight(linesHigh(m_system, 2));
    m_system->setTabChangesFocus(true);
    layout->addRow(tr("System"), m_system);

    m_conversationBox = new QWidget(this);
    auto* convLayout = new QHBoxLayout(m_conversationBox);
    convLayout->setContentsMargins(0, 0, 0, 0);
    m_conversation = new QTextBrowser(m_conversationBox);
    m_conversation->setMaximumHeight(linesHigh(m_conversation, 6));
    m_conversation->setOpenLinks(false);
    auto* clear = new QToolButton(m_conversationBox);
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Forget the conversation so far (the system prompt stays)"));
    convLayout->addWidget(m_conversation, 1);
    convLayout->addWidget(clear, 0, Qt::AlignTop);
    m_conversationTitle = new QLabel(tr("Conversation"), this);
    layout->addRow(m_conversationTitle, m_conversationBox);
    m_conversationBox->hide();
    m_conversationTitle->hide();

    m_draft = new QPlainTextEdit(this);
    m_draft->setPlaceholderText(tr("Message to send to every pane — Ctrl+Enter runs all"));
    m_draft->setFixedHeight(linesHigh(m_draft, 3));
    m_draft->setTabChangesFocus(true);
    layout->addRow(tr("User"), m_draft);

    for (QPlainTextEdit* e : {m_system, m_draft}) {
        e->installEventFilter(this);
        connect(e, &QPlainTextEdit::textChanged, this, [this] {
            if (!m_loading)
                emit edited();
        });
    }
    connect(clear, &QToolButton::clicked, this, &PromptEditor::clearConversationRequested);
}

bool PromptEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ControlModifier)) {
            emit runRequested();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PromptEditor::setSystemPrompt(const QString& text)
{
    if (m_system->toPlainText() == text)
        return;
    m_loading = true;
    m_system->setPlainText(text);
    m_loading = false;
}

QString PromptEditor::systemPrompt() const
{
    return m_system->toPlainText();
}

void PromptEditor::setDraft(const QString& text)
{
    if (m_draft->toPlainText() == text)
        return;
    m_loading = true;
    m_draft->setPlainText(text);
    m_loading = false;
}

QString PromptEditor::draft() const
{
    return m_draft->toPlainText();
}

void PromptEditor::setConversation(const std::vector<providers::ChatMessage>& turns)
{
    QString html;
    for (const auto& m : turns) {
        const QString role = m.role == "user" ? tr("User")
                           : m.role == "assistant" ? tr("Assistant")
                           : m.role == "tool" ? tr("Tool")
                                              : QString::fromStdString(m.role);
        html += QStringLiteral("<p><b>%1</b>&nbsp; %2</p>")
                    .arg(role.toHtmlEscaped(),
                         QString::fromStdString(m.content).toHtmlEscaped().replace(
                             QLatin1Char('\n'), QStringLiteral("<br>")));
    }
    m_conversation->setHtml(html);
    m_conversation->moveCursor(QTextCursor::End);
    const bool any = !turns.empty();
    m_conversationBox->setVisible(any);
    m_conversationTitle->setVisible(any);
}

void PromptEditor::focusDraft()
{
    m_draft->setFocus(Qt::ShortcutFocusReason);
}

} // namespace triad::widgets
