#pragma once
// SyntaxHighlighter on top of KSyntaxHighlighting (KF6): the Kate definitions for hundreds
// of languages and its light/dark themes. Compiled only when CMake finds KF6
// SyntaxHighlighting (TRIAD_HAVE_KF6_SYNTAX); BuiltinHighlighter takes its place otherwise.

#include <memory>

#include "widgets/highlight/SyntaxHighlighter.h"

namespace triad::widgets {

class Kf6Highlighter : public SyntaxHighlighter {
public:
    explicit Kf6Highlighter(HighlightTheme theme);
    ~Kf6Highlighter() override;

    bool supportsLanguage(const QString& language) const override;
    QList<HighlightSpan> highlightLine(const QString& line, const QString& language,
                                       HighlightState& state) const override;
    QSyntaxHighlighter* attachTo(QTextDocument* document, const QString& language) const override;
    HighlightTheme theme() const override { return m_theme; }

private:
    struct Private;
    HighlightTheme m_theme;
    std::unique_ptr<Private> d;
};

} // namespace triad::widgets
