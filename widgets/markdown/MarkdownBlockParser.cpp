#include "widgets/markdown/MarkdownBlockParser.h"

#include <QRegularExpression>

namespace triad::widgets {

namespace {

int leadingSpaces(const QString& line)
{
    int n = 0;
    for (QChar c : line) {
        if (c == QLatin1Char(' ')) ++n;
        else if (c == QLatin1Char('\t')) n += 4 - (n % 4);
        else break;
    }
    return n;
}

bool isBlank(const QString& line)
{
    for (QChar c : line)
        if (!c.isSpace()) return false;
    return true;
}

// Strips up to `count` columns of leading indentation (code lines inside an indented fence).
QString stripIndent(const QString& line, int count)
{
    int column = 0;
    qsizetype i = 0;
    while (i < line.size() && column < count) {
        if (line[i] == QLatin1Char(' ')) ++column;
        else if (line[i] == QLatin1Char('\t')) column += 4 - (column % 4);
        else break;
        ++i;
    }
    return line.mid(i);
}

// Splits a table row on '|' outside code spans and escapes; drops the outer pipes.
QStringList splitTableRow(const QString& line)
{
    QString row = line.trimmed();
    if (row.startsWith(QLatin1Char('|'))) row.remove(0, 1);
    if (row.endsWith(QLatin1Char('|')) && !row.endsWith(QLatin1String("\\|"))) row.chop(1);
    QStringList cells;
    QString cell;
    bool inCode = false;
    for (qsizetype i = 0; i < row.size(); ++i) {
        const QChar c = row[i];
        if (c == QLatin1Char('\\') && i + 1 < row.size() && row[i + 1] == QLatin1Char('|')) {
            cell += QLatin1Char('|');
            ++i;
        } else if (c == QLatin1Char('`')) {
            inCode = !inCode;
            cell += c;
        } else if (c == QLatin1Char('|') && !inCode) {
            cells << cell.trimmed();
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells << cell.trimmed();
    return cells;
}

bool isDelimiterRow(const QString& line, QList<TableAlignment>* alignments)
{
    static const QRegularExpression cellRe(QStringLiteral("^:?-+:?$"));
    if (!line.contains(QLatin1Char('-'))) return false;
    const QStringList cells = splitTableRow(line);
    QList<TableAlignment> result;
    for (const QString& cell : cells) {
        if (!cellRe.match(cell).hasMatch()) return false;
        const bool left = cell.startsWith(QLatin1Char(':'));
        const bool right = cell.endsWith(QLatin1Char(':'));
        result << (left && right ? TableAlignment::Center
                   : right       ? TableAlignment::Right
                                 : TableAlignment::Left);
    }
    if (alignments) *alignments = result;
    return !result.isEmpty();
}

} // namespace

void MarkdownBlockParser::feedLine(const QString& rawLine, qsizetype lineLength)
{
    QString line = rawLine;
    if (line.endsWith(QLatin1Char('\r'))) line.chop(1);
    const qsizetype begin = m_offset;
    const qsizetype end = m_offset + lineLength;
    m_offset = end;

    static const QRegularExpression headingRe(QStringLiteral("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$"));
    static const QRegularExpression ruleRe(QStringLiteral("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$"));
    static const QRegularExpression setext1Re(QStringLiteral("^ {0,3}=+[ \\t]*$"));
    static const QRegularExpression setext2Re(QStringLiteral("^ {0,3}-+[ \\t]*$"));
    static const QRegularExpression quoteRe(QStringLiteral("^ {0,3}> ?(.*)$"));

    if (m_inFence) {
        const QString trimmed = line.trimmed();
        if (trimmed.size() >= m_fenceLength && trimmed.startsWith(QString(m_fenceLength, m_fenceChar))
            && trimmed.count(m_fenceChar) == trimmed.size()) {
            MarkdownBlock block;
            block.kind = MarkdownBlockKind::CodeEnd;
            block.language = m_fenceLanguage;
            block.sourceBegin = begin;
            block.sourceEnd = end;
            m_inFence = false;
            emitSingle(block);
        } else {
            MarkdownBlock block;
            block.kind = MarkdownBlockKind::CodeLine;
            block.text = stripIndent(line, m_fenceIndent);
            block.language = m_fenceLanguage;
            block.sourceBegin = begin;
            block.sourceEnd = end;
            emitSingle(block);
        }
        return;
    }

    if (isBlank(line)) {
        closeOpenBlock();
        m_lastLineBlank = true;
        return;
    }
    const bool afterBlank = m_lastLineBlank;
    m_lastLineBlank = false;

    if (tryFenceStart(line, begin, end)) return;

    if (m_open == OpenKind::Paragraph && m_block.level == 0 && !m_block.text.contains(QLatin1Char('\n'))) {
        // Setext headings: a single paragraph line underlined by === or ---.
        const bool h1 = setext1Re.match(line).hasMatch();
        if (h1 || setext2Re.match(line).hasMatch()) {
            m_block.kind = MarkdownBlockKind::Heading;
            m_block.level = h1 ? 1 : 2;
            m_block.sourceEnd = end;
            m_open = OpenKind::None;
            emitSingle(m_block);
            m_listIndents.clear();
            return;
        }
    }

    if (const auto m = headingRe.match(line); m.hasMatch()) {
        closeOpenBlock();
        MarkdownBlock block;
        block.kind = MarkdownBlockKind::Heading;
        block.level = int(m.capturedLength(1));
        block.text = m.captured(2);
        block.sourceBegin = begin;
        block.sourceEnd = end;
        emitSingle(block);
        m_listIndents.clear();
        return;
    }

    if (ruleRe.match(line).hasMatch()) {
        closeOpenBlock();
        MarkdownBlock block;
        block.kind = MarkdownBlockKind::Rule;
        block.sourceBegin = begin;
        block.sourceEnd = end;
        emitSingle(block);
        m_listIndents.clear();
        return;
    }

    if (tryTableRow(line, end)) return;

    if (tryListItem(line, begin)) {
        m_block.sourceEnd = end;
        return;
    }

    if (const auto m = quoteRe.match(line); m.hasMatch()) {
        if (m_open == OpenKind::Quote) {
            m_block.text += QLatin1Char('\n') + m.captured(1);
        } else {
            closeOpenBlock();
            openBlock(OpenKind::Quote, m.captured(1), begin);
            m_listIndents.clear();
        }
        m_block.sourceEnd = end;
        return;
    }

    // Plain text: continues the open block, or starts a paragraph.
    if (m_open != OpenKind::None && m_open != OpenKind::Table) {
        m_block.text += QLatin1Char('\n') + line.trimmed();
        m_block.sourceEnd = end;
        return;
    }
    closeOpenBlock();
    const int indent = leadingSpaces(line);
    int level = 0;
    if (!m_listIndents.isEmpty() && afterBlank && indent >= 2)
        level = int(m_listIndents.size());   // a further paragraph of the last list item
    else
        m_listIndents.clear();
    openBlock(OpenKind::Paragraph, line.trimmed(), begin);
    m_block.level = level;
    m_block.sourceEnd = end;
}

bool MarkdownBlockParser::tryFenceStart(const QString& line, qsizetype begin, qsizetype end)
{
    const int indent = leadingSpaces(line);
    const QString trimmed = line.trimmed();
    if (trimmed.size() < 3) return false;
    const QChar c = trimmed[0];
    if (c != QLatin1Char('`') && c != QLatin1Char('~')) return false;
    int length = 0;
    while (length < trimmed.size() && trimmed[length] == c) ++length;
    if (length < 3) return false;
    const QString info = trimmed.mid(length).trimmed();
    if (c == QLatin1Char('`') && info.contains(QLatin1Char('`'))) return false;

    closeOpenBlock();
    m_inFence = true;
    m_fenceChar = c;
    m_fenceLength = length;
    m_fenceIndent = indent;
    m_fenceLanguage = info.section(QLatin1Char(' '), 0, 0).section(QLatin1Char('{'), 0, 0).toLower();
    MarkdownBlock block;
    block.kind = MarkdownBlockKind::CodeStart;
    block.language = m_fenceLanguage;
    block.sourceBegin = begin;
    block.sourceEnd = end;
    emitSingle(block);
    return true;
}

bool MarkdownBlockParser::tryListItem(const QString& line, qsizetype begin)
{
    static const QRegularExpression itemRe(QStringLiteral("^([ \\t]*)([-*+]|\\d{1,9}[.)])(?:[ \\t]+(.*)|[ \\t]*)$"));
    const auto m = itemRe.match(line);
    if (!m.hasMatch()) return false;
    const QString marker = m.captured(2);
    // "-" or "1." alone on a line under a paragraph is more likely text than an empty item.
    if (m.captured(3).isEmpty() && m_open == OpenKind::Paragraph) return false;

    closeOpenBlock();
    const int indent = leadingSpaces(m.captured(1));
    const int level = listLevelForIndent(indent);
    openBlock(OpenKind::ListItem, m.captured(3).trimmed(), begin);
    m_block.level = level;
    m_block.marker = marker;
    m_block.ordered = marker.front().isDigit();
    return true;
}

bool MarkdownBlockParser::tryTableRow(const QString& line, qsizetype end)
{
    if (m_open == OpenKind::Table) {
        if (!line.contains(QLatin1Char('|'))) {
            closeOpenBlock();
            return false;
        }
        QStringList cells = splitTableRow(line);
        m_block.rows << cells;
        m_block.sourceEnd = end;
        return true;
    }
    QList<TableAlignment> alignments;
    if (m_open == OpenKind::Paragraph && m_block.level == 0
        && !m_block.text.contains(QLatin1Char('\n')) && m_block.text.contains(QLatin1Char('|'))
        && isDelimiterRow(line, &alignments)) {
        const QStringList header = splitTableRow(m_block.text);
        if (header.size() != alignments.size()) return false;
        m_open = OpenKind::Table;
        m_block.kind = MarkdownBlockKind::Table;
        m_block.rows = {header};
        m_block.alignments = alignments;
        m_block.text.clear();
        m_block.sourceEnd = end;
        m_listIndents.clear();
        return true;
    }
    return false;
}

int MarkdownBlockParser::listLevelForIndent(int indent)
{
    while (!m_listIndents.isEmpty() && m_listIndents.back() > indent)
        m_listIndents.removeLast();
    if (m_listIndents.isEmpty() || indent >= m_listIndents.back() + 2)
        m_listIndents.append(indent);
    return int(m_listIndents.size()) - 1;
}

void MarkdownBlockParser::openBlock(OpenKind kind, const QString& text, qsizetype begin)
{
    m_open = kind;
    m_block = MarkdownBlock();
    switch (kind) {
    case OpenKind::Paragraph: m_block.kind = MarkdownBlockKind::Paragraph; break;
    case OpenKind::ListItem: m_block.kind = MarkdownBlockKind::ListItem; break;
    case OpenKind::Quote: m_block.kind = MarkdownBlockKind::Quote; break;
    case OpenKind::Table: m_block.kind = MarkdownBlockKind::Table; break;
    case OpenKind::None: break;
    }
    m_block.text = text;
    m_block.sourceBegin = begin;
}

void MarkdownBlockParser::closeOpenBlock()
{
    if (m_open == OpenKind::None) return;
    m_open = OpenKind::None;
    m_out << m_block;
    m_block = MarkdownBlock();
}

void MarkdownBlockParser::emitSingle(MarkdownBlock block)
{
    m_out << std::move(block);
}

void MarkdownBlockParser::finish()
{
    closeOpenBlock();
}

QList<MarkdownBlock> MarkdownBlockParser::takeBlocks()
{
    QList<MarkdownBlock> out;
    out.swap(m_out);
    return out;
}

} // namespace triad::widgets
