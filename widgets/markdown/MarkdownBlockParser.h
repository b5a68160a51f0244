#pragma once
// Splits Markdown into blocks, one complete line at a time, so a streamed answer can be
// rendered block by block. A block is emitted once it can no longer change: a paragraph
// when a blank line or another block starts, a list item when the next item starts, every
// line of a code fence as soon as it is complete. finish() emits the block still open.
//
// The parser is a small value type: copying it and calling finish() on the copy previews
// the open block without disturbing the real one (that is how the trailing block is drawn).

#include <QList>
#include <QString>
#include <QStringList>

namespace triad::widgets {

enum class MarkdownBlockKind {
    Paragraph = 1,
    Heading,
    ListItem,
    Quote,
    Rule,
    Table,
    CodeStart,   ///< the opening fence: `language` set
    CodeLine,    ///< one line of code (text without the newline)
    CodeEnd,     ///< the closing fence
};

enum class TableAlignment {
    Left = 1,
    Center,
    Right,
};

struct MarkdownBlock {
    MarkdownBlockKind kind = MarkdownBlockKind::Paragraph;
    QString text;            ///< inline Markdown (lines joined by '\n'), or the code line
    int level = 0;           ///< heading 1–6; list / indented paragraph nesting depth (0 = top)
    QString marker;          ///< list marker as written: "-", "*", "3.", "2)"
    bool ordered = false;
    QString language;        ///< CodeStart / CodeLine: the fence's info word
    QList<QStringList> rows; ///< Table: header row first, then body rows (cells as inline Markdown)
    QList<TableAlignment> alignments;
    qsizetype sourceBegin = 0;   ///< offset of the block's first character in the source
    qsizetype sourceEnd = 0;     ///< offset just past its last line (including the newline)
};

class MarkdownBlockParser {
public:
    /** Feeds one complete line (without '\n'; a trailing '\r' is ignored). `lineLength`
     *  is the number of source characters it used, newline included. */
    void feedLine(const QString& line, qsizetype lineLength);
    /** Emits the open block (an unclosed fence emits no CodeEnd: it is still open). */
    void finish();

    /** Blocks emitted since the last takeBlocks(). */
    QList<MarkdownBlock> takeBlocks();
    bool inCodeFence() const { return m_inFence; }

private:
    enum class OpenKind {
        None = 1,
        Paragraph,
        ListItem,
        Quote,
        Table,
    };

    void closeOpenBlock();
    void openBlock(OpenKind kind, const QString& text, qsizetype begin);
    bool tryFenceStart(const QString& line, qsizetype begin, qsizetype end);
    bool tryListItem(const QString& line, qsizetype begin);
    bool tryTableRow(const QString& line, qsizetype end);
    int listLevelForIndent(int indent);
    void emitSingle(MarkdownBlock block);

    QList<MarkdownBlock> m_out;
    qsizetype m_offset = 0;           ///< source offset of the next line

    bool m_inFence = false;
    QChar m_fenceChar;
    int m_fenceLength = 0;
    int m_fenceIndent = 0;
    QString m_fenceLanguage;

    OpenKind m_open = OpenKind::None;
    MarkdownBlock m_block;            ///< the open block being collected
    QList<int> m_listIndents;         ///< content indents of the enclosing list items
    bool m_lastLineBlank = false;
};

} // namespace triad::widgets
