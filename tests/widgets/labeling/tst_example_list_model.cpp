// The virtualized example list over a 100,000-example dataset: the row count comes from a
// count, a far row is right without loading the rows before it (few pages fetched, at most
// kMaxCachedPages kept), both orders and filters agree with the repository, and a labeled
// row leaves a "pending" list without disturbing the rows after it.

#include <fstream>
#include <memory>

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>

#include "core/datasets/DatasetImporter.h"
#include "core/datasets/DatasetRepository.h"
#include "core/store/Workspace.h"
#include "widgets/labeling/ExampleListModel.h"

using namespace triad;
using namespace triad::widgets;

namespace {
constexpr int kRows = 100'000;

QString textAt(const ExampleListModel& m, int row)
{
    return m.data(m.index(row, ExampleListModel::TextColumn)).toString();
}
} // namespace

class TestExampleListModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void countsAndFarRows_data();
    void countsAndFarRows();
    void filtersMatchTheRepository();
    void labeledRowLeavesPendingList();
    void viewScrollsToTheEndWithBoundedMemory();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Workspace> m_ws;
    std::unique_ptr<datasets::DatasetRepository> m_repo;
    int64_t m_dataset = 0;
};

void TestExampleListModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_ws = store::Workspace::open(m_dir.filePath(QStringLiteral("big.triad")).toStdString());
    m_repo = std::make_unique<datasets::DatasetRepository>(*m_ws);
    const std::string file = m_dir.filePath(QStringLiteral("big.jsonl")).toStdString();
    {
        std::ofstream out(file);
        for (int i = 0; i < kRows; ++i)
            out << "{\"messages\":[{\"role\":\"user\",\"content\":\"q" << i << "\"},{\"role\":\"assistant\",\"content\":\"a"
                << (i % 7) << "\"}]}\n";
    }
    m_dataset = m_repo->create("big");
    const auto summary = datasets::DatasetImporter(*m_ws).importFile(m_dataset, file);
    QCOMPARE(summary.imported, int64_t(kRows));
}

void TestExampleListModel::countsAndFarRows_data()
{
    QTest::addColumn<bool>("descending");
    QTest::newRow("oldest first") << false;
    QTest::newRow("newest first") << true;
}

void TestExampleListModel::countsAndFarRows()
{
    QFETCH(bool, descending);
    ExampleListModel model;
    model.setRepository(m_repo.get());
    model.setQuery(m_dataset, {}, descending);
    QCOMPARE(model.rowCount(), kRows);
    QCOMPARE(model.pagesFetched(), 0);   // counting loads no rows
    auto line = [&](int row) { return descending ? kRows - 1 - row : row; };
    for (int row : {kRows - 1, kRows / 2 + 17, 73'456, 0, 999, 1000, 1001}) {
        const QString expected = QStringLiteral("q%1").arg(line(row));
        QCOMPARE(textAt(model, row), expected);
    }
    QVERIFY2(model.pagesFetched() <= 7, qPrintable(QStringLiteral("expected one page per far row (7), fetched %1")
                                                       .arg(model.pagesFetched())));
    // The id column, the row of an id, and a row right after a cached page.
    const int64_t id = model.exampleIdAt(73'456);
    QCOMPARE(model.rowOf(id), 73'456);
    QCOMPARE(textAt(model, 73'456 + ExampleListModel::kPageSize), QStringLiteral("q%1").arg(line(73'456 + 100)));
    QCOMPARE(model.data(model.index(5, ExampleListModel::IdColumn)).toString(),
             QStringLiteral("#%1").arg(model.exampleIdAt(5)));
    QCOMPARE(model.data(model.index(kRows, 0)), QVariant());
}

void TestExampleListModel::filtersMatchTheRepository()
{
    ExampleListModel model;
    model.setRepository(m_repo.get());
    datasets::ExampleFilter f;
    f.textContains = "a3";   // the answer "a3": every 7th example from line 3
    model.setQuery(m_dataset, f, false);
    const int expected = (kRows - 3 + 6) / 7;
    QCOMPARE(model.rowCount(), expected);
    QCOMPARE(textAt(model, 0), QStringLiteral("q3"));
    QCOMPARE(textAt(model, expected - 1), QStringLiteral("q%1").arg(3 + 7 * (expected - 1)));
    QCOMPARE(textAt(model, 5000), QStringLiteral("q%1").arg(3 + 7 * 5000));
}

void TestExampleListModel::labeledRowLeavesPendingList()
{
    ExampleListModel model;
    model.setRepository(m_repo.get());
    datasets::ExampleFilter pending;
    pending.status = datasets::ExampleStatus::Pending;
    model.setQuery(m_dataset, pending, false);
    QCOMPARE(model.rowCount(), kRows);
    QCOMPARE(textAt(model, 60'000), QStringLiteral("q60000"));   // build anchors far out
    const int64_t tenth = model.exampleIdAt(10);
    m_repo->setStatus(tenth, datasets::ExampleStatus::Accepted);
    QVERIFY2(model.refreshExample(tenth, 10), "an accepted example should leave the pending list");
    QCOMPARE(model.rowCount(), kRows - 1);
    QCOMPARE(textAt(model, 10), QStringLiteral("q11"));
    QCOMPARE(textAt(model, 60'000), QStringLiteral("q60001"));
    QCOMPARE(textAt(model, kRows - 2), QStringLiteral("q%1").arg(kRows - 1));
    QCOMPARE(model.nextPendingRow(10), 10);

    // A rating does not change a pending list's membership: refreshed in place.
    const int64_t eleventh = model.exampleIdAt(10);
    m_repo->setRating(eleventh, 4);
    QVERIFY(!model.refreshExample(eleventh, 10));
    QCOMPARE(model.data(model.index(10, ExampleListModel::RatingColumn)).toString(), QStringLiteral("★★★★☆"));
    m_repo->undo(m_dataset);
    m_repo->undo(m_dataset);
    model.reload();
    QCOMPARE(model.rowCount(), kRows);
}

void TestExampleListModel::viewScrollsToTheEndWithBoundedMemory()
{
    ExampleListModel model;
    model.setRepository(m_repo.get());
    model.setQuery(m_dataset, {}, false);
    QTableView view;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.setModel(&model);
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int step = 0; step <= 200; ++step) {
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() * step / 200);
        QCoreApplication::processEvents();
    }
    view.scrollToBottom();
    QCoreApplication::processEvents();
    const QModelIndex last = view.indexAt(QPoint(10, view.viewport()->height() - 5));
    QVERIFY(last.isValid());
    QCOMPARE(textAt(model, last.row()), QStringLiteral("q%1").arg(last.row()));
    QVERIFY2(model.cachedPages() <= ExampleListModel::kMaxCachedPages,
             qPrintable(QStringLiteral("%1 pages cached").arg(model.cachedPages())));
    QVERIFY2(model.pagesFetched() < 600, qPrintable(QStringLiteral("scrolling fetched %1 pages of 1,000").arg(model.pagesFetched())));
}

QTEST_MAIN(TestExampleListModel)
#include "tst_example_list_model.moc"
