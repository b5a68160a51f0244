// BuiltinHighlighter: keywords, types, literals, strings, comments and numbers per language,
// constructs spanning lines, JSON keys, Markdown, aliases, and the editor adapter.
#include <QSyntaxHighlighter>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

#ifndef TRIAD_HAVE_KF6_SYNTAX
#include "widgets/highlight/BuiltinHighlighter.h"

using triad::widgets::BuiltinHighlighter;
using triad::widgets::HighlightSpan;
using triad::widgets::HighlightState;
using triad::widgets::HighlightTheme;
using Token = BuiltinHighlighter::Token;

Q_DECLARE_METATYPE(BuiltinHighlighter::Token)

namespace {

const char* tokenName(Token token)
{
    switch (token) {
    case Token::Keyword: return "Keyword";
    case Token::Type: return "Type";
    case Token::Literal: return "Literal";
    case Token::String: return "String";
    case Token::Comment: return "Comment";
    case Token::Number: return "Number";
    case Token::Function: return "Function";
    case Token::Preprocessor: return "Preprocessor";
    case Token::Key: return "Key";
    case Token::Variable: return "Variable";
    case Token::Heading: return "Heading";
    case Token::Emphasis: return "Emphasis";
    case Token::Code: return "Code";
    case Token::Link: return "Link";
    }
    return "?";
}

// Which token's colour a span exactly covering `text` has ("" when no span covers it exactly).
QString tokenOf(const BuiltinHighlighter& h, const QList<HighlightSpan>& spans, const QString& line, const QString& text)
{
    const qsizetype at = line.indexOf(text);
    if (at < 0) return QStringLiteral("<text not in line>");
    for (const HighlightSpan& span : spans) {
        if (span.start != at || span.length != text.size()) continue;
        for (int t = 1; t <= BuiltinHighlighter::kTokenCount; ++t)
            if (h.formatFor(Token(t)).foreground() == span.format.foreground()
                && h.formatFor(Token(t)).fontWeight() == span.format.fontWeight())
                return QString::fromLatin1(tokenName(Token(t)));
        return QStringLiteral("<unknown format>");
    }
    return QString();
}

} // namespace

class TestBuiltinHighlighter : public QObject {
    Q_OBJECT
private slots:
    void tokens_data();
    void tokens();
    void plainIdentifiersStayUncoloured();
    void multiLineConstructs_data();
    void multiLineConstructs();
    void aliases_data();
    void aliases();
    void unknownLanguageHasNoSpans();
    void darkThemeDiffers();
    void insertKeepsText();
    void attachesToEditableDocument();
};

void TestBuiltinHighlighter::tokens_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("text");
    QTest::addColumn<Token>("token");
    auto row = [](const char* name, const char* lang, const QString& line, const QString& text, Token token) {
        QTest::newRow(name) << QString::fromLatin1(lang) << line << text << token;
    };
    const QString py = QStringLiteral("def parse(x: str) -> None:  # note");
    row("py keyword", "python", py, QStringLiteral("def"), Token::Keyword);
    row("py function", "python", py, QStringLiteral("parse"), Token::Function);
    row("py type", "python", py, QStringLiteral("str"), Token::Type);
    row("py literal", "python", py, QStringLiteral("None"), Token::Literal);
    row("py comment", "python", py, QStringLiteral("# note"), Token::Comment);
    const QString pyStr = QStringLiteral("x = 'it\\'s' + \"b#c\" + 0x1F + 1.5e-3");
    row("py escaped string", "python", pyStr, QStringLiteral("'it\\'s'"), Token::String);
    row("py hash inside string", "python", pyStr, QStringLiteral("\"b#c\""), Token::String);
    row("py hex", "python", pyStr, QStringLiteral("0x1F"), Token::Number);
    row("py exponent", "python", pyStr, QStringLiteral("1.5e-3"), Token::Number);
    row("py decorator", "python", QStringLiteral("@dataclass"), QStringLiteral("@dataclass"), Token::Preprocessor);

    const QString cpp = QStringLiteral("int main() { return nullptr == 0; } // done");
    row("cpp type", "cpp", cpp, QStringLiteral("int"), Token::Type);
    row("cpp keyword", "c++", cpp, QStringLiteral("return"), Token::Keyword);
    row("cpp literal", "cpp", cpp, QStringLiteral("nullptr"), Token::Literal);
    row("cpp number", "cpp", cpp, QStringLiteral("0"), Token::Number);
    row("cpp comment", "cpp", cpp, QStringLiteral("// done"), Token::Comment);
    row("cpp include", "cpp", QStringLiteral("#include <vector>"), QStringLiteral("#include <vector>"), Token::Preprocessor);
    row("c string", "c", QStringLiteral("printf(\"%d\\n\", n);"), QStringLiteral("\"%d\\n\""), Token::String);

    const QString js = QStringLiteral("const s = `hi ${name}`; let n = null;");
    row("js keyword", "js", js, QStringLiteral("const"), Token::Keyword);
    row("js template", "javascript", js, QStringLiteral("`hi ${name}`"), Token::String);
    row("js literal", "js", js, QStringLiteral("null"), Token::Literal);
    row("ts interface", "ts", QStringLiteral("interface A { b: string }"), QStringLiteral("interface"), Token::Keyword);
    row("ts type", "typescript", QStringLiteral("interface A { b: string }"), QStringLiteral("string"), Token::Type);

    const QString sh = QStringLiteral("echo \"$HOME\" ${PATH} $1 # comment");
    row("bash builtin", "bash", sh, QStringLiteral("echo"), Token::Keyword);
    row("bash variable", "sh", sh, QStringLiteral("${PATH}"), Token::Variable);
    row("bash positional", "bash", sh, QStringLiteral("$1"), Token::Variable);
    row("bash comment", "bash", sh, QStringLiteral("# comment"), Token::Comment);

    const QString sql = QStringLiteral("SELECT id, name FROM users WHERE name = 'a' LIMIT 10; -- first");
    row("sql upper keyword", "sql", sql, QStringLiteral("SELECT"), Token::Keyword);
    row("sql string", "sql", sql, QStringLiteral("'a'"), Token::String);
    row("sql number", "sql", sql, QStringLiteral("10"), Token::Number);
    row("sql comment", "sql", sql, QStringLiteral("-- first"), Token::Comment);
    row("sql lower keyword", "sql", QStringLiteral("select * from t"), QStringLiteral("from"), Token::Keyword);

    const QString rust = QStringLiteral("fn longest<'a>(x: &'a str) -> Option<i32> { println!(\"{}\", 'c'); }");
    row("rust keyword", "rust", rust, QStringLiteral("fn"), Token::Keyword);
    row("rust lifetime", "rs", rust, QStringLiteral("'a"), Token::Type);
    row("rust macro", "rust", rust, QStringLiteral("println!"), Token::Function);
    row("rust char", "rust", rust, QStringLiteral("'c'"), Token::String);
    row("rust type", "rust", rust, QStringLiteral("i32"), Token::Type);

    const QString go = QStringLiteral("func main() { s := `raw\\n`; var e error = nil }");
    row("go keyword", "go", go, QStringLiteral("func"), Token::Keyword);
    row("go raw string", "golang", go, QStringLiteral("`raw\\n`"), Token::String);
    row("go type", "go", go, QStringLiteral("error"), Token::Type);
    row("go literal", "go", go, QStringLiteral("nil"), Token::Literal);

    const QString java = QStringLiteral("public static void main(String[] args) { return; }");
    row("java keyword", "java", java, QStringLiteral("public"), Token::Keyword);
    row("java type", "java", java, QStringLiteral("String"), Token::Type);

    const QString json = QStringLiteral("{\"invoice\": 4411, \"total\": -1240.5e0, \"paid\": false, \"note\": \"a: b\"}");
    row("json key", "json", json, QStringLiteral("\"invoice\""), Token::Key);
    row("json number", "json", json, QStringLiteral("4411"), Token::Number);
    row("json negative", "json", json, QStringLiteral("-1240.5e0"), Token::Number);
    row("json literal", "json", json, QStringLiteral("false"), Token::Literal);
    row("json string value", "json", json, QStringLiteral("\"a: b\""), Token::String);

    row("md heading", "markdown", QStringLiteral("## Results"), QStringLiteral("## Results"), Token::Heading);
    row("md code", "md", QStringLiteral("Use `json.loads` here"), QStringLiteral("`json.loads`"), Token::Code);
    row("md link", "md", QStringLiteral("See [docs](https://x.org)."), QStringLiteral("[docs](https://x.org)"), Token::Link);
    row("md list marker", "md", QStringLiteral("- item"), QStringLiteral("-"), Token::Keyword);
    row("md quote", "md", QStringLiteral("> quoted"), QStringLiteral("> quoted"), Token::Comment);
}

void TestBuiltinHighlighter::tokens()
{
    QFETCH(QString, language);
    QFETCH(QString, line);
    QFETCH(QString, text);
    QFETCH(Token, token);
    BuiltinHighlighter h(HighlightTheme::Light);
    HighlightState state;
    const QList<HighlightSpan> spans = h.highlightLine(line, language, state);
    const QString got = tokenOf(h, spans, line, text);
    QVERIFY2(got == QLatin1String(tokenName(token)),
             qPrintable(QStringLiteral("%1: expected “%2” as %3, got %4").arg(language, text,
                        QLatin1String(tokenName(token)), got.isEmpty() ? QStringLiteral("no exact span") : got)));
    QCOMPARE(state.value, 0);
}

void TestBuiltinHighlighter::plainIdentifiersStayUncoloured()
{
    BuiltinHighlighter h(HighlightTheme::Light);
    HighlightState state;
    const QString line = QStringLiteral("result = total + offset");
    const auto spans = h.highlightLine(line, QStringLiteral("python"), state);
    QVERIFY2(spans.isEmpty(), qPrintable(QStringLiteral("expected no spans, got %1").arg(spans.size())));
}

void TestBuiltinHighlighter::multiLineConstructs_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("lastLineText");   ///< on the last line: this text...
    QTest::addColumn<QString>("lastLineToken");  ///< ...has this token
    QTest::newRow("c block comment") << QStringLiteral("cpp")
                                     << QStringList{QStringLiteral("int a; /* starts"), QStringLiteral("still comment"),
                                                    QStringLiteral("ends */ return 1;")}
                                     << QStringLiteral("ends */") << QStringLiteral("Comment");
    QTest::newRow("code after comment") << QStringLiteral("cpp")
                                        << QStringList{QStringLiteral("/*"), QStringLiteral("*/ return 1;")}
                                        << QStringLiteral("return") << QStringLiteral("Keyword");
    QTest::newRow("python docstring") << QStringLiteral("python")
                                      << QStringList{QStringLiteral("s = \"\"\"first"), QStringLiteral("def not_code"),
                                                     QStringLiteral("end\"\"\" + 1")}
                                      << QStringLiteral("end\"\"\"") << QStringLiteral("String");
    QTest::newRow("js template literal") << QStringLiteral("js")
                                         << QStringList{QStringLiteral("const t = `line one"), QStringLiteral("two` ; if")}
                                         << QStringLiteral("two`") << QStringLiteral("String");
    QTest::newRow("markdown fence") << QStringLiteral("markdown")
                                    << QStringList{QStringLiteral("```py"), QStringLiteral("# not a heading")}
                                    << QStringLiteral("# not a heading") << QStringLiteral("Code");
}

void TestBuiltinHighlighter::multiLineConstructs()
{
    QFETCH(QString, language);
    QFETCH(QStringList, lines);
    QFETCH(QString, lastLineText);
    QFETCH(QString, lastLineToken);
    BuiltinHighlighter h(HighlightTheme::Light);
    HighlightState state;
    QList<HighlightSpan> spans;
    for (int i = 0; i < lines.size(); ++i) {
        spans = h.highlightLine(lines[i], language, state);
        if (i + 1 < lines.size()) QVERIFY2(state.value != 0, qPrintable(QStringLiteral("line %1 should leave a construct open").arg(i + 1)));
    }
    QCOMPARE(tokenOf(h, spans, lines.last(), lastLineText), lastLineToken);
}

void TestBuiltinHighlighter::aliases_data()
{
    QTest::addColumn<QString>("alias");
    QTest::addColumn<QString>("canonical");
    const QList<QPair<const char*, const char*>> pairs{
        {"py", "python"},   {"Python3", "python"}, {"c++", "cpp"},    {"hpp", "cpp"},   {"h", "c"},
        {"js", "javascript"}, {"tsx", "typescript"}, {"sh", "bash"}, {"zsh", "bash"}, {"postgres", "sql"},
        {"rs", "rust"},     {"golang", "go"},       {"java", "java"}, {"jsonl", "json"}, {"md", "markdown"}};
    for (const auto& [alias, canonical] : pairs) QTest::newRow(alias) << QString::fromLatin1(alias) << QString::fromLatin1(canonical);
}

void TestBuiltinHighlighter::aliases()
{
    QFETCH(QString, alias);
    QFETCH(QString, canonical);
    BuiltinHighlighter h(HighlightTheme::Light);
    QVERIFY(h.supportsLanguage(alias));
    QCOMPARE(BuiltinHighlighter::canonicalLanguage(alias), canonical);
}

void TestBuiltinHighlighter::unknownLanguageHasNoSpans()
{
    BuiltinHighlighter h(HighlightTheme::Light);
    QVERIFY(!h.supportsLanguage(QStringLiteral("brainfuck")));
    QVERIFY(!h.supportsLanguage(QString()));
    HighlightState state{3};
    QVERIFY(h.highlightLine(QStringLiteral("if x: return 1"), QStringLiteral("brainfuck"), state).isEmpty());
    QCOMPARE(state.value, 0);
}

void TestBuiltinHighlighter::darkThemeDiffers()
{
    BuiltinHighlighter light(HighlightTheme::Light);
    BuiltinHighlighter dark(HighlightTheme::Dark);
    for (int t = 1; t <= BuiltinHighlighter::kTokenCount; ++t)
        QVERIFY2(light.formatFor(Token(t)).foreground() != dark.formatFor(Token(t)).foreground(), tokenName(Token(t)));
    QCOMPARE(dark.theme(), HighlightTheme::Dark);
}

void TestBuiltinHighlighter::insertKeepsText()
{
    BuiltinHighlighter h(HighlightTheme::Light);
    QTextDocument doc;
    QTextCursor cursor(&doc);
    HighlightState state;
    const QString line = QStringLiteral("for (int i = 0; i < n; ++i) { /* c */ s += \"x\"; }");
    h.insertHighlightedLine(cursor, line, QStringLiteral("cpp"), state, QTextCharFormat());
    QCOMPARE(doc.toPlainText(), line);
    int fragments = 0;
    for (auto it = doc.firstBlock().begin(); !it.atEnd(); ++it) ++fragments;
    QVERIFY2(fragments >= 5, qPrintable(QStringLiteral("expected several coloured fragments, got %1").arg(fragments)));
}

void TestBuiltinHighlighter::attachesToEditableDocument()
{
    BuiltinHighlighter h(HighlightTheme::Light);
    QTextDocument doc;
    doc.setPlainText(QStringLiteral("{\n  \"a\": 1,\n  \"b\": \"text\"\n}"));
    QSyntaxHighlighter* adapter = h.attachTo(&doc, QStringLiteral("json"));
    QVERIFY(adapter);
    QCOMPARE(adapter->document(), &doc);
    adapter->rehighlight();
    const QTextBlock second = doc.findBlockByNumber(1);
    const QList<QTextLayout::FormatRange> formats = second.layout()->formats();
    QVERIFY2(!formats.isEmpty(), "expected formats on the line with a key");
    bool keyColoured = false;
    for (const auto& range : formats)
        if (second.text().mid(range.start, range.length) == QLatin1String("\"a\""))
            keyColoured = range.format.foreground() == h.formatFor(Token::Key).foreground();
    QVERIFY(keyColoured);
}

#else
// Built with KSyntaxHighlighting: the built-in highlighter is not compiled in.
class TestBuiltinHighlighter : public QObject {
    Q_OBJECT
private slots:
    void skipped() { QSKIP("this build uses KSyntaxHighlighting instead of the built-in highlighter"); }
};
#endif

QTEST_MAIN(TestBuiltinHighlighter)
#include "tst_builtin_highlighter.moc"
