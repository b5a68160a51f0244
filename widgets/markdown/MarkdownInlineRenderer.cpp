#include "widgets/markdown/MarkdownInlineRenderer.h"

#include <QTextCursor>

namespace triad::widgets {

namespace {

constexpr int kMaxDepth = 8;   // nested emphasis deeper than this is shown literally

bool isAsciiPunct(QChar c)
{
    return c.unicode() < 128 && QStringView(u"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").contains(c);
}

// Finds the closing run of exactly `count` backticks at or after `from`.
qsizetype findBacktickClose(QStringView text, qsizetype from, int count)
{
    qsizetype i = from;
    while (i < text.size()) {
        if (text[i] != QLatin1Char('`')) { ++i; continue; }
        qsizetype run = i;
        while (run < text.size() && text[run] == QLatin1Char('`')) ++run;
        if (run - i == count) return i;
        i = run;
    }
    return -1;
}

// Finds a closing delimiter run (`delim` repeated `count` times) for an opener ending at
// `from`: not preceded by whitespace, and for '_' not followed by a word character.
qsizetype findEmphasisClose(QStringView text, qsizetype from, QChar delim, int count)
{
    for (qsizetype i = from + 1; i + count <= text.size(); ++i) {
        if (text[i] == QLatin1Char('`')) {   // code spans hide delimiters
            int run = 0;
            while (i + run < text.size() && text[i + run] == QLatin1Char('`')) ++run;
            const qsizetype close = findBacktickClose(text, i + run, run);
            if (close >= 0) { i = close + run - 1; continue; }
        }
        if (text[i] == QLatin1Char('\\')) { ++i; continue; }
        if (text[i] != delim) continue;
        int run = 0;
        while (i + run < text.size() && text[i + run] == delim) ++run;
        if (run == count && !text[i - 1].isSpace()) {
            const qsizetype after = i + run;
            if (delim == QLatin1Char('_') && after < text.size() && text[after].isLetterOrNumber()) {
                i += run - 1;
                continue;
            }
            return i;
        }
        i += run - 1;
    }
    return -1;
}

// Matching ']' for a '[' at `open`, honouring nesting and escapes.
qsizetype findBracketClose(QStringView text, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\\')) { ++i; continue; }
        if (c == QLatin1Char('[')) ++depth;
        else if (c == QLatin1Char(']') && --depth == 0) return i;
    }
    return -1;
}

qsizetype findParenClose(QStringView text, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('(')) ++depth;
        else if (c == QLatin1Char(')') && --depth == 0) return i;
        else if (c == QLatin1Char('\n')) return -1;
    }
    return -1;
}

bool startsWithUrlScheme(QStringView text, qsizetype i)
{
    const QStringView rest = text.mid(i);
    return rest.startsWith(u"https://") || rest.startsWith(u"http://");
}

} // namespace

MarkdownInlineRenderer::MarkdownInlineRenderer(QFont fixedFont, QColor codeBackground, QColor linkColor)
    : m_fixedFont(std::move(fixedFont))
    , m_codeBackground(codeBackground)
    , m_linkColor(linkColor)
{
}

void MarkdownInlineRenderer::insert(QTextCursor& cursor, QStringView text, const QTextCharFormat& base) const
{
    render(cursor, text, base, 0);
}

QTextCharFormat MarkdownInlineRenderer::codeFormat(const QTextCharFormat& base) const
{
    QTextCharFormat format = base;
    format.setFontFamilies(m_fixedFont.families());
    format.setFontFixedPitch(true);
    format.setBackground(m_codeBackground);
    return format;
}

QTextCharFormat MarkdownInlineRenderer::linkFormat(const QTextCharFormat& base, const QString& href) const
{
    QTextCharFormat format = base;
    format.setAnchor(true);
    format.setAnchorHref(href);
    format.setForeground(m_linkColor);
    format.setFontUnderline(true);
    return format;
}

void MarkdownInlineRenderer::render(QTextCursor& cursor, QStringView text, const QTextCharFormat& format,
                                    int depth) const
{
    QString pending;
    auto flush = [&] {
        if (pending.isEmpty()) return;
        cursor.insertText(pending, format);
        pending.clear();
    };

    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];

        if (c == QLatin1Char('\\') && i + 1 < text.size() && isAsciiPunct(text[i + 1])) {
            pending += text[i + 1];
            i += 2;
            continue;
        }
        if (c == QLatin1Char('\n')) {
            pending += QChar::LineSeparator;
            ++i;
            continue;
        }
        if (c == QLatin1Char('`')) {
            int run = 0;
            while (i + run < text.size() && text[i + run] == QLatin1Char('`')) ++run;
            const qsizetype close = findBacktickClose(text, i + run, run);
            if (close < 0) {
                pending += text.mid(i, run);
                i += run;
                continue;
            }
            QString code = text.mid(i + run, close - i - run).toString();
            code.replace(QLatin1Char('\n'), QLatin1Char(' '));
            if (code.size() >= 2 && code.startsWith(QLatin1Char(' ')) && code.endsWith(QLatin1Char(' '))
                && !code.trimmed().isEmpty())
                code = code.mid(1, code.size() - 2);
            flush();
            cursor.insertText(code, codeFormat(format));
            i = close + run;
            continue;
        }
        if ((c == QLatin1Char('*') || c == QLatin1Char('_') || c == QLatin1Char('~')) && depth < kMaxDepth) {
            int run = 0;
            while (i + run < text.size() && text[i + run] == c) ++run;
            const bool wordBefore = i > 0 && text[i - 1].isLetterOrNumber();
            const bool spaceAfter = i + run >= text.size() || text[i + run].isSpace();
            const bool allowed = c == QLatin1Char('~') ? run == 2 : run <= 3;
            if (allowed && !spaceAfter && !(c == QLatin1Char('_') && wordBefore)) {
                const qsizetype close = findEmphasisClose(text, i + run - 1, c, run);
                if (close > i + run) {
                    QTextCharFormat inner = format;
                    if (c == QLatin1Char('~')) {
                        inner.setFontStrikeOut(true);
                    } else {
                        if (run != 2) inner.setFontItalic(true);
                        if (run >= 2) inner.setFontWeight(QFont::Bold);
                    }
                    flush();
                    render(cursor, text.mid(i + run, close - i - run), inner, depth + 1);
                    i = close + run;
                    continue;
                }
            }
            pending += text.mid(i, run);
            i += run;
            continue;
        }
        if (c == QLatin1Char('[') && depth < kMaxDepth) {
            const qsizetype close = findBracketClose(text, i);
            if (close > i && close + 1 < text.size() && text[close + 1] == QLatin1Char('(')) {
                const qsizetype paren = findParenClose(text, close + 1);
                if (paren > close) {
                    QString href = text.mid(close + 2, paren - close - 2).trimmed().toString();
                    // [text](url "title"): keep the URL only.
                    if (const qsizetype space = href.indexOf(QLatin1Char(' ')); space > 0) href.truncate(space);
                    if (href.startsWith(QLatin1Char('<')) && href.endsWith(QLatin1Char('>')))
                        href = href.mid(1, href.size() - 2);
                    flush();
                    render(cursor, text.mid(i + 1, close - i - 1), linkFormat(format, href), depth + 1);
                    i = paren + 1;
                    continue;
                }
            }
        }
        if (c == QLatin1Char('<') && startsWithUrlScheme(text, i + 1)) {
            const qsizetype close = text.indexOf(QLatin1Char('>'), i);
            if (close > i && !text.mid(i, close - i).contains(QLatin1Char(' '))) {
                const QString href = text.mid(i + 1, close - i - 1).toString();
                flush();
                cursor.insertText(href, linkFormat(format, href));
                i = close + 1;
                continue;
            }
        }
        if ((c == QLatin1Char('h')) && startsWithUrlScheme(text, i) && !format.isAnchor()
            && (i == 0 || !text[i - 1].isLetterOrNumber())) {
            qsizetype end = i;
            while (end < text.size() && !text[end].isSpace() && text[end] != QLatin1Char('<')) ++end;
            // Trailing punctuation usually ends the sentence, not the URL.
            while (end > i && QStringView(u".,;:!?)'\"*_").contains(text[end - 1])) --end;
            const QString href = text.mid(i, end - i).toString();
            flush();
            cursor.insertText(href, linkFormat(format, href));
            i = end;
            continue;
        }
        pending += c;
        ++i;
    }
    flush();
}

} // namespace triad::widgets
