#include "widgets/highlight/Kf6Highlighter.h"

#include <vector>

#include <QHash>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

namespace triad::widgets {

namespace {

namespace ksh = KSyntaxHighlighting;

// Loading the definitions is expensive: one repository for the whole process (GUI thread).
ksh::Repository& repository()
{
    static ksh::Repository instance;
    return instance;
}

// Fence info words that are neither a definition name nor a file extension.
QString definitionNameForAlias(const QString& word)
{
    static const QHash<QString, QString> aliases{
        {QStringLiteral("python3"), QStringLiteral("Python")}, {QStringLiteral("py3"), QStringLiteral("Python")},
        {QStringLiteral("c++"), QStringLiteral("C++")},        {QStringLiteral("golang"), QStringLiteral("Go")},
        {QStringLiteral("shell"), QStringLiteral("Bash")},     {QStringLiteral("sh"), QStringLiteral("Bash")},
        {QStringLiteral("console"), QStringLiteral("Bash")},   {QStringLiteral("zsh"), QStringLiteral("Zsh")},
        {QStringLiteral("js"), QStringLiteral("JavaScript")},  {QStringLiteral("ts"), QStringLiteral("TypeScript")},
        {QStringLiteral("jsonl"), QStringLiteral("JSON")},     {QStringLiteral("md"), QStringLiteral("Markdown")},
        {QStringLiteral("postgres"), QStringLiteral("SQL (PostgreSQL)")},
        {QStringLiteral("postgresql"), QStringLiteral("SQL (PostgreSQL)")},
        {QStringLiteral("mysql"), QStringLiteral("SQL (MySQL)")}};
    return aliases.value(word);
}

// Runs the KSyntaxHighlighting state machine over one line and collects spans.
class LineRunner : public ksh::AbstractHighlighter {
public:
    ksh::State run(const QString& line, const ksh::State& state, QList<HighlightSpan>* spans)
    {
        m_spans = spans;
        const ksh::State next = highlightLine(line, state);
        m_spans = nullptr;
        return next;
    }

protected:
    void applyFormat(int offset, int length, const ksh::Format& format) override
    {
        if (!m_spans || length <= 0 || format.isDefaultTextStyle(theme())) return;
        QTextCharFormat out;
        if (format.hasTextColor(theme())) out.setForeground(format.textColor(theme()));
        if (format.hasBackgroundColor(theme())) out.setBackground(format.backgroundColor(theme()));
        if (format.isBold(theme())) out.setFontWeight(QFont::Bold);
        if (format.isItalic(theme())) out.setFontItalic(true);
        if (format.isUnderline(theme())) out.setFontUnderline(true);
        if (format.isStrikeThrough(theme())) out.setFontStrikeOut(true);
        *m_spans << HighlightSpan{offset, length, out};
    }

private:
    QList<HighlightSpan>* m_spans = nullptr;
};

} // namespace

struct Kf6Highlighter::Private {
    ksh::Theme theme;
    mutable QHash<QString, ksh::Definition> definitions;   ///< by lower-case fence word
    mutable LineRunner runner;
    /** HighlightState::value n > 0 stands for states[n - 1]; KSyntaxHighlighting states
     *  are opaque objects, our interface carries an int. */
    mutable std::vector<ksh::State> states;

    ksh::Definition definitionFor(const QString& language) const
    {
        const QString word = language.trimmed().toLower();
        if (word.isEmpty()) return {};
        const auto cached = definitions.constFind(word);
        if (cached != definitions.constEnd()) return *cached;
        ksh::Definition def = repository().definitionForName(word);
        if (!def.isValid()) {
            const QString alias = definitionNameForAlias(word);
            if (!alias.isEmpty()) def = repository().definitionForName(alias);
        }
        if (!def.isValid()) def = repository().definitionForFileName(QStringLiteral("file.") + word);
        definitions.insert(word, def);
        return def;
    }

    ksh::State stateFor(const HighlightState& state) const
    {
        if (state.value <= 0 || size_t(state.value) > states.size()) return {};
        return states[size_t(state.value) - 1];
    }

    HighlightState remember(const ksh::State& state) const
    {
        if (state == ksh::State()) return {};
        for (size_t i = 0; i < states.size(); ++i)
            if (states[i] == state) return HighlightState{int(i) + 1};
        // Long sessions see few distinct states; a cap keeps memory bounded regardless.
        if (states.size() >= 4096) states.clear();
        states.push_back(state);
        return HighlightState{int(states.size())};
    }
};

Kf6Highlighter::Kf6Highlighter(HighlightTheme theme)
    : m_theme(theme)
    , d(std::make_unique<Private>())
{
    d->theme = repository().defaultTheme(theme == HighlightTheme::Dark ? ksh::Repository::DarkTheme
                                                                       : ksh::Repository::LightTheme);
    d->runner.setTheme(d->theme);
}

Kf6Highlighter::~Kf6Highlighter() = default;

bool Kf6Highlighter::supportsLanguage(const QString& language) const
{
    return d->definitionFor(language).isValid();
}

QList<HighlightSpan> Kf6Highlighter::highlightLine(const QString& line, const QString& language,
                                                   HighlightState& state) const
{
    const ksh::Definition def = d->definitionFor(language);
    if (!def.isValid()) {
        state = HighlightState();
        return {};
    }
    if (d->runner.definition() != def) d->runner.setDefinition(def);
    QList<HighlightSpan> spans;
    const ksh::State next = d->runner.run(line, d->stateFor(state), &spans);
    state = d->remember(next);
    return spans;
}

QSyntaxHighlighter* Kf6Highlighter::attachTo(QTextDocument* document, const QString& language) const
{
    auto* highlighter = new ksh::SyntaxHighlighter(document);
    highlighter->setTheme(d->theme);
    highlighter->setDefinition(d->definitionFor(language));
    return highlighter;
}

std::unique_ptr<SyntaxHighlighter> createSyntaxHighlighter(HighlightTheme theme)
{
    return std::make_unique<Kf6Highlighter>(theme);
}

} // namespace triad::widgets
