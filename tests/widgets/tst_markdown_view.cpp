// MarkdownView: streamed rendering equals a full render, whatever the split; the source is
// kept exactly; finished blocks are not redrawn; code is highlighted; scrolling follows.
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QMimeData>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

#include "widgets/markdown/MarkdownView.h"

#ifdef Q_OS_LINUX
#include <ctime>
#endif

using triad::widgets::MarkdownView;

namespace {

// Raw string literals confuse moc, so the sample is spelled line by line.
const char* const kSampleAnswer =
    "# Extracting the fields\n"
    "\n"
    "Here is how to do it in **Python** with `json`, step by *step*:\n"
    "\n"
    "1. Read the invoice text.\n"
    "2. Call the model with a _strict_ schema.\n"
    "   Continue the item on a second line.\n"
    "3. Validate the result:\n"
    "   - `invoice` is an integer\n"
    "   - `due` is a date\n"
    "\n"
    "```python\n"
    "import json\n"
    "\n"
    "def parse(text: str) -> dict:\n"
    "    \"\"\"Parse the model's answer.\"\"\"\n"
    "    data = json.loads(text)  # may raise\n"
    "    return {\"invoice\": int(data[\"invoice\"]), \"total\": 1240.50}\n"
    "```\n"
    "\n"
    "| Field | Type | Example |\n"
    "|:------|:----:|--------:|\n"
    "| invoice | int | 4411 |\n"
    "| due | date | 2026-12-01 |\n"
    "\n"
    "> Note: totals use a **decimal** comma in some locales.\n"
    "\n"
    "---\n"
    "\n"
    "See [the docs](https://example.org/docs) or https://example.org/faq.\n"
    "~~~bash\n"
    "curl -s \"$BASE_URL/v1/models\" | jq '.data[].id'\n"
    "~~~\n"
    "Trailing paragraph without a final newline";

QStringList splitEvery(const QString& text, int size)
{
    QStringList parts;
    for (qsizetype i = 0; i < text.size(); i += size) parts << text.mid(i, size);
    return parts;
}

QStringList splitRandomly(const QString& text, quint32 seed)
{
    QRandomGenerator rng(seed);
    QStringList parts;
    qsizetype i = 0;
    while (i < text.size()) {
        const int size = 1 + int(rng.bounded(12));
        parts << text.mid(i, size);
        i += size;
    }
    return parts;
}

// Splits right inside every fence marker ("``" | "`python\n"), the hardest place.
QStringList splitInsideFences(const QString& text)
{
    QStringList parts;
    qsizetype from = 0;
    for (qsizetype at = text.indexOf(QLatin1String("```")); at >= 0; at = text.indexOf(QLatin1String("```"), at + 3)) {
        parts << text.mid(from, at + 2 - from);
        from = at + 2;
    }
    parts << text.mid(from);
    return parts;
}

// CPU time of this thread: on a busy machine wall time mostly measures other processes.
double threadCpuMs()
{
#ifdef Q_OS_LINUX
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
#else
    return 0.0;
#endif
}

} // namespace

class TestMarkdownView : public QObject {
    Q_OBJECT
private slots:
    void incrementalEqualsFullRender_data();
    void incrementalEqualsFullRender();
    void plainTextRoundTrip_data();
    void plainTextRoundTrip();
    void rendersStructure();
    void highlightsCodeByLanguage();
    void unclosedFenceStaysCode();
    void finishedBlocksAreNotRedrawn();
    void copyKeepsOriginalMarkdown();
    void scrollFollowsEndUntilScrolledUp();
    void clearResets();
    void sixViewsStreamingSmoke();
};

void TestMarkdownView::incrementalEqualsFullRender_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QStringList>("deltas");
    const QString sample = QString::fromUtf8(kSampleAnswer);
    QTest::newRow("one delta") << sample << QStringList{sample};
    QTest::newRow("per character") << sample << splitEvery(sample, 1);
    QTest::newRow("3 characters") << sample << splitEvery(sample, 3);
    QTest::newRow("random seed 1") << sample << splitRandomly(sample, 1);
    QTest::newRow("random seed 42") << sample << splitRandomly(sample, 42);
    QTest::newRow("inside fences") << sample << splitInsideFences(sample);
    const QString withNewline = sample + QLatin1Char('\n');
    QTest::newRow("ends with newline") << withNewline << splitRandomly(withNewline, 7);
    const QString crlf = QString(sample).replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    QTest::newRow("CRLF line ends") << crlf << splitRandomly(crlf, 3);
    const QString tableLast = QStringLiteral("a | b\n--|--\n1 | 2\n3 | 4");
    QTest::newRow("table at the end") << tableLast << splitEvery(tableLast, 2);
    const QString unclosed = QStringLiteral("Text\n```cpp\nint main() {\n  /* open comment\n  still open");
    QTest::newRow("unclosed fence") << unclosed << splitEvery(unclosed, 4);
    const QString setext = QStringLiteral("Title\n=====\nBody *text*\n\n- a\n- b\n\n  more of b\n\nend");
    QTest::newRow("setext and loose list") << setext << splitEvery(setext, 1);
}

void TestMarkdownView::incrementalEqualsFullRender()
{
    QFETCH(QString, markdown);
    QFETCH(QStringList, deltas);
    QCOMPARE(deltas.join(QString()), markdown);   // the split itself must be lossless

    MarkdownView streamed;
    for (const QString& delta : deltas) streamed.appendDelta(delta);

    MarkdownView full;
    full.setMarkdown(markdown);
    QCOMPARE(streamed.renderedText(), full.renderedText());
    const QString streamedHtml = streamed.document()->toHtml();
    const QString fullHtml = full.document()->toHtml();
    if (streamedHtml != fullHtml) {
        // Show where they part, not two pages of HTML.
        qsizetype at = 0;
        while (at < streamedHtml.size() && at < fullHtml.size() && streamedHtml[at] == fullHtml[at]) ++at;
        QFAIL(qPrintable(QStringLiteral("streamed and full render differ at HTML offset %1:\n streamed: …%2\n full:     …%3")
                             .arg(at)
                             .arg(streamedHtml.mid(std::max<qsizetype>(0, at - 60), 160),
                                  fullHtml.mid(std::max<qsizetype>(0, at - 60), 160))));
    }
}

void TestMarkdownView::plainTextRoundTrip_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::newRow("sample") << QString::fromUtf8(kSampleAnswer);
    QTest::newRow("empty") << QString();
    QTest::newRow("only newlines") << QStringLiteral("\n\n\n");
    QTest::newRow("unicode") << QStringLiteral("Grüße 👋 — 日本語\n\n```\n😀\n```");
    QTest::newRow("CRLF") << QStringLiteral("a\r\n\r\nb\r\n");
}

void TestMarkdownView::plainTextRoundTrip()
{
    QFETCH(QString, markdown);
    MarkdownView view;
    view.setMarkdown(markdown);
    QCOMPARE(view.plainText(), markdown);

    MarkdownView streamed;
    for (const QString& part : splitRandomly(markdown, 5)) streamed.appendDelta(part);
    QCOMPARE(streamed.plainText(), markdown);
    QCOMPARE(streamed.isEmpty(), markdown.isEmpty());
}

void TestMarkdownView::rendersStructure()
{
    MarkdownView view;
    view.setMarkdown(QString::fromUtf8(kSampleAnswer));
    QTextDocument* doc = view.document();

    const QTextBlock first = doc->firstBlock();
    QCOMPARE(first.text(), QStringLiteral("Extracting the fields"));
    QCOMPARE(first.blockFormat().headingLevel(), 1);

    const QString rendered = view.renderedText();
    QVERIFY2(!rendered.contains(QLatin1String("**")), qPrintable(rendered));
    QVERIFY2(rendered.contains(QLatin1String("1. Read the invoice text.")), qPrintable(rendered));
    QVERIFY2(rendered.contains(QStringLiteral("\u2022 ")) || rendered.contains(QStringLiteral("\u25e6 ")),
             "expected bullet markers for the nested list");

    // Emphasis and code spans become formats, not characters.
    bool sawBold = false, sawItalic = false, sawLink = false, sawCodeSpan = false;
    int tables = 0;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            if (fragment.text() == QLatin1String("Python")) sawBold = format.fontWeight() == QFont::Bold;
            if (fragment.text() == QLatin1String("step")) sawItalic = format.fontItalic();
            if (fragment.text() == QLatin1String("the docs"))
                sawLink = format.isAnchor() && format.anchorHref() == QLatin1String("https://example.org/docs");
            if (fragment.text() == QLatin1String("json")) sawCodeSpan = format.fontFixedPitch();
        }
    }
    for (QTextFrame* frame : doc->rootFrame()->childFrames())
        if (auto* table = qobject_cast<QTextTable*>(frame)) {
            ++tables;
            QCOMPARE(table->rows(), 3);
            QCOMPARE(table->columns(), 3);
            QCOMPARE(table->cellAt(1, 2).firstCursorPosition().block().text(), QStringLiteral("4411"));
            QCOMPARE(table->cellAt(1, 2).firstCursorPosition().blockFormat().alignment() & Qt::AlignHorizontal_Mask,
                     Qt::AlignRight);
        }
    QVERIFY2(sawBold, "expected **Python** in bold");
    QVERIFY2(sawItalic, "expected *step* in italic");
    QVERIFY2(sawLink, "expected [the docs](…) as an anchor to https://example.org/docs");
    QVERIFY2(sawCodeSpan, "expected `json` in a fixed-pitch font");
    QCOMPARE(tables, 1);
}

void TestMarkdownView::highlightsCodeByLanguage()
{
    MarkdownView view;
    view.setMarkdown(QStringLiteral("```python\ndef parse(x):  # note\n    return \"s\"\n```\n"));
    QTextDocument* doc = view.document();
    QTextBlock defLine;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        if (b.text().startsWith(QLatin1String("def "))) defLine = b;
    QVERIFY2(defLine.isValid(), qPrintable(view.renderedText()));

    QHash<QString, QTextCharFormat> formats;
    for (auto it = defLine.begin(); !it.atEnd(); ++it) formats.insert(it.fragment().text(), it.fragment().charFormat());
    QVERIFY2(formats.contains(QStringLiteral("def")), qPrintable(QStringList(formats.keys()).join(u'|')));
    QVERIFY2(formats.contains(QStringLiteral("# note")), qPrintable(QStringList(formats.keys()).join(u'|')));
    const QColor keyword = formats.value(QStringLiteral("def")).foreground().color();
    const QColor comment = formats.value(QStringLiteral("# note")).foreground().color();
    QVERIFY2(keyword != comment, "keyword and comment should differ in colour");
    QVERIFY(formats.value(QStringLiteral("def")).fontFixedPitch());
    QVERIFY(defLine.blockFormat().background().style() != Qt::NoBrush);
}

void TestMarkdownView::unclosedFenceStaysCode()
{
    MarkdownView view;
    view.appendDelta(QStringLiteral("```js\nconst a = 1;\n"));
    view.appendDelta(QStringLiteral("// not finished"));
    const QTextBlock last = view.document()->lastBlock();
    QCOMPARE(last.text(), QStringLiteral("// not finished"));
    QVERIFY(last.begin().fragment().charFormat().fontFixedPitch());
    QVERIFY(last.begin().fragment().charFormat().fontItalic());   // a comment
    view.appendDelta(QStringLiteral("\n```\nafter"));
    QCOMPARE(view.document()->lastBlock().text(), QStringLiteral("after"));
    QVERIFY(!view.document()->lastBlock().begin().fragment().charFormat().fontFixedPitch());
}

void TestMarkdownView::finishedBlocksAreNotRedrawn()
{
    // 300 paragraphs of ~80 characters streamed in 4-character deltas. Redrawing the whole
    // answer per delta would touch ~24,000 characters per update at the end; redrawing the
    // open block only touches about one paragraph.
    QString answer;
    for (int i = 0; i < 300; ++i)
        answer += QStringLiteral("Paragraph %1 has some *emphasis* and `code` and words to fill it up.\n\n").arg(i);
    answer += QStringLiteral("```cpp\n");
    for (int i = 0; i < 300; ++i) answer += QStringLiteral("int value%1 = %1; // line\n").arg(i);
    answer += QStringLiteral("```\n");

    MarkdownView view;
    qsizetype maxTouched = 0;
    qsizetype touched = 0;
    connect(view.document(), &QTextDocument::contentsChange, this,
            [&](int, int removed, int added) { touched += removed + added; });
    for (const QString& delta : splitEvery(answer, 4)) {
        touched = 0;
        view.appendDelta(delta);
        maxTouched = std::max(maxTouched, touched);
    }
    QVERIFY2(maxTouched < 400,
             qPrintable(QStringLiteral("expected an update to touch < 400 characters, the largest touched %1")
                            .arg(maxTouched)));
    QCOMPARE(view.plainText(), answer);
}

void TestMarkdownView::copyKeepsOriginalMarkdown()
{
    MarkdownView view;
    const QString markdown = QStringLiteral("Intro with **bold**.\n\n- one\n- two\n\n```py\nx = 1\n```\n");
    view.setMarkdown(markdown);
    QTextBrowser* browser = view.textBrowser();

    browser->selectAll();
    browser->copy();
    QCOMPARE(QApplication::clipboard()->text(), markdown);

    // Whole blocks: the two list items, from the start of "one" to the end of "two".
    QTextDocument* doc = view.document();
    QTextBlock one, two;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.text().endsWith(QLatin1String("one"))) one = b;
        if (b.text().endsWith(QLatin1String("two"))) two = b;
    }
    QVERIFY(one.isValid() && two.isValid());
    QTextCursor cursor(doc);
    cursor.setPosition(one.position());
    cursor.setPosition(two.position() + two.length() - 1, QTextCursor::KeepAnchor);
    browser->setTextCursor(cursor);
    browser->copy();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("- one\n- two\n"));

    // Part of one block: the text as shown.
    cursor.setPosition(doc->firstBlock().position());
    cursor.setPosition(doc->firstBlock().position() + 5, QTextCursor::KeepAnchor);
    browser->setTextCursor(cursor);
    browser->copy();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Intro"));
}

void TestMarkdownView::scrollFollowsEndUntilScrolledUp()
{
    MarkdownView view;
    view.resize(300, 150);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar* bar = view.textBrowser()->verticalScrollBar();
    for (int i = 0; i < 40; ++i) view.appendDelta(QStringLiteral("line %1\n\n").arg(i));
    QCoreApplication::processEvents();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view.isFollowingEnd());

    bar->setValue(0);   // the person scrolls up
    QVERIFY(!view.isFollowingEnd());
    for (int i = 0; i < 10; ++i) view.appendDelta(QStringLiteral("more %1\n\n").arg(i));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), 0);

    view.scrollToEnd();
    view.appendDelta(QStringLiteral("last\n\n"));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestMarkdownView::clearResets()
{
    MarkdownView view;
    view.setMarkdown(QStringLiteral("# Title\n\ntext"));
    view.clear();
    QVERIFY(view.isEmpty());
    QCOMPARE(view.renderedText(), QString());
    view.appendDelta(QStringLiteral("again"));
    QCOMPARE(view.renderedText(), QStringLiteral("again"));
    QCOMPARE(view.document()->firstBlock().blockFormat().headingLevel(), 0);
}

void TestMarkdownView::sixViewsStreamingSmoke()
{
    // Not a timing test: six views take a long answer in 30 Hz-sized batches (~17 tokens of
    // ~4 characters each) and end with the complete text. The slowest batch is printed.
    QString answer;
    for (int i = 0; i < 40; ++i) answer += QString::fromUtf8(kSampleAnswer) + QStringLiteral("\n\n");
    QList<MarkdownView*> views;
    QWidget window;
    window.resize(1200, 800);
    for (int i = 0; i < 6; ++i) {
        auto* view = new MarkdownView(&window);
        view->setGeometry(200 * i, 0, 200, 800);
        views << view;
    }
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList batches = splitEvery(answer, 68);
    qint64 slowestNs = 0;
    double slowestCpuMs = 0.0;
    double totalCpuMs = 0.0;
    for (const QString& batch : batches) {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        for (MarkdownView* view : views) view->appendDelta(batch);
        QCoreApplication::processEvents();
        const double cpu = threadCpuMs() - cpuStart;
        slowestCpuMs = std::max(slowestCpuMs, cpu);
        totalCpuMs += cpu;
        slowestNs = std::max(slowestNs, timer.nsecsElapsed());
    }
    for (MarkdownView* view : views) QCOMPARE(view->plainText(), answer);
    qInfo("six views, %lld batches of 68 chars (render + paint): slowest batch %.2f ms wall, %.2f ms CPU; "
          "mean %.2f ms CPU",
          qlonglong(batches.size()), double(slowestNs) / 1e6, slowestCpuMs, totalCpuMs / double(batches.size()));
}

QTEST_MAIN(TestMarkdownView)
#include "tst_markdown_view.moc"
