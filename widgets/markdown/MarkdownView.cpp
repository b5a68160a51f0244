#include "widgets/markdown/MarkdownView.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QEvent>
#include <QMenu>
#include <QMimeData>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "widgets/markdown/MarkdownRenderer.h"

namespace triad::widgets {

namespace {

// Copy gives the original Markdown for whole blocks, and offers "Copy as Markdown".
class AnswerBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;

    void setRenderer(const MarkdownRenderer* renderer) { m_renderer = renderer; }

protected:
    QMimeData* createMimeDataFromSelection() const override
    {
        std::unique_ptr<QMimeData> shown(QTextBrowser::createMimeDataFromSelection());
        const QTextCursor cursor = textCursor();
        if (!m_renderer || !cursor.hasSelection()) return shown.release();
        const QString markdown = m_renderer->sourceForSelection(cursor.selectionStart(), cursor.selectionEnd());
        if (markdown.isNull()) return shown.release();
        // Qt's own mime data fills text/plain lazily from the document, which would
        // overwrite ours; build a fresh one and keep only its HTML for rich paste.
        auto* data = new QMimeData;
        data->setText(markdown);
        data->setData(QStringLiteral("text/markdown"), markdown.toUtf8());
        data->setHtml(shown->html());
        return data;
    }

    void contextMenuEvent(QContextMenuEvent* event) override
    {
        std::unique_ptr<QMenu> menu(createStandardContextMenu(event->pos()));
        menu->addSeparator();
        QAction* copyAll = menu->addAction(MarkdownView::tr("Copy as Markdown"));
        copyAll->setEnabled(m_renderer && !m_renderer->source().isEmpty());
        connect(copyAll, &QAction::triggered, this, [this] {
            auto* data = new QMimeData;
            data->setText(m_renderer->source());
            data->setData(QStringLiteral("text/markdown"), m_renderer->source().toUtf8());
            QGuiApplication::clipboard()->setMimeData(data);
        });
        menu->exec(event->globalPos());
    }

private:
    const MarkdownRenderer* m_renderer = nullptr;
};

} // namespace

MarkdownView::MarkdownView(QWidget* parent)
    : QWidget(parent)
{
    auto* browser = new AnswerBrowser(this);
    m_browser = browser;
    m_browser->setOpenExternalLinks(true);
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->setUndoRedoEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    setFocusProxy(m_browser);

    m_renderer = std::make_unique<MarkdownRenderer>(m_browser->document(), MarkdownStyle::fromPalette(palette()));
    browser->setRenderer(m_renderer.get());

    QScrollBar* bar = m_browser->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &MarkdownView::onScrollValueChanged);
    connect(bar, &QScrollBar::rangeChanged, this, &MarkdownView::onScrollRangeChanged);
}

MarkdownView::~MarkdownView() = default;

void MarkdownView::appendDelta(const QString& delta)
{
    if (delta.isEmpty()) return;
    m_renderer->append(delta);
    if (m_followEnd) scrollToEndNow();
    emit contentChanged();
}

void MarkdownView::setMarkdown(const QString& markdown)
{
    m_renderer->setMarkdown(markdown);
    if (m_followEnd) scrollToEndNow();
    emit contentChanged();
}

void MarkdownView::clear()
{
    m_renderer->clear();
    m_followEnd = true;
    emit contentChanged();
}

QString MarkdownView::plainText() const
{
    return m_renderer->source();
}

QString MarkdownView::renderedText() const
{
    return m_browser->document()->toPlainText();
}

bool MarkdownView::isEmpty() const
{
    return m_renderer->source().isEmpty();
}

void MarkdownView::setPlaceholderText(const QString& text)
{
    m_browser->setPlaceholderText(text);
}

bool MarkdownView::isFollowingEnd() const
{
    return m_followEnd;
}

void MarkdownView::scrollToEnd()
{
    m_followEnd = true;
    scrollToEndNow();
}

void MarkdownView::scrollToEndNow()
{
    QScrollBar* bar = m_browser->verticalScrollBar();
    m_scrollingProgrammatically = true;
    bar->setValue(bar->maximum());
    m_scrollingProgrammatically = false;
}

QTextDocument* MarkdownView::document() const
{
    return m_browser->document();
}

QTextBrowser* MarkdownView::textBrowser() const
{
    return m_browser;
}

void MarkdownView::onScrollValueChanged(int value)
{
    if (m_scrollingProgrammatically) return;
    // A few pixels of slack: layout can add a line between the person's scroll and ours.
    m_followEnd = value >= m_browser->verticalScrollBar()->maximum() - 4;
}

void MarkdownView::onScrollRangeChanged(int /*minimum*/, int /*maximum*/)
{
    if (m_followEnd) scrollToEndNow();
}

void MarkdownView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        rebuildForPalette();
}

void MarkdownView::rebuildForPalette()
{
    if (!m_renderer) return;
    m_renderer->setStyle(MarkdownStyle::fromPalette(palette()));
}

} // namespace triad::widgets
