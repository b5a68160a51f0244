#pragma once
// Colours source code of a named language. Two implementations sit behind this interface,
// chosen in CMake: KSyntaxHighlighting (KF6) when it is found, a small built-in one otherwise.
// Both files define createSyntaxHighlighter(), so callers never know which one they got.
//
// Usage:
//   auto highlighter = triad::widgets::createSyntaxHighlighter();
//   HighlightState state;                       // carried from line to line
//   for (const QString& line : lines)
//       spans = highlighter->highlightLine(line, QStringLiteral("python"), state);
//   // or, for an editor:
//   highlighter->attachTo(editor->document(), QStringLiteral("json"));

#include <memory>

#include <QList>
#include <QString>
#include <QTextCharFormat>

class QSyntaxHighlighter;
class QTextCursor;
class QTextDocument;

namespace triad::widgets {

/** A coloured range inside one line, in UTF-16 code units from the line start. */
struct HighlightSpan {
    int start = 0;
    int length = 0;
    QTextCharFormat format;
};

/** What a line leaves open for the next one (a block comment, a multi-line string).
 *  Opaque to callers: start with a default-constructed state and pass it along. */
struct HighlightState {
    int value = 0;
    friend bool operator==(const HighlightState&, const HighlightState&) = default;
};

/** Light or dark colours; pick with themeForPalette() so code matches the window. */
enum class HighlightTheme {
    Light = 1,
    Dark,
};

/** Dark when the application's window colour is dark. Needs a QGuiApplication. */
HighlightTheme themeForPalette();

class SyntaxHighlighter {
public:
    virtual ~SyntaxHighlighter() = default;

    /** True when `language` (a fence info word such as "py", "c++", "ts", "json") is known.
     *  Unknown languages are still accepted by the other calls; they just get no colours. */
    virtual bool supportsLanguage(const QString& language) const = 0;

    /** Spans for one line (without its newline). `state` is read and updated. */
    virtual QList<HighlightSpan> highlightLine(const QString& line, const QString& language,
                                               HighlightState& state) const = 0;

    /** A QSyntaxHighlighter for an editable document (JSON, Markdown, code), owned by `document`. */
    virtual QSyntaxHighlighter* attachTo(QTextDocument* document, const QString& language) const = 0;

    virtual HighlightTheme theme() const = 0;

    /** Inserts `line` at `cursor` with `base` as the format and the spans merged over it. */
    void insertHighlightedLine(QTextCursor& cursor, const QString& line, const QString& language,
                               HighlightState& state, const QTextCharFormat& base) const;
};

/** The highlighter this build was configured with (KF6 or built-in), in the given theme. */
std::unique_ptr<SyntaxHighlighter> createSyntaxHighlighter(HighlightTheme theme);
/** Same, with the theme taken from the application palette. */
std::unique_ptr<SyntaxHighlighter> createSyntaxHighlighter();

} // namespace triad::widgets
