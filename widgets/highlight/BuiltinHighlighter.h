#pragma once
// The highlighter used when KSyntaxHighlighting is not available (Debian 12 ships no Qt 6
// build of it): keywords, types, literals, strings, comments and numbers for common
// languages, keys and values for JSON, and the main constructs of Markdown. Languages are
// described by data (keyword lists and comment/string rules) in BuiltinHighlighter.cpp.

#include <array>

#include "widgets/highlight/SyntaxHighlighter.h"

namespace triad::widgets {

class BuiltinHighlighter : public SyntaxHighlighter {
public:
    /** What a span is; each gets one format per theme. */
    enum class Token {
        Keyword = 1,
        Type,
        Literal,        ///< true/false/null/None…
        String,
        Comment,
        Number,
        Function,       ///< an identifier followed by "("
        Preprocessor,
        Key,            ///< JSON object keys
        Variable,       ///< shell $VARS
        Heading,        ///< Markdown
        Emphasis,
        Code,
        Link,
    };
    static constexpr int kTokenCount = 14;

    explicit BuiltinHighlighter(HighlightTheme theme);

    bool supportsLanguage(const QString& language) const override;
    QList<HighlightSpan> highlightLine(const QString& line, const QString& language,
                                       HighlightState& state) const override;
    QSyntaxHighlighter* attachTo(QTextDocument* document, const QString& language) const override;
    HighlightTheme theme() const override { return m_theme; }

    QTextCharFormat formatFor(Token token) const;
    /** The canonical name for an alias ("py" → "python", "c++" → "cpp"); "" if unknown. */
    static QString canonicalLanguage(const QString& language);

private:
    HighlightTheme m_theme;
    std::array<QTextCharFormat, kTokenCount> m_formats;
};

} // namespace triad::widgets
