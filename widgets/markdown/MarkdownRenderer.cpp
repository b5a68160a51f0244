#include "widgets/markdown/MarkdownRenderer.h"

#include <algorithm>

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPalette>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>

namespace triad::widgets {

namespace {

constexpr qreal kParagraphSpacingPx = 6;
constexpr qreal kListSpacingPx = 2;
constexpr qreal kIndentPx = 18;

QColor mix(const QColor& a, const QColor& b, qreal t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

QString bulletForLevel(int level)
{
    static const QString bullets[] = {QStringLiteral("\u2022"), QStringLiteral("\u25e6"),
                                      QStringLiteral("\u25aa")};
    return bullets[level % 3];
}

} // namespace

MarkdownStyle MarkdownStyle::fromPalette(const QPalette& palette)
{
    MarkdownStyle style;
    style.fixedFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    style.text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    style.mutedText = mix(style.text, base, 0.4);
    style.link = palette.color(QPalette::Link);
    style.codeBackground = mix(base, style.text, 0.07);
    style.quoteBackground = mix(base, style.text, 0.04);
    style.tableBorder = mix(base, style.text, 0.25);
    style.theme = base.lightnessF() < 0.5 ? HighlightTheme::Dark : HighlightTheme::Light;
    return style;
}

MarkdownRenderer::MarkdownRenderer(QTextDocument* document, MarkdownStyle style)
    : m_document(document)
    , m_style(std::move(style))
    , m_highlighter(createSyntaxHighlighter(m_style.theme))
    , m_inline(m_style.fixedFont, m_style.codeBackground, m_style.link)
{
    m_document->setUndoRedoEnabled(false);   // a streamed answer has nothing to undo
    clear();
}

MarkdownRenderer::~MarkdownRenderer() = default;

void MarkdownRenderer::clear()
{
    m_document->clear();
    m_source.clear();
    m_lineStart = 0;
    m_parser = MarkdownBlockParser();
    m_state = RenderState();
    m_segments.clear();
    m_hasTail = false;
    m_tailSegments.clear();
}

void MarkdownRenderer::setMarkdown(const QString& markdown)
{
    clear();
    append(markdown);
}

void MarkdownRenderer::setStyle(MarkdownStyle style)
{
    m_style = std::move(style);
    m_highlighter = createSyntaxHighlighter(m_style.theme);
    m_inline = MarkdownInlineRenderer(m_style.fixedFont, m_style.codeBackground, m_style.link);
    const QString source = m_source;
    setMarkdown(source);
}

void MarkdownRenderer::append(const QString& delta)
{
    if (delta.isEmpty()) return;
    m_source += delta;
    // One edit block per update: the document then reports a single change (from the tail
    // start to the end) and the layout runs once, instead of once per inserted run.
    QTextCursor editBlock(m_document);
    editBlock.beginEditBlock();
    removeTail();
    processCompleteLines();
    renderTail();
    editBlock.endEditBlock();
}

void MarkdownRenderer::processCompleteLines()
{
    qsizetype start = m_lineStart;
    bool any = false;
    for (;;) {
        const qsizetype newline = m_source.indexOf(QLatin1Char('\n'), start);
        if (newline < 0) break;
        m_parser.feedLine(m_source.mid(start, newline - start), newline - start + 1);
        start = newline + 1;
        any = true;
    }
    m_lineStart = start;
    if (any) renderBlocks(m_parser.takeBlocks(), m_state, m_segments);
}

void MarkdownRenderer::removeTail()
{
    if (!m_hasTail) return;
    m_hasTail = false;
    m_tailSegments.clear();
    QTextCursor cursor(m_document);
    cursor.setPosition(m_tailStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    // Removing block separators can hand the following block's formats to the last final
    // block; put back what it had, so incremental and full renders stay identical.
    cursor.setBlockFormat(m_tailSavedBlockFormat);
    cursor.setBlockCharFormat(m_tailSavedCharFormat);
}

void MarkdownRenderer::renderTail()
{
    MarkdownBlockParser preview = m_parser;
    if (m_lineStart < m_source.size())
        preview.feedLine(m_source.mid(m_lineStart), m_source.size() - m_lineStart);
    preview.finish();
    const QList<MarkdownBlock> blocks = preview.takeBlocks();
    if (blocks.isEmpty()) return;

    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    m_tailStart = cursor.position();
    m_tailSavedBlockFormat = cursor.blockFormat();
    m_tailSavedCharFormat = cursor.blockCharFormat();
    m_hasTail = true;
    RenderState state = m_state;
    renderBlocks(blocks, state, m_tailSegments);
}

void MarkdownRenderer::renderBlocks(const QList<MarkdownBlock>& blocks, RenderState& state,
                                    QList<Segment>& segments)
{
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    for (const MarkdownBlock& block : blocks) {
        Segment segment;
        segment.sourceBegin = block.sourceBegin;
        segment.sourceEnd = block.sourceEnd;
        const bool zeroLength = block.kind == MarkdownBlockKind::CodeEnd;
        segment.docBegin = zeroLength || state.reuseCurrentBlock ? cursor.position() : cursor.position() + 1;
        renderBlock(cursor, block, state);
        segment.docEnd = cursor.position();
        segments << segment;
    }
}

QTextCharFormat MarkdownRenderer::baseCharFormat() const
{
    QTextCharFormat format;
    format.setForeground(m_style.text);
    return format;
}

void MarkdownRenderer::startBlock(QTextCursor& cursor, const QTextBlockFormat& blockFormat,
                                  const QTextCharFormat& charFormat, RenderState& state)
{
    if (state.reuseCurrentBlock) {
        cursor.setBlockFormat(blockFormat);
        cursor.setBlockCharFormat(charFormat);
        state.reuseCurrentBlock = false;
    } else {
        cursor.insertBlock(blockFormat, charFormat);
    }
}

void MarkdownRenderer::renderBlock(QTextCursor& cursor, const MarkdownBlock& block, RenderState& state)
{
    const QTextCharFormat base = baseCharFormat();
    QTextBlockFormat blockFormat;
    blockFormat.setTopMargin(kParagraphSpacingPx);

    switch (block.kind) {
    case MarkdownBlockKind::Paragraph: {
        blockFormat.setLeftMargin(kIndentPx * block.level + (block.level > 0 ? kIndentPx : 0));
        startBlock(cursor, blockFormat, base, state);
        m_inline.insert(cursor, block.text, base);
        break;
    }
    case MarkdownBlockKind::Heading: {
        static const int adjustment[] = {0, 2, 1, 1, 0, 0, 0};
        const int level = std::clamp(block.level, 1, 6);
        blockFormat.setTopMargin(level <= 2 ? 12 : 8);
        blockFormat.setBottomMargin(2);
        blockFormat.setHeadingLevel(level);
        QTextCharFormat format = base;
        format.setFontWeight(QFont::Bold);
        format.setProperty(QTextFormat::FontSizeAdjustment, adjustment[level]);
        startBlock(cursor, blockFormat, format, state);
        m_inline.insert(cursor, block.text, format);
        break;
    }
    case MarkdownBlockKind::ListItem: {
        const QString marker = block.ordered ? block.marker : bulletForLevel(block.level);
        const QString prefix = marker + QLatin1Char(' ');
        // A hanging indent: wrapped lines line up with the text after the marker.
        const qreal hangPx = QFontMetricsF(m_document->defaultFont()).horizontalAdvance(prefix);
        blockFormat.setTopMargin(kListSpacingPx);
        blockFormat.setLeftMargin(kIndentPx * (block.level + 1) + hangPx);
        blockFormat.setTextIndent(-hangPx);
        startBlock(cursor, blockFormat, base, state);
        QTextCharFormat markerFormat = base;
        markerFormat.setForeground(m_style.mutedText);
        cursor.insertText(prefix, markerFormat);
        m_inline.insert(cursor, block.text, base);
        break;
    }
    case MarkdownBlockKind::Quote: {
        blockFormat.setLeftMargin(kIndentPx);
        blockFormat.setBackground(m_style.quoteBackground);
        QTextCharFormat format = base;
        format.setForeground(m_style.mutedText);
        startBlock(cursor, blockFormat, format, state);
        m_inline.insert(cursor, block.text, format);
        break;
    }
    case MarkdownBlockKind::Rule: {
        blockFormat.setProperty(QTextFormat::BlockTrailingHorizontalRulerWidth,
                                QTextLength(QTextLength::PercentageLength, 100));
        startBlock(cursor, blockFormat, base, state);
        break;
    }
    case MarkdownBlockKind::Table:
        renderTable(cursor, block, state);
        break;
    case MarkdownBlockKind::CodeStart: {
        // A small label with the language; also the top edge of the code box.
        blockFormat.setBackground(m_style.codeBackground);
        blockFormat.setTopMargin(kParagraphSpacingPx + 2);
        QTextCharFormat format = base;
        format.setForeground(m_style.mutedText);
        format.setFontFamilies(m_style.fixedFont.families());
        format.setFontFixedPitch(true);
        format.setProperty(QTextFormat::FontSizeAdjustment, -1);
        startBlock(cursor, blockFormat, format, state);
        if (!block.language.isEmpty()) cursor.insertText(block.language, format);
        state.codeState = HighlightState();
        break;
    }
    case MarkdownBlockKind::CodeLine: {
        blockFormat.setTopMargin(0);
        blockFormat.setBackground(m_style.codeBackground);
        QTextCharFormat format = base;
        format.setFontFamilies(m_style.fixedFont.families());
        format.setFontFixedPitch(true);
        startBlock(cursor, blockFormat, format, state);
        m_highlighter->insertHighlightedLine(cursor, block.text, block.language, state.codeState, format);
        break;
    }
    case MarkdownBlockKind::CodeEnd:
        break;
    }
}

void MarkdownRenderer::renderTable(QTextCursor& cursor, const MarkdownBlock& block, RenderState& state)
{
    const int columns = int(block.alignments.size());
    const int rows = int(block.rows.size());
    if (columns == 0 || rows == 0) return;

    // A table needs a block to sit after; a fresh block keeps the previous one intact.
    QTextBlockFormat spacer;
    spacer.setTopMargin(kParagraphSpacingPx);
    startBlock(cursor, spacer, baseCharFormat(), state);

    QTextTableFormat tableFormat;
    tableFormat.setBorder(1);
    tableFormat.setBorderBrush(m_style.tableBorder);
    tableFormat.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    tableFormat.setBorderCollapse(true);
    tableFormat.setCellPadding(4);
    tableFormat.setCellSpacing(0);
    tableFormat.setHeaderRowCount(1);
    tableFormat.setTopMargin(kParagraphSpacingPx);
    QTextTable* table = cursor.insertTable(rows, columns, tableFormat);

    for (int r = 0; r < rows; ++r) {
        const QStringList& cells = block.rows[r];
        for (int c = 0; c < columns; ++c) {
            QTextCursor cellCursor = table->cellAt(r, c).firstCursorPosition();
            QTextBlockFormat cellBlock;
            switch (block.alignments[c]) {
            case TableAlignment::Left: cellBlock.setAlignment(Qt::AlignLeft); break;
            case TableAlignment::Center: cellBlock.setAlignment(Qt::AlignHCenter); break;
            case TableAlignment::Right: cellBlock.setAlignment(Qt::AlignRight); break;
            }
            cellCursor.setBlockFormat(cellBlock);
            QTextCharFormat format = baseCharFormat();
            if (r == 0) format.setFontWeight(QFont::Bold);
            if (c < cells.size()) m_inline.insert(cellCursor, cells[c], format);
        }
    }
    cursor.movePosition(QTextCursor::End);
    // The empty block after the table takes the next block's content.
    state.reuseCurrentBlock = true;
}

QString MarkdownRenderer::sourceForSelection(int start, int end) const
{
    if (start > end) std::swap(start, end);
    QTextCursor all(m_document);
    all.movePosition(QTextCursor::End);
    if (start <= 0 && end >= all.position()) return m_source;

    const Segment* first = nullptr;
    const Segment* last = nullptr;
    auto visit = [&](const QList<Segment>& list) {
        for (const Segment& s : list) {
            const bool zero = s.docBegin == s.docEnd;
            const bool overlaps = zero ? (s.docBegin >= start && s.docBegin <= end)
                                       : (s.docBegin < end && s.docEnd > start);
            if (!overlaps) continue;
            if (!first) first = &s;
            last = &s;
        }
    };
    visit(m_segments);
    visit(m_tailSegments);
    if (!first || first->docBegin < start || last->docEnd > end) return QString();
    return m_source.mid(first->sourceBegin, last->sourceEnd - first->sourceBegin);
}

} // namespace triad::widgets
