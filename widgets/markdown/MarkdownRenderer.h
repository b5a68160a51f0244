#pragma once
// Renders streamed Markdown into a QTextDocument block by block (see MarkdownView.h).
// Holds the source, the block parser and the position where the trailing open block
// starts; each append renders newly completed blocks once and redraws only the tail.
// Widget-free, so tests can drive it on a bare QTextDocument.

#include <memory>

#include <QColor>
#include <QFont>
#include <QList>
#include <QString>
#include <QTextBlockFormat>
#include <QTextCharFormat>

#include "widgets/highlight/SyntaxHighlighter.h"
#include "widgets/markdown/MarkdownBlockParser.h"
#include "widgets/markdown/MarkdownInlineRenderer.h"

class QPalette;
class QTextCursor;
class QTextDocument;

namespace triad::widgets {

/** Colours and fonts the renderer uses; fromPalette() follows light/dark themes. */
struct MarkdownStyle {
    QFont fixedFont;
    QColor text;
    QColor mutedText;        ///< quotes, the language label of code blocks
    QColor link;
    QColor codeBackground;
    QColor quoteBackground;
    QColor tableBorder;
    HighlightTheme theme = HighlightTheme::Light;

    static MarkdownStyle fromPalette(const QPalette& palette);
};

class MarkdownRenderer {
public:
    /** Renders into `document` (not owned), which it clears. */
    MarkdownRenderer(QTextDocument* document, MarkdownStyle style);
    ~MarkdownRenderer();

    void append(const QString& delta);
    void setMarkdown(const QString& markdown);
    void clear();
    /** Re-renders everything with new colours (palette change). */
    void setStyle(MarkdownStyle style);

    const QString& source() const { return m_source; }

    /** The Markdown of the blocks a selection [start, end) covers completely, or a null
     *  QString when it covers only part of a block (the caller then copies plain text). */
    QString sourceForSelection(int start, int end) const;

    /** How many blocks were rendered as final (not counting tail redraws); for tests. */
    int committedBlockCount() const { return int(m_segments.size()); }

private:
    /** Where a rendered block sits in the document and in the source. */
    struct Segment {
        int docBegin = 0;
        int docEnd = 0;
        qsizetype sourceBegin = 0;
        qsizetype sourceEnd = 0;
    };

    /** Everything rendering depends on besides the block itself; copied for the tail. */
    struct RenderState {
        bool reuseCurrentBlock = true;   ///< the next block fills the current empty block
        HighlightState codeState;
    };

    void processCompleteLines();
    void removeTail();
    void renderTail();
    void renderBlocks(const QList<MarkdownBlock>& blocks, RenderState& state, QList<Segment>& segments);
    void renderBlock(QTextCursor& cursor, const MarkdownBlock& block, RenderState& state);
    void startBlock(QTextCursor& cursor, const QTextBlockFormat& blockFormat,
                    const QTextCharFormat& charFormat, RenderState& state);
    void renderTable(QTextCursor& cursor, const MarkdownBlock& block, RenderState& state);
    QTextCharFormat baseCharFormat() const;

    QTextDocument* m_document;
    MarkdownStyle m_style;
    std::unique_ptr<SyntaxHighlighter> m_highlighter;
    MarkdownInlineRenderer m_inline;

    QString m_source;
    qsizetype m_lineStart = 0;         ///< source offset of the first incomplete line
    MarkdownBlockParser m_parser;
    RenderState m_state;
    QList<Segment> m_segments;         ///< committed blocks, in document order

    bool m_hasTail = false;
    int m_tailStart = 0;               ///< document position where the tail begins
    QTextBlockFormat m_tailSavedBlockFormat;   ///< formats of the block the tail attached to
    QTextCharFormat m_tailSavedCharFormat;
    QList<Segment> m_tailSegments;
};

} // namespace triad::widgets
