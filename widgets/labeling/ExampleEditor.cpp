#include "widgets/labeling/ExampleEditor.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "core/datasets/ChatExample.h"
#include "widgets/labeling/LabelingFormat.h"
#include "widgets/labeling/MessageBubble.h"

namespace triad::widgets {

using nlohmann::json;

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

int weightOf(const json& m)
{
    auto w = m.find("weight");
    return w != m.end() && w->is_number_integer() ? int(w->get<int64_t>()) : -1;
}

} // namespace

ExampleEditor::ExampleEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    layout->addWidget(m_header);

    m_empty = new QLabel(this);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_empty, 1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_bubbleBox = new QWidget(m_scroll);
    m_bubbleLayout = new QVBoxLayout(m_bubbleBox);
    m_bubbleLayout->setContentsMargins(2, 2, 8, 2);
    m_bubbleLayout->setSpacing(6);
    m_addTurn = new QPushButton(tr("+ Add turn"), m_bubbleBox);
    m_addTurn->setToolTip(tr("Add a message at the end (user after an answer, assistant after a question)"));
    m_addTurn->setFocusPolicy(Qt::NoFocus);
    m_bubbleLayout->addWidget(m_addTurn, 0, Qt::AlignLeft);
    m_bubbleLayout->addStretch(1);
    m_scroll->setWidget(m_bubbleBox);
    layout->addWidget(m_scroll, 1);

    m_meta = new QWidget(this);
    auto* meta = new QVBoxLayout(m_meta);
    meta->setContentsMargins(0, 2, 0, 0);
    meta->setSpacing(3);
    auto* row = new QHBoxLayout;
    m_status = new QLabel(m_meta);
    row->addWidget(m_status);
    row->addSpacing(12);
    for (int i = 0; i < 5; ++i) {
        auto* star = new QToolButton(m_meta);
        star->setAutoRaise(true);
        star->setFocusPolicy(Qt::NoFocus);
        star->setToolTip(tr("Rate %1 (key %1)").arg(i + 1));
        connect(star, &QToolButton::clicked, this, [this, i] { emit ratingClicked(i + 1); });
        m_stars[i] = star;
        row->addWidget(star);
    }
    row->addSpacing(12);
    m_labels = new QLabel(m_meta);
    m_labels->setTextFormat(Qt::RichText);
    m_labels->setToolTip(tr("Labels (T adds one; click ✕ to remove)"));
    connect(m_labels, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("remove:")))
            emit tagRemoved(QUrl::fromPercentEncoding(link.mid(7).toUtf8()));
    });
    row->addWidget(m_labels, 1);
    meta->addLayout(row);
    m_note = new QLabel(m_meta);
    m_note->setWordWrap(true);
    m_note->setToolTip(tr("Note (N edits it)"));
    meta->addWidget(m_note);
    m_tagField = new QLineEdit(m_meta);
    m_tagField->setPlaceholderText(tr("Label to add — Enter adds, Esc cancels"));
    m_tagField->hide();
    m_tagField->installEventFilter(this);
    meta->addWidget(m_tagField);
    m_noteField = new QLineEdit(m_meta);
    m_noteField->setPlaceholderText(tr("Note for this example — Enter saves, Esc cancels"));
    m_noteField->hide();
    m_noteField->installEventFilter(this);
    meta->addWidget(m_noteField);
    layout->addWidget(m_meta);

    connect(m_addTurn, &QPushButton::clicked, this, &ExampleEditor::addTurn);
    setExample(std::nullopt);
}

void ExampleEditor::setExample(const std::optional<datasets::Example>& example, const QString& emptyText)
{
    const bool sameExample = example && m_example && example->id == m_example->id;
    m_example = example;
    m_empty->setVisible(!example);
    m_scroll->setVisible(example.has_value());
    m_meta->setVisible(example.has_value());
    if (!example) {
        m_empty->setText(emptyText);
        m_header->clear();
        for (MessageBubble* b : m_bubbles)
            b->hide();
        return;
    }
    if (!sameExample) {
        m_tagField->hide();
        m_noteField->hide();
    }
    rebuildBubbles();
    updateMeta();
    if (!sameExample)
        m_scroll->verticalScrollBar()->setValue(0);
    if (m_pendingEdit >= 0 && m_pendingEdit < bubbleCount()) {
        const int i = m_pendingEdit;
        m_pendingEdit = -1;
        m_bubbles[size_t(i)]->startEditing();
    }
}

MessageBubble* ExampleEditor::bubbleAt(int slot)
{
    // Bubbles are reused from example to example: labeling at key speed must not build and
    // tear down a dozen text views per keystroke.
    while (int(m_bubbles.size()) <= slot) {
        auto* b = new MessageBubble(m_bubbleBox);
        m_bubbleLayout->insertWidget(int(m_bubbles.size()), b);
        connect(b, &MessageBubble::contentEdited, this, &ExampleEditor::editMessage);
        connect(b, &MessageBubble::weightToggled, this, &ExampleEditor::toggleWeight);
        connect(b, &MessageBubble::moveRequested, this, &ExampleEditor::moveMessage);
        connect(b, &MessageBubble::removeRequested, this, &ExampleEditor::removeMessage);
        connect(b, &MessageBubble::editingFinished, this, &ExampleEditor::typingFinished);
        m_bubbles.push_back(b);
    }
    return m_bubbles[size_t(slot)];
}

void ExampleEditor::rebuildBubbles()
{
    const json& messages = m_example->messages;
    const int n = int(messages.size());
    int slot = 0;
    for (int i = 0; i < n; ++i, ++slot) {
        const json& m = messages[size_t(i)];
        MessageBubble* b = bubbleAt(slot);
        b->setMessage(i, qs(m.value("role", std::string())), qs(datasets::messageText(m)), weightOf(m),
                      MessageBubble::Kind::Turn);
        b->setMovable(i > 0, i + 1 < n);
        b->show();
    }
    if (m_example->isPreferencePair()) {
        for (const auto& [outputs, kind] : {std::pair{&m_example->preferredOutput, MessageBubble::Kind::Chosen},
                                            std::pair{&m_example->nonPreferredOutput, MessageBubble::Kind::Rejected}}) {
            for (const json& m : *outputs) {
                MessageBubble* b = bubbleAt(slot++);
                b->setMessage(-1, qs(m.value("role", std::string())), qs(datasets::messageText(m)), -1, kind);
                b->show();
            }
        }
    }
    for (size_t i = size_t(slot); i < m_bubbles.size(); ++i)
        m_bubbles[i]->hide();
}

void ExampleEditor::updateMeta()
{
    const datasets::Example& ex = *m_example;
    QStringList parts;
    parts << tr("<b>#%1</b>").arg(ex.id);
    if (ex.sourceLine)
        parts << tr("line %1").arg(LabelingFormat::count(*ex.sourceLine));
    parts << LabelingFormat::tokens(ex.tokenEstimate).toHtmlEscaped();
    if (ex.isPreferencePair())
        parts << tr("preference pair");
    if (ex.metadata.is_object() && !ex.metadata.empty())
        parts << tr("metadata: %1").arg(qs(ex.metadata.dump()).left(120).toHtmlEscaped());
    m_header->setText(parts.join(QStringLiteral(" · ")));

    const QColor c = LabelingFormat::statusColor(ex.status);
    m_status->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                          .arg(c.name(), LabelingFormat::status(ex.status).toHtmlEscaped()));
    for (int i = 0; i < 5; ++i)
        m_stars[i]->setText(ex.rating && *ex.rating > i ? QStringLiteral("★") : QStringLiteral("☆"));
    QStringList labels;
    for (const auto& l : ex.labels) {
        const QString label = qs(l);
        labels << QStringLiteral("%1 <a href=\"remove:%2\" style=\"text-decoration:none\">✕</a>")
                      .arg(label.toHtmlEscaped(), QString::fromUtf8(QUrl::toPercentEncoding(label)));
    }
    m_labels->setText(labels.isEmpty() ? tr("no labels") : labels.join(QStringLiteral(" · ")));
    m_note->setText(ex.note.empty() ? QString() : tr("Note: %1").arg(qs(ex.note)));
    m_note->setVisible(!ex.note.empty());
}

int ExampleEditor::bubbleCount() const
{
    return m_example ? int(m_example->messages.size()) : 0;
}

MessageBubble* ExampleEditor::bubble(int index) const
{
    return index >= 0 && index < bubbleCount() && size_t(index) < m_bubbles.size() ? m_bubbles[size_t(index)] : nullptr;
}

void ExampleEditor::editMessage(int index, const QString& content, const QString& role)
{
    if (!m_example || index < 0 || index >= bubbleCount())
        return;
    json messages = m_example->messages;
    messages[size_t(index)]["content"] = content.toStdString();
    messages[size_t(index)]["role"] = role.toStdString();
    emit messagesChanged(messages);
}

void ExampleEditor::toggleWeight(int index)
{
    if (!m_example || index < 0 || index >= bubbleCount())
        return;
    json messages = m_example->messages;
    json& m = messages[size_t(index)];
    m["weight"] = weightOf(m) == 0 ? 1 : 0;
    emit messagesChanged(messages);
}

void ExampleEditor::moveMessage(int index, int delta)
{
    const int to = index + delta;
    if (!m_example || index < 0 || index >= bubbleCount() || to < 0 || to >= bubbleCount())
        return;
    json messages = m_example->messages;
    std::swap(messages[size_t(index)], messages[size_t(to)]);
    emit messagesChanged(messages);
}

void ExampleEditor::removeMessage(int index)
{
    if (!m_example || index < 0 || index >= bubbleCount() || bubbleCount() <= 1)
        return;   // an example keeps at least one message
    json messages = m_example->messages;
    messages.erase(size_t(index));
    emit messagesChanged(messages);
}

void ExampleEditor::addTurn()
{
    if (!m_example)
        return;
    json messages = m_example->messages;
    const std::string last = messages.empty() ? std::string() : messages.back().value("role", std::string());
    messages.push_back(json{{"role", last == "user" ? "assistant" : "user"}, {"content", ""}});
    m_pendingEdit = int(messages.size()) - 1;
    emit messagesChanged(messages);
}

void ExampleEditor::editAnswer()
{
    if (!m_example || bubbleCount() == 0)
        return;
    int target = bubbleCount() - 1;
    for (int i = bubbleCount() - 1; i >= 0; --i) {
        if (m_example->messages[size_t(i)].value("role", std::string()) == "assistant") {
            target = i;
            break;
        }
    }
    m_bubbles[size_t(target)]->startEditing();
    m_scroll->ensureWidgetVisible(m_bubbles[size_t(target)]);
}

void ExampleEditor::startTagging(const QStringList& knownLabels)
{
    if (!m_example)
        return;
    auto* completer = new QCompleter(knownLabels, m_tagField);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    delete m_tagField->completer();
    m_tagField->setCompleter(completer);
    m_noteField->hide();
    m_tagField->clear();
    m_tagField->show();
    m_tagField->setFocus(Qt::ShortcutFocusReason);
}

void ExampleEditor::startNote()
{
    if (!m_example)
        return;
    m_tagField->hide();
    m_noteField->setText(qs(m_example->note));
    m_noteField->show();
    m_noteField->selectAll();
    m_noteField->setFocus(Qt::ShortcutFocusReason);
}

void ExampleEditor::finishField(QLineEdit* field, bool commit)
{
    const QString text = field->text();
    field->hide();
    if (commit) {
        if (field == m_tagField && !text.trimmed().isEmpty())
            emit tagEntered(text.trimmed());
        else if (field == m_noteField)
            emit noteEntered(text);
    }
    emit typingFinished();
}

bool ExampleEditor::eventFilter(QObject* watched, QEvent* event)
{
    auto* field = qobject_cast<QLineEdit*>(watched);
    if (field && (field == m_tagField || field == m_noteField)) {
        if (event->type() == QEvent::ShortcutOverride) {
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_Escape) {
                event->accept();   // ours, not the window's "stop all"
                return true;
            }
        } else if (event->type() == QEvent::KeyPress) {
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
                // A completion popup open: let it take the choice first.
                if (field->completer() && field->completer()->popup() && field->completer()->popup()->isVisible())
                    return false;
                finishField(field, true);
                return true;
            }
            if (key->key() == Qt::Key_Escape) {
                finishField(field, false);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace triad::widgets
