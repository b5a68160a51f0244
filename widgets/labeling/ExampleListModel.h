#pragma once
// The examples of one dataset as a Qt model, for a list that scrolls a million rows.
//
// Nothing is loaded up front but the count. Rows are fetched a page (100 examples) at a time
// when the view asks for them, through the repository's keyset paging: a page after a cached
// one continues from its last id; a far page (the scroll bar dragged to row 700,000) starts
// from an anchor, the id at every 1,000th row, found with DatasetRepository::seek() (an
// index walk, no rows read) and remembered. At most kMaxCachedPages pages stay in memory.
//
// The list stays where the person is: after a label action the row is refreshed in place,
// or removed when it no longer matches the filter (accepting in a "pending" list), so the
// next example slides into the same row.
//
// Usage:
//   ExampleListModel model;
//   model.setRepository(&repo);
//   model.setQuery(datasetId, filter, /*descending*/ false);   // counts, fetches nothing else
//   treeView->setModel(&model);                                // uniform row heights!

#include <cstdint>
#include <optional>
#include <vector>

#include <QAbstractTableModel>
#include <QHash>

#include "core/datasets/Example.h"

namespace triad::datasets {
class DatasetRepository;
}

namespace triad::widgets {

class ExampleListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn = 0, StatusColumn, RatingColumn, TextColumn, LabelsColumn, TokensColumn, ColumnCount };
    enum Role { ExampleIdRole = Qt::UserRole + 1 };

    static constexpr int kPageSize = 100;
    static constexpr int kAnchorStride = 1000;
    static constexpr int kMaxCachedPages = 64;

    explicit ExampleListModel(QObject* parent = nullptr);

    /** May be null (the model is then empty). Must outlive the model or be reset first. */
    void setRepository(datasets::DatasetRepository* repository);
    /** Shows `datasetId` (0 = none) with `filter`, in id order (descending = newest first). */
    void setQuery(int64_t datasetId, const datasets::ExampleFilter& filter, bool descending);
    /** Counts again and forgets every cached page (after undo, an import, an outside change). */
    void reload();

    int64_t datasetId() const { return m_datasetId; }
    const datasets::ExampleFilter& filter() const { return m_filter; }
    bool descending() const { return m_descending; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** The example at `row` (fetching its page), or null past the end. */
    const datasets::Example* exampleAt(int row) const;
    int64_t exampleIdAt(int row) const;
    /** The row of `exampleId` in this listing, or -1 when it does not match the filter. */
    int rowOf(int64_t exampleId) const;
    /** The first row from `fromRow` on whose example is pending; -1 when there is none. */
    int nextPendingRow(int fromRow) const;

    /**
     * `exampleId` (at `row`, when known, else -1) was changed: refreshes that row, or
     * removes it when it no longer matches the filter. Returns true when it was removed.
     */
    bool refreshExample(int64_t exampleId, int row);

    /** Pages fetched from the repository since the model was created (for tests). */
    int pagesFetched() const { return m_pagesFetched; }
    int cachedPages() const { return static_cast<int>(m_pages.size()); }

signals:
    /** A read failed; plain words. */
    void problem(const QString& message);

private:
    struct Page {
        std::vector<datasets::Example> rows;
        quint64 lastUse = 0;
    };

    const Page* page(int pageIndex) const;
    std::optional<int64_t> idAtPosition(int64_t position) const;
    std::optional<int64_t> anchor(int64_t index) const;
    void forgetFrom(int row);
    void evictIfFull() const;
    int64_t cursorBefore(int64_t id) const;

    datasets::DatasetRepository* m_repository = nullptr;
    int64_t m_datasetId = 0;
    datasets::ExampleFilter m_filter;
    bool m_descending = false;
    int m_count = 0;

    mutable QHash<int, Page> m_pages;
    mutable std::vector<int64_t> m_anchors;   ///< id at row i * kAnchorStride; 0 = not known yet
    mutable quint64 m_useClock = 0;
    mutable int m_pagesFetched = 0;
};

} // namespace triad::widgets
