#pragma once
// A read-only view for a streamed answer in Markdown.
//
// Text arrives in deltas. Completed blocks (a paragraph ended by a blank line, a list item
// followed by the next one, each finished line of a code fence) are rendered once and
// appended to the document; only the trailing open block is rendered again on each update,
// so the cost of an update does not grow with the answer. Code fences are coloured by
// language through SyntaxHighlighter.
//
// Every appendDelta() redraws the open block, so callers batch deltas (the playground
// flushes ~30 times a second); per-token calls work but cost one tail redraw each.
//
// Scrolling follows the end unless the person scrolled up. Copying whole blocks copies
// their original Markdown; copying part of one block copies the text as shown.
//
// Usage:
//   auto* view = new MarkdownView(pane);
//   view->appendDelta(QStringLiteral("Here is **code**:\n```py\nprint(1)\n"));
//   view->appendDelta(QStringLiteral("```\n"));
//   QString answer = view->plainText();   // the Markdown exactly as received

#include <memory>

#include <QString>
#include <QWidget>

class QTextBrowser;
class QTextDocument;

namespace triad::widgets {

class MarkdownRenderer;

class MarkdownView : public QWidget {
    Q_OBJECT
public:
    explicit MarkdownView(QWidget* parent = nullptr);
    ~MarkdownView() override;

    /** Appends streamed text (any split, including mid-line or mid-fence). */
    void appendDelta(const QString& delta);
    /** Replaces the whole content (e.g. a run loaded from the workspace). */
    void setMarkdown(const QString& markdown);
    void clear();

    /** The Markdown source exactly as it was received (the answer text). */
    QString plainText() const;
    /** The text as displayed, without Markdown syntax (list markers included). */
    QString renderedText() const;
    bool isEmpty() const;

    /** A line shown when there is no text yet ("Waiting for the first token…"). */
    void setPlaceholderText(const QString& text);

    /** Whether new text scrolls the view to the end (false once the person scrolled up). */
    bool isFollowingEnd() const;
    /** Scrolls to the end and follows new text again. */
    void scrollToEnd();

    /** The rendered document, for tests and for printing/exporting. */
    QTextDocument* document() const;
    /** The inner text browser (for focus handling and context-menu extensions). */
    QTextBrowser* textBrowser() const;

signals:
    /** Emitted after each update that changed the content. */
    void contentChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void onScrollValueChanged(int value);
    void onScrollRangeChanged(int minimum, int maximum);
    void rebuildForPalette();
    void scrollToEndNow();

    QTextBrowser* m_browser = nullptr;
    std::unique_ptr<MarkdownRenderer> m_renderer;
    bool m_followEnd = true;
    bool m_scrollingProgrammatically = false;
};

} // namespace triad::widgets
