#include "widgets/highlight/BuiltinHighlighter.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSyntaxHighlighter>
#include <QTextDocument>

namespace triad::widgets {

namespace {

using Token = BuiltinHighlighter::Token;

enum class Mode {
    Code = 1,
    Json,
    Markdown,
};

// Multi-line constructs a line can leave open (HighlightState::value).
enum OpenConstruct : int {
    Nothing = 0,
    BlockComment = 1,
    TripleDouble = 2,
    TripleSingle = 3,
    Backtick = 4,
    MarkdownFence = 10,
};

struct LanguageSpec {
    QString name;
    QStringList aliases;
    Mode mode = Mode::Code;
    QSet<QString> keywords;
    QSet<QString> types;
    QSet<QString> literals;
    QStringList lineComments;       ///< "//", "#", "--"
    QString blockOpen;              ///< "/*"
    QString blockClose;             ///< "*/"
    QString quotes;                 ///< single-line string delimiters
    bool tripleQuotes = false;      ///< Python
    bool backtickStrings = false;   ///< JS template literals, Go raw strings (may span lines)
    bool backtickEscapes = true;    ///< Go raw strings have none
    bool hashPreprocessor = false;  ///< C/C++
    bool caseInsensitive = false;   ///< SQL
    bool shellVariables = false;    ///< Bash
    bool rustQuotes = false;        ///< ' starts a char literal or a lifetime
};

QSet<QString> words(const char* list)
{
    QSet<QString> out;
    for (const QString& w : QString::fromLatin1(list).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        out.insert(w);
    return out;
}

const char* const kCKeywords =
    "auto break case const continue default do else enum extern for goto if inline register "
    "restrict return sizeof static struct switch typedef union volatile while";
const char* const kCTypes =
    "void char short int long float double signed unsigned bool size_t ssize_t int8_t int16_t "
    "int32_t int64_t uint8_t uint16_t uint32_t uint64_t uintptr_t ptrdiff_t FILE";
const char* const kCppKeywords =
    "alignas alignof and asm break case catch class co_await co_return co_yield concept const "
    "consteval constexpr constinit const_cast continue decltype default delete do dynamic_cast "
    "else enum explicit export extern final for friend goto if inline mutable namespace new "
    "noexcept not operator or override private protected public reinterpret_cast requires "
    "return sizeof static static_assert static_cast struct switch template this thread_local "
    "throw try typedef typeid typename union using virtual volatile while auto";
const char* const kCppTypes =
    "void char char8_t char16_t char32_t wchar_t short int long float double signed unsigned "
    "bool size_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t std string "
    "vector map unordered_map set optional unique_ptr shared_ptr string_view array";
const char* const kPyKeywords =
    "and as assert async await break class continue def del elif else except finally for from "
    "global if import in is lambda nonlocal not or pass raise return try while with yield match case";
const char* const kPyTypes = "int float str bytes bool list dict set tuple object type self cls";
const char* const kJsKeywords =
    "async await break case catch class const continue debugger default delete do else export "
    "extends finally for from function if import in instanceof let new of return static super "
    "switch this throw try typeof var void while with yield";
const char* const kTsExtra =
    "abstract as declare enum implements interface keyof namespace private protected public "
    "readonly type satisfies";
const char* const kTsTypes = "string number boolean any unknown never object symbol bigint void Promise Array Record";
const char* const kBashKeywords =
    "if then else elif fi case esac for while until do done in function select time return "
    "exit break continue local export readonly declare unset shift source echo printf cd set trap";
const char* const kSqlKeywords =
    "select from where and or not insert into values update set delete create table drop alter "
    "add index view join inner left right outer full cross on as group by order having limit "
    "offset union all distinct case when then else end is in like between exists primary key "
    "foreign references default unique check constraint with returning asc desc begin commit "
    "rollback transaction if replace trigger";
const char* const kSqlTypes =
    "int integer bigint smallint real float double numeric decimal text varchar char boolean "
    "date time timestamp blob json jsonb serial uuid";
const char* const kRustKeywords =
    "as async await break const continue crate dyn else enum extern fn for if impl in let loop "
    "match mod move mut pub ref return self Self static struct super trait type unsafe use where while";
const char* const kRustTypes =
    "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec "
    "Option Result Box Rc Arc HashMap";
const char* const kGoKeywords =
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var";
const char* const kGoTypes =
    "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune "
    "string uint uint8 uint16 uint32 uint64 uintptr any";
const char* const kJavaKeywords =
    "abstract assert break case catch class const continue default do else enum extends final "
    "finally for goto if implements import instanceof interface native new package private "
    "protected public return static strictfp super switch synchronized this throw throws "
    "transient try var void volatile while record sealed permits yield";
const char* const kJavaTypes = "boolean byte char short int long float double String Object Integer List Map";

QList<LanguageSpec> buildSpecs()
{
    QList<LanguageSpec> specs;
    const QStringList slashComments{QStringLiteral("//")};

    LanguageSpec c;
    c.name = QStringLiteral("c");
    c.aliases = {QStringLiteral("c"), QStringLiteral("h")};
    c.keywords = words(kCKeywords);
    c.types = words(kCTypes);
    c.literals = words("NULL true false");
    c.lineComments = slashComments;
    c.blockOpen = QStringLiteral("/*");
    c.blockClose = QStringLiteral("*/");
    c.quotes = QStringLiteral("\"'");
    c.hashPreprocessor = true;
    specs << c;

    LanguageSpec cpp = c;
    cpp.name = QStringLiteral("cpp");
    cpp.aliases = {QStringLiteral("cpp"), QStringLiteral("c++"), QStringLiteral("cc"), QStringLiteral("cxx"),
                   QStringLiteral("hpp"), QStringLiteral("hxx"), QStringLiteral("cuda")};
    cpp.keywords = words(kCppKeywords);
    cpp.types = words(kCppTypes);
    cpp.literals = words("nullptr true false NULL");
    specs << cpp;

    LanguageSpec py;
    py.name = QStringLiteral("python");
    py.aliases = {QStringLiteral("python"), QStringLiteral("py"), QStringLiteral("python3"), QStringLiteral("py3")};
    py.keywords = words(kPyKeywords);
    py.types = words(kPyTypes);
    py.literals = words("True False None");
    py.lineComments = {QStringLiteral("#")};
    py.quotes = QStringLiteral("\"'");
    py.tripleQuotes = true;
    specs << py;

    LanguageSpec js;
    js.name = QStringLiteral("javascript");
    js.aliases = {QStringLiteral("javascript"), QStringLiteral("js"), QStringLiteral("jsx"), QStringLiteral("mjs"),
                  QStringLiteral("node")};
    js.keywords = words(kJsKeywords);
    js.types = words("Object Array String Number Boolean Promise Map Set Date Error JSON Math console");
    js.literals = words("true false null undefined NaN Infinity");
    js.lineComments = slashComments;
    js.blockOpen = QStringLiteral("/*");
    js.blockClose = QStringLiteral("*/");
    js.quotes = QStringLiteral("\"'");
    js.backtickStrings = true;
    specs << js;

    LanguageSpec ts = js;
    ts.name = QStringLiteral("typescript");
    ts.aliases = {QStringLiteral("typescript"), QStringLiteral("ts"), QStringLiteral("tsx")};
    ts.keywords.unite(words(kTsExtra));
    ts.types.unite(words(kTsTypes));
    specs << ts;

    LanguageSpec sh;
    sh.name = QStringLiteral("bash");
    sh.aliases = {QStringLiteral("bash"), QStringLiteral("sh"), QStringLiteral("shell"), QStringLiteral("zsh"),
                  QStringLiteral("console"), QStringLiteral("shellscript")};
    sh.keywords = words(kBashKeywords);
    sh.literals = words("true false");
    sh.lineComments = {QStringLiteral("#")};
    sh.quotes = QStringLiteral("\"'");
    sh.shellVariables = true;
    specs << sh;

    LanguageSpec sql;
    sql.name = QStringLiteral("sql");
    sql.aliases = {QStringLiteral("sql"), QStringLiteral("sqlite"), QStringLiteral("postgresql"),
                   QStringLiteral("postgres"), QStringLiteral("mysql")};
    sql.keywords = words(kSqlKeywords);
    sql.types = words(kSqlTypes);
    sql.literals = words("null true false");
    sql.lineComments = {QStringLiteral("--")};
    sql.blockOpen = QStringLiteral("/*");
    sql.blockClose = QStringLiteral("*/");
    sql.quotes = QStringLiteral("'\"");
    sql.caseInsensitive = true;
    specs << sql;

    LanguageSpec rust;
    rust.name = QStringLiteral("rust");
    rust.aliases = {QStringLiteral("rust"), QStringLiteral("rs")};
    rust.keywords = words(kRustKeywords);
    rust.types = words(kRustTypes);
    rust.literals = words("true false None Some Ok Err");
    rust.lineComments = slashComments;
    rust.blockOpen = QStringLiteral("/*");
    rust.blockClose = QStringLiteral("*/");
    rust.quotes = QStringLiteral("\"");
    rust.rustQuotes = true;
    specs << rust;

    LanguageSpec go;
    go.name = QStringLiteral("go");
    go.aliases = {QStringLiteral("go"), QStringLiteral("golang")};
    go.keywords = words(kGoKeywords);
    go.types = words(kGoTypes);
    go.literals = words("true false nil iota");
    go.lineComments = slashComments;
    go.blockOpen = QStringLiteral("/*");
    go.blockClose = QStringLiteral("*/");
    go.quotes = QStringLiteral("\"'");
    go.backtickStrings = true;
    go.backtickEscapes = false;
    specs << go;

    LanguageSpec java;
    java.name = QStringLiteral("java");
    java.aliases = {QStringLiteral("java"), QStringLiteral("kotlin"), QStringLiteral("kt")};
    java.keywords = words(kJavaKeywords);
    java.types = words(kJavaTypes);
    java.literals = words("true false null");
    java.lineComments = slashComments;
    java.blockOpen = QStringLiteral("/*");
    java.blockClose = QStringLiteral("*/");
    java.quotes = QStringLiteral("\"'");
    specs << java;

    LanguageSpec json;
    json.name = QStringLiteral("json");
    json.aliases = {QStringLiteral("json"), QStringLiteral("jsonl"), QStringLiteral("jsonc"), QStringLiteral("json5")};
    json.mode = Mode::Json;
    json.literals = words("true false null");
    json.quotes = QStringLiteral("\"");
    json.lineComments = slashComments;   // tolerated in jsonc; harmless for plain JSON
    specs << json;

    LanguageSpec md;
    md.name = QStringLiteral("markdown");
    md.aliases = {QStringLiteral("markdown"), QStringLiteral("md")};
    md.mode = Mode::Markdown;
    specs << md;
    return specs;
}

const QList<LanguageSpec>& specs()
{
    static const QList<LanguageSpec> all = buildSpecs();
    return all;
}

const LanguageSpec* findSpec(const QString& language)
{
    static const QHash<QString, int> byAlias = [] {
        QHash<QString, int> map;
        for (int i = 0; i < specs().size(); ++i)
            for (const QString& alias : specs()[i].aliases) map.insert(alias, i);
        return map;
    }();
    const auto it = byAlias.constFind(language.trimmed().toLower());
    return it == byAlias.constEnd() ? nullptr : &specs()[*it];
}

bool isIdentStart(QChar c) { return c.isLetter() || c == QLatin1Char('_'); }
bool isIdentChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }

// Index of the first unescaped `delimiter` at or after `from`, or -1.
qsizetype findClosing(const QString& line, qsizetype from, const QString& delimiter, bool escapes)
{
    for (qsizetype i = from; i < line.size(); ++i) {
        if (escapes && line[i] == QLatin1Char('\\')) { ++i; continue; }
        if (QStringView(line).mid(i).startsWith(delimiter)) return i;
    }
    return -1;
}

class SpanCollector {
public:
    explicit SpanCollector(const BuiltinHighlighter& h) : m_h(h) {}
    void add(qsizetype start, qsizetype length, Token token) { add(start, length, m_h.formatFor(token)); }
    void add(qsizetype start, qsizetype length, const QTextCharFormat& format)
    {
        if (length > 0) m_spans << HighlightSpan{int(start), int(length), format};
    }
    QList<HighlightSpan> take() { return std::move(m_spans); }

private:
    const BuiltinHighlighter& m_h;
    QList<HighlightSpan> m_spans;
};

QList<HighlightSpan> highlightCode(const BuiltinHighlighter& h, const LanguageSpec& spec, const QString& line,
                                   HighlightState& state)
{
    SpanCollector out(h);
    const qsizetype n = line.size();
    qsizetype i = 0;

    // Finish what the previous line left open.
    auto resume = [&](const QString& close, bool escapes, Token token) -> bool {
        const qsizetype end = findClosing(line, 0, close, escapes);
        if (end < 0) {
            out.add(0, n, token);
            return false;
        }
        out.add(0, end + close.size(), token);
        i = end + close.size();
        state.value = Nothing;
        return true;
    };
    switch (state.value) {
    case BlockComment:
        if (!resume(spec.blockClose, false, Token::Comment)) return out.take();
        break;
    case TripleDouble:
        if (!resume(QStringLiteral("\"\"\""), true, Token::String)) return out.take();
        break;
    case TripleSingle:
        if (!resume(QStringLiteral("'''"), true, Token::String)) return out.take();
        break;
    case Backtick:
        if (!resume(QStringLiteral("`"), spec.backtickEscapes, Token::String)) return out.take();
        break;
    default:
        state.value = Nothing;
        break;
    }

    if (spec.hashPreprocessor && i == 0 && line.trimmed().startsWith(QLatin1Char('#'))) {
        const qsizetype comment = line.indexOf(QLatin1String("//"));
        const qsizetype end = comment < 0 ? n : comment;
        const qsizetype firstString = line.indexOf(QLatin1Char('"'));
        if (firstString >= 0 && firstString < end) {
            out.add(0, firstString, Token::Preprocessor);
            out.add(firstString, end - firstString, Token::String);
        } else {
            out.add(0, end, Token::Preprocessor);
        }
        if (comment >= 0) out.add(comment, n - comment, Token::Comment);
        return out.take();
    }

    while (i < n) {
        const QChar c = line[i];
        const QStringView rest = QStringView(line).mid(i);

        bool lineComment = false;
        for (const QString& marker : spec.lineComments) {
            if (!rest.startsWith(marker)) continue;
            // In shells "#" starts a comment only at the start of a word ("$#", "a#b" are not).
            if (spec.shellVariables && i > 0 && !line[i - 1].isSpace()) continue;
            lineComment = true;
        }
        if (lineComment) {
            out.add(i, n - i, Token::Comment);
            break;
        }
        if (!spec.blockOpen.isEmpty() && rest.startsWith(spec.blockOpen)) {
            const qsizetype end = findClosing(line, i + spec.blockOpen.size(), spec.blockClose, false);
            if (end < 0) {
                out.add(i, n - i, Token::Comment);
                state.value = BlockComment;
                break;
            }
            out.add(i, end + spec.blockClose.size() - i, Token::Comment);
            i = end + spec.blockClose.size();
            continue;
        }
        if (spec.tripleQuotes && (rest.startsWith(u"\"\"\"") || rest.startsWith(u"'''"))) {
            const QString delimiter = rest.left(3).toString();
            const qsizetype end = findClosing(line, i + 3, delimiter, true);
            if (end < 0) {
                out.add(i, n - i, Token::String);
                state.value = c == QLatin1Char('"') ? TripleDouble : TripleSingle;
                break;
            }
            out.add(i, end + 3 - i, Token::String);
            i = end + 3;
            continue;
        }
        if (spec.backtickStrings && c == QLatin1Char('`')) {
            const qsizetype end = findClosing(line, i + 1, QStringLiteral("`"), spec.backtickEscapes);
            if (end < 0) {
                out.add(i, n - i, Token::String);
                state.value = Backtick;
                break;
            }
            out.add(i, end + 1 - i, Token::String);
            i = end + 1;
            continue;
        }
        if (spec.rustQuotes && c == QLatin1Char('\'')) {
            // 'a' or '\n' is a char; 'a without a closing quote is a lifetime.
            const qsizetype end = findClosing(line, i + 1, QStringLiteral("'"), true);
            if (end > i && end - i <= 4 + (line.mid(i + 1, 1) == QLatin1String("\\") ? 6 : 0)) {
                out.add(i, end + 1 - i, Token::String);
                i = end + 1;
            } else {
                qsizetype j = i + 1;
                while (j < n && isIdentChar(line[j])) ++j;
                out.add(i, j - i, Token::Type);
                i = j;
            }
            continue;
        }
        if (spec.quotes.contains(c)) {
            const qsizetype end = findClosing(line, i + 1, QString(c), true);
            const qsizetype stop = end < 0 ? n : end + 1;
            Token token = Token::String;
            if (spec.mode == Mode::Json) {
                qsizetype k = stop;
                while (k < n && line[k].isSpace()) ++k;
                if (k < n && line[k] == QLatin1Char(':')) token = Token::Key;
            }
            out.add(i, stop - i, token);
            i = stop;
            continue;
        }
        if (spec.shellVariables && c == QLatin1Char('$') && i + 1 < n) {
            qsizetype j = i + 1;
            if (line[j] == QLatin1Char('{')) {
                const qsizetype close = line.indexOf(QLatin1Char('}'), j);
                j = close < 0 ? n : close + 1;
            } else if (isIdentChar(line[j])) {
                while (j < n && isIdentChar(line[j])) ++j;
            } else {
                ++j;   // $?, $#, $1…
            }
            out.add(i, j - i, Token::Variable);
            i = j;
            continue;
        }
        const bool numberStart = c.isDigit()
            || ((c == QLatin1Char('.') || c == QLatin1Char('-')) && i + 1 < n && line[i + 1].isDigit()
                && (c == QLatin1Char('.') || spec.mode == Mode::Json));
        if (numberStart && (i == 0 || !isIdentChar(line[i - 1]))) {
            qsizetype j = i + 1;
            while (j < n) {
                const QChar d = line[j];
                const bool exponentSign = (d == QLatin1Char('+') || d == QLatin1Char('-'))
                    && (line[j - 1] == QLatin1Char('e') || line[j - 1] == QLatin1Char('E'))
                    && !line.mid(i, 2).startsWith(QLatin1String("0x"), Qt::CaseInsensitive);
                if (!(isIdentChar(d) || d == QLatin1Char('.') || exponentSign))
                    break;
                ++j;
            }
            out.add(i, j - i, Token::Number);
            i = j;
            continue;
        }
        if (isIdentStart(c) || (c == QLatin1Char('@') && i + 1 < n && isIdentStart(line[i + 1]))) {
            qsizetype j = i + 1;
            while (j < n && isIdentChar(line[j])) ++j;
            if (spec.rustQuotes && j < n && line[j] == QLatin1Char('!')) ++j;   // println!
            const QString word = line.mid(i, j - i);
            const QString key = spec.caseInsensitive ? word.toLower() : word;
            Token token = Token::Keyword;
            bool known = true;
            if (c == QLatin1Char('@')) token = Token::Preprocessor;   // decorators, annotations
            else if (spec.keywords.contains(key)) token = Token::Keyword;
            else if (spec.types.contains(key)) token = Token::Type;
            else if (spec.literals.contains(key)) token = Token::Literal;
            else known = false;
            if (!known) {
                qsizetype k = j;
                while (k < n && line[k] == QLatin1Char(' ')) ++k;
                if (k < n && line[k] == QLatin1Char('(') && spec.mode == Mode::Code) {
                    token = Token::Function;
                    known = true;
                } else if (word.endsWith(QLatin1Char('!'))) {
                    token = Token::Function;
                    known = true;
                }
            }
            if (known) out.add(i, j - i, token);
            i = j;
            continue;
        }
        ++i;
    }
    return out.take();
}

QList<HighlightSpan> highlightMarkdown(const BuiltinHighlighter& h, const QString& line, HighlightState& state)
{
    SpanCollector out(h);
    static const QRegularExpression fenceRe(QStringLiteral("^\\s*(```|~~~)"));
    if (state.value == MarkdownFence) {
        out.add(0, line.size(), Token::Code);
        if (fenceRe.match(line).hasMatch()) state.value = Nothing;
        return out.take();
    }
    if (fenceRe.match(line).hasMatch()) {
        out.add(0, line.size(), Token::Code);
        state.value = MarkdownFence;
        return out.take();
    }
    static const QRegularExpression headingRe(QStringLiteral("^\\s{0,3}#{1,6}(\\s|$)"));
    if (headingRe.match(line).hasMatch()) {
        out.add(0, line.size(), Token::Heading);
        return out.take();
    }
    static const QRegularExpression quoteRe(QStringLiteral("^\\s{0,3}>"));
    if (quoteRe.match(line).hasMatch()) {
        out.add(0, line.size(), Token::Comment);
        return out.take();
    }
    static const QRegularExpression listRe(QStringLiteral("^\\s*([-*+]|\\d+[.)])\\s"));
    if (const auto m = listRe.match(line); m.hasMatch()) out.add(m.capturedStart(1), m.capturedLength(1), Token::Keyword);

    static const QRegularExpression inlineRe(QStringLiteral(
        "(`[^`]+`)|(\\*\\*[^*]+\\*\\*|__[^_]+__)|(\\*[^*\\s][^*]*\\*|_[^_\\s][^_]*_)|(!?\\[[^\\]]*\\]\\([^)]*\\))"));
    for (auto it = inlineRe.globalMatch(line); it.hasNext();) {
        const auto m = it.next();
        const Token token = m.capturedLength(1) ? Token::Code
                            : m.capturedLength(4) ? Token::Link
                                                  : Token::Emphasis;
        QTextCharFormat format = h.formatFor(token);
        if (m.capturedLength(2)) format.setFontWeight(QFont::Bold);
        out.add(m.capturedStart(), m.capturedLength(), format);
    }
    return out.take();
}

// Drives a BuiltinHighlighter for an editable document.
class DocumentHighlighter : public QSyntaxHighlighter {
public:
    DocumentHighlighter(QTextDocument* document, const BuiltinHighlighter& highlighter, QString language)
        : QSyntaxHighlighter(document)
        , m_highlighter(highlighter.theme())
        , m_language(std::move(language))
    {
    }

protected:
    void highlightBlock(const QString& text) override
    {
        HighlightState state{std::max(0, previousBlockState())};
        for (const HighlightSpan& span : m_highlighter.highlightLine(text, m_language, state))
            setFormat(span.start, span.length, span.format);
        setCurrentBlockState(state.value);
    }

private:
    BuiltinHighlighter m_highlighter;   // a copy: the document may outlive the creator
    QString m_language;
};

} // namespace

BuiltinHighlighter::BuiltinHighlighter(HighlightTheme theme)
    : m_theme(theme)
{
    const bool dark = theme == HighlightTheme::Dark;
    auto set = [&](Token token, const char* light, const char* darkColor, bool bold = false, bool italic = false) {
        QTextCharFormat format;
        format.setForeground(QColor(QLatin1String(dark ? darkColor : light)));
        if (bold) format.setFontWeight(QFont::Bold);
        if (italic) format.setFontItalic(true);
        m_formats[int(token) - 1] = format;
    };
    set(Token::Keyword, "#7c3aed", "#c792ea", true);
    set(Token::Type, "#0e7490", "#7fdbca");
    set(Token::Literal, "#b45309", "#f78c6c");
    set(Token::String, "#15803d", "#c3e88d");
    set(Token::Comment, "#6b7280", "#7f848e", false, true);
    set(Token::Number, "#a16207", "#ffd580");
    set(Token::Function, "#1d4ed8", "#82aaff");
    set(Token::Preprocessor, "#9d174d", "#ff9cac");
    set(Token::Key, "#0369a1", "#89ddff");
    set(Token::Variable, "#c2410c", "#ffcb6b");
    set(Token::Heading, "#1d4ed8", "#82aaff", true);
    set(Token::Emphasis, "#374151", "#d0d0d0", false, true);
    set(Token::Code, "#be185d", "#f07178");
    set(Token::Link, "#2563eb", "#82aaff");
    m_formats[int(Token::Link) - 1].setFontUnderline(true);
}

QTextCharFormat BuiltinHighlighter::formatFor(Token token) const
{
    return m_formats[int(token) - 1];
}

QString BuiltinHighlighter::canonicalLanguage(const QString& language)
{
    const LanguageSpec* spec = findSpec(language);
    return spec ? spec->name : QString();
}

bool BuiltinHighlighter::supportsLanguage(const QString& language) const
{
    return findSpec(language) != nullptr;
}

QList<HighlightSpan> BuiltinHighlighter::highlightLine(const QString& line, const QString& language,
                                                       HighlightState& state) const
{
    const LanguageSpec* spec = findSpec(language);
    if (!spec) {
        state = HighlightState();
        return {};
    }
    if (spec->mode == Mode::Markdown) return highlightMarkdown(*this, line, state);
    return highlightCode(*this, *spec, line, state);
}

QSyntaxHighlighter* BuiltinHighlighter::attachTo(QTextDocument* document, const QString& language) const
{
    return new DocumentHighlighter(document, *this, language);
}

std::unique_ptr<SyntaxHighlighter> createSyntaxHighlighter(HighlightTheme theme)
{
    return std::make_unique<BuiltinHighlighter>(theme);
}

} // namespace triad::widgets
