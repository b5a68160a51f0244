#include "widgets/highlight/SyntaxHighlighter.h"

#include <algorithm>

#include <QGuiApplication>
#include <QPalette>
#include <QTextCursor>

namespace triad::widgets {

HighlightTheme themeForPalette()
{
    const QColor window = QGuiApplication::palette().color(QPalette::Base);
    return window.lightnessF() < 0.5 ? HighlightTheme::Dark : HighlightTheme::Light;
}

std::unique_ptr<SyntaxHighlighter> createSyntaxHighlighter()
{
    return createSyntaxHighlighter(themeForPalette());
}

void SyntaxHighlighter::insertHighlightedLine(QTextCursor& cursor, const QString& line,
                                              const QString& language, HighlightState& state,
                                              const QTextCharFormat& base) const
{
    QList<HighlightSpan> spans = highlightLine(line, language, state);
    std::sort(spans.begin(), spans.end(),
              [](const HighlightSpan& a, const HighlightSpan& b) { return a.start < b.start; });
    int at = 0;
    for (const HighlightSpan& span : spans) {
        const int start = std::clamp(span.start, at, int(line.size()));
        const int end = std::clamp(span.start + span.length, start, int(line.size()));
        if (start > at) cursor.insertText(line.mid(at, start - at), base);
        if (end > start) {
            QTextCharFormat format = base;
            format.merge(span.format);
            cursor.insertText(line.mid(start, end - start), format);
        }
        at = std::max(at, end);
    }
    if (at < line.size()) cursor.insertText(line.mid(at), base);
}

} // namespace triad::widgets
