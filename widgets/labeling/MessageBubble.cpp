#include "widgets/labeling/MessageBubble.h"

#include <QAbstractTextDocumentLayout>
#include <QComboBox>
#include <QEvent>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/highlight/SyntaxHighlighter.h"
#include "widgets/labeling/LabelingFormat.h"
#include "widgets/markdown/MarkdownView.h"

namespace triad::widgets {

namespace {

QToolButton* tool(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setFocusPolicy(Qt::NoFocus);   // keys stay with the labeling view
    return b;
}

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

} // namespace

MessageBubble::MessageBubble(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBubble"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 8);
    layout->setSpacing(2);

    auto* header = new QHBoxLayout;
    header->setSpacing(2);
    m_roleLabel = new QLabel(this);
    QFont bold = m_roleLabel->font();
    bold.setBold(true);
    m_roleLabel->setFont(bold);
    m_roleEdit = new QComboBox(this);
    for (const char* r : {"system", "user", "assistant", "tool"})
        m_roleEdit->addItem(LabelingFormat::role(QString::fromLatin1(r)), QString::fromLatin1(r));
    m_roleEdit->hide();
    m_weightButton = tool(QString(), tr("Train on this message or not (weight 1 / 0)"), this);
    m_upButton = tool(QStringLiteral("↑"), tr("Move this turn up"), this);
    m_downButton = tool(QStringLiteral("↓"), tr("Move this turn down"), this);
    m_removeButton = tool(QStringLiteral("✕"), tr("Remove this turn"), this);
    m_editButton = tool(QStringLiteral("✎"), tr("Edit this message (E edits the answer)"), this);
    header->addWidget(m_roleLabel);
    header->addWidget(m_roleEdit);
    header->addStretch(1);
    header->addWidget(m_weightButton);
    header->addWidget(m_upButton);
    header->addWidget(m_downButton);
    header->addWidget(m_removeButton);
    header->addWidget(m_editButton);
    layout->addLayout(header);

    m_stack = new QStackedWidget(this);
    m_view = new MarkdownView(m_stack);
    m_view->textBrowser()->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->textBrowser()->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->textBrowser()->setFocusPolicy(Qt::ClickFocus);
    m_view->textBrowser()->viewport()->setAutoFillBackground(false);
    m_view->textBrowser()->setAutoFillBackground(false);
    m_view->setAttribute(Qt::WA_TranslucentBackground);
    m_stack->addWidget(m_view);

    m_editBox = new QWidget(m_stack);
    auto* editLayout = new QVBoxLayout(m_editBox);
    editLayout->setContentsMargins(0, 0, 0, 0);
    m_editor = new QPlainTextEdit(m_editBox);
    m_editor->setTabChangesFocus(true);
    m_editor->installEventFilter(this);
    createSyntaxHighlighter()->attachTo(m_editor->document(), QStringLiteral("markdown"));
    auto* editButtons = new QHBoxLayout;
    auto* hint = new QLabel(tr("Ctrl+Enter saves · Esc cancels"), m_editBox);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* saveButton = new QPushButton(tr("Save"), m_editBox);
    auto* cancelButton = new QPushButton(tr("Cancel"), m_editBox);
    editButtons->addWidget(hint, 1);
    editButtons->addWidget(cancelButton);
    editButtons->addWidget(saveButton);
    editLayout->addWidget(m_editor);
    editLayout->addLayout(editButtons);
    m_stack->addWidget(m_editBox);
    layout->addWidget(m_stack);

    connect(m_view->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { fitHeight(); });
    connect(m_editButton, &QToolButton::clicked, this, &MessageBubble::startEditing);
    connect(saveButton, &QPushButton::clicked, this, &MessageBubble::save);
    connect(cancelButton, &QPushButton::clicked, this, &MessageBubble::cancel);
    connect(m_weightButton, &QToolButton::clicked, this, [this] { emit weightToggled(m_index); });
    connect(m_upButton, &QToolButton::clicked, this, [this] { emit moveRequested(m_index, -1); });
    connect(m_downButton, &QToolButton::clicked, this, [this] { emit moveRequested(m_index, 1); });
    connect(m_removeButton, &QToolButton::clicked, this, [this] { emit removeRequested(m_index); });
}

void MessageBubble::setMessage(int index, const QString& role, const QString& content, int weight, Kind kind)
{
    m_index = index;
    m_role = role;
    m_weight = weight;
    m_kind = kind;
    if (m_stack->currentWidget() != m_view)
        m_stack->setCurrentWidget(m_view);
    if (content != m_content || m_view->isEmpty() != content.isEmpty()) {
        m_content = content;
        m_view->setMarkdown(content);
    }
    QString title = LabelingFormat::role(role);
    if (kind == Kind::Chosen)
        title = tr("chosen ✓");
    else if (kind == Kind::Rejected)
        title = tr("rejected ✗");
    m_roleLabel->setText(title);
    m_roleLabel->show();
    m_roleEdit->hide();
    const bool turn = kind == Kind::Turn;
    for (QToolButton* b : {m_weightButton, m_upButton, m_downButton, m_removeButton, m_editButton})
        b->setVisible(turn);
    m_weightButton->setVisible(turn && role == QLatin1String("assistant"));
    m_weightButton->setText(weight == 0 ? tr("weight 0") : tr("weight 1"));
    updateLook();
    fitHeight();
}

void MessageBubble::setMovable(bool canMoveUp, bool canMoveDown)
{
    m_upButton->setEnabled(canMoveUp);
    m_downButton->setEnabled(canMoveDown);
}

void MessageBubble::updateLook()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    QColor tint = pal.color(QPalette::Highlight);
    if (m_kind == Kind::Chosen)
        tint = LabelingFormat::statusColor(datasets::ExampleStatus::Accepted);
    else if (m_kind == Kind::Rejected)
        tint = LabelingFormat::statusColor(datasets::ExampleStatus::Rejected);
    else if (m_role == QLatin1String("system"))
        tint = pal.color(QPalette::Mid);
    else if (m_role == QLatin1String("user"))
        tint = pal.color(QPalette::Dark);
    const double strength = m_role == QLatin1String("assistant") || m_kind != Kind::Turn ? 0.14 : 0.08;
    const QColor fill = mix(base, tint, strength);
    const QColor border = mix(base, tint, 0.35);
    setStyleSheet(QStringLiteral("QFrame#messageBubble { background: %1; border: 1px solid %2; border-radius: 8px; }")
                      .arg(fill.name(), border.name()));
    // Users on the right, the model on the left: the shape of a chat at a glance.
    const int indent = 48;
    setContentsMargins(m_role == QLatin1String("user") ? indent : 0, 0,
                       m_role == QLatin1String("assistant") ? indent : 0, 0);
    if (m_weight == 0) {
        auto* effect = new QGraphicsOpacityEffect(this);
        effect->setOpacity(0.45);
        m_stack->setGraphicsEffect(effect);
        m_stack->setToolTip(tr("Weight 0: kept as context, not trained on"));
    } else {
        m_stack->setGraphicsEffect(nullptr);
        m_stack->setToolTip(QString());
    }
}

void MessageBubble::fitHeight()
{
    if (m_stack->currentWidget() != m_view)
        return;
    const int h = int(m_view->document()->size().height()) + 6;
    m_view->setFixedHeight(std::max(h, fontMetrics().lineSpacing() + 8));
    m_stack->setFixedHeight(m_view->height());
}

void MessageBubble::startEditing()
{
    if (m_kind != Kind::Turn)
        return;
    m_editor->setPlainText(m_content);
    const int lines = std::clamp(int(m_content.count(QLatin1Char('\n'))) + 3, 4, 18);
    m_stack->setFixedHeight(m_editor->fontMetrics().lineSpacing() * lines + 48);
    m_stack->setCurrentWidget(m_editBox);
    m_roleEdit->setCurrentIndex(std::max(0, m_roleEdit->findData(m_role)));
    m_roleLabel->hide();
    m_roleEdit->show();
    m_editor->setFocus(Qt::OtherFocusReason);
    m_editor->moveCursor(QTextCursor::End);
}

bool MessageBubble::isEditing() const
{
    return m_stack->currentWidget() == m_editBox;
}

void MessageBubble::save()
{
    const QString text = m_editor->toPlainText();
    const QString role = m_roleEdit->currentData().toString();
    cancel();
    if (text != m_content || role != m_role)
        emit contentEdited(m_index, text, role);
}

void MessageBubble::cancel()
{
    m_stack->setCurrentWidget(m_view);
    m_roleEdit->hide();
    m_roleLabel->show();
    fitHeight();
    emit editingFinished();
}

bool MessageBubble::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_editor) {
        if (event->type() == QEvent::ShortcutOverride) {
            // Esc must reach the editor (the window binds Esc to "stop all").
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_Escape
                || ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                    && (key->modifiers() & Qt::ControlModifier))) {
                event->accept();
                return true;
            }
        }
        if (event->type() == QEvent::KeyPress) {
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_Escape) {
                cancel();
                return true;
            }
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && (key->modifiers() & Qt::ControlModifier)) {
                save();
                return true;
            }
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace triad::widgets
