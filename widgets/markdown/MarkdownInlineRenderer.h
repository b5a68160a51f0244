#pragma once
// Inline Markdown (emphasis, strong, strikethrough, code spans, links, autolinks, escapes)
// inserted at a QTextCursor with character formats. Unclosed delimiters stay literal, so a
// streamed "**bold" shows as typed until its closing "**" arrives.

#include <QColor>
#include <QFont>
#include <QStringView>
#include <QTextCharFormat>

class QTextCursor;

namespace triad::widgets {

class MarkdownInlineRenderer {
public:
    MarkdownInlineRenderer(QFont fixedFont, QColor codeBackground, QColor linkColor);

    /** Inserts `text` at `cursor`; '\n' becomes a line break inside the block. */
    void insert(QTextCursor& cursor, QStringView text, const QTextCharFormat& base) const;

private:
    enum Style : unsigned {
        Italic = 1u << 0,
        Bold = 1u << 1,
        Strike = 1u << 2,
    };

    void render(QTextCursor& cursor, QStringView text, const QTextCharFormat& format, int depth) const;
    QTextCharFormat codeFormat(const QTextCharFormat& base) const;
    QTextCharFormat linkFormat(const QTextCharFormat& base, const QString& href) const;

    QFont m_fixedFont;
    QColor m_codeBackground;
    QColor m_linkColor;
};

} // namespace triad::widgets
