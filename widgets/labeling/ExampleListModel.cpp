#include "widgets/labeling/ExampleListModel.h"

#include <algorithm>

#include <QFont>
#include <QFontDatabase>

#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "widgets/labeling/LabelingFormat.h"

namespace triad::widgets {

using datasets::Example;

ExampleListModel::ExampleListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ExampleListModel::setRepository(datasets::DatasetRepository* repository)
{
    m_repository = repository;
    reload();
}

void ExampleListModel::setQuery(int64_t datasetId, const datasets::ExampleFilter& filter, bool descending)
{
    m_datasetId = datasetId;
    m_filter = filter;
    m_descending = descending;
    reload();
}

void ExampleListModel::reload()
{
    beginResetModel();
    m_pages.clear();
    m_anchors.clear();
    m_count = 0;
    if (m_repository && m_datasetId > 0) {
        try {
            const int64_t n = m_repository->count(m_datasetId, m_filter);
            m_count = static_cast<int>(std::min<int64_t>(n, INT32_MAX));
        } catch (const store::StoreError& e) {
            emit problem(QString::fromUtf8(e.what()));
        }
    }
    m_anchors.assign(size_t((m_count + kAnchorStride - 1) / kAnchorStride), 0);
    endResetModel();
}

int ExampleListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int ExampleListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int64_t ExampleListModel::cursorBefore(int64_t id) const
{
    // page() lists ids after the cursor (below it when descending): start just before `id`.
    return m_descending ? id + 1 : id - 1;
}

std::optional<int64_t> ExampleListModel::anchor(int64_t index) const
{
    if (index < 0 || size_t(index) >= m_anchors.size())
        return std::nullopt;
    if (m_anchors[size_t(index)] != 0)
        return m_anchors[size_t(index)];
    // Walk from the nearest known anchor below: the index only, never the skipped rows.
    int64_t from = index - 1;
    while (from >= 0 && m_anchors[size_t(from)] == 0)
        --from;
    std::optional<int64_t> id;
    if (from < 0)
        id = m_repository->seek(m_datasetId, m_filter, 0, index * kAnchorStride, m_descending);
    else
        id = m_repository->seek(m_datasetId, m_filter, m_anchors[size_t(from)], (index - from) * kAnchorStride - 1,
                                m_descending);
    if (id)
        m_anchors[size_t(index)] = *id;
    return id;
}

std::optional<int64_t> ExampleListModel::idAtPosition(int64_t position) const
{
    const int64_t a = position / kAnchorStride;
    const auto anchorId = anchor(a);
    if (!anchorId)
        return std::nullopt;
    const int64_t within = position - a * kAnchorStride;
    if (within == 0)
        return anchorId;
    return m_repository->seek(m_datasetId, m_filter, *anchorId, within - 1, m_descending);
}

const ExampleListModel::Page* ExampleListModel::page(int pageIndex) const
{
    if (auto it = m_pages.find(pageIndex); it != m_pages.end()) {
        it->lastUse = ++m_useClock;
        return &*it;
    }
    if (!m_repository || m_datasetId <= 0)
        return nullptr;
    try {
        int64_t cursor = 0;
        auto before = m_pages.constFind(pageIndex - 1);
        if (pageIndex == 0) {
            cursor = 0;
        } else if (before != m_pages.constEnd() && int(before->rows.size()) == kPageSize) {
            cursor = before->rows.back().id;   // plain keyset continuation
        } else {
            const auto first = idAtPosition(int64_t(pageIndex) * kPageSize);
            if (!first)
                return nullptr;
            cursor = cursorBefore(*first);
        }
        datasets::ExamplePage fetched = m_repository->page(m_datasetId, m_filter, cursor, kPageSize, m_descending);
        ++m_pagesFetched;
        evictIfFull();
        Page p;
        p.rows = std::move(fetched.examples);
        p.lastUse = ++m_useClock;
        if (pageIndex % (kAnchorStride / kPageSize) == 0 && !p.rows.empty()) {
            const size_t a = size_t(pageIndex / (kAnchorStride / kPageSize));
            if (a < m_anchors.size())
                m_anchors[a] = p.rows.front().id;
        }
        return &*m_pages.insert(pageIndex, std::move(p));
    } catch (const store::StoreError& e) {
        // Emitted later: data() is const and may run inside a paint.
        QMetaObject::invokeMethod(const_cast<ExampleListModel*>(this), "problem", Qt::QueuedConnection,
                                  Q_ARG(QString, QString::fromUtf8(e.what())));
        return nullptr;
    }
}

void ExampleListModel::evictIfFull() const
{
    while (m_pages.size() >= kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        m_pages.erase(oldest);
    }
}

const Example* ExampleListModel::exampleAt(int row) const
{
    if (row < 0 || row >= m_count)
        return nullptr;
    const Page* p = page(row / kPageSize);
    if (!p)
        return nullptr;
    const size_t i = size_t(row % kPageSize);
    return i < p->rows.size() ? &p->rows[i] : nullptr;
}

int64_t ExampleListModel::exampleIdAt(int row) const
{
    const Example* e = exampleAt(row);
    return e ? e->id : 0;
}

QVariant ExampleListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Example* e = exampleAt(index.row());
    if (!e)
        return role == Qt::DisplayRole && index.column() == TextColumn ? QVariant(QStringLiteral("…")) : QVariant();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return QStringLiteral("#%1").arg(e->id);
        case StatusColumn: return LabelingFormat::status(e->status);
        case RatingColumn: return LabelingFormat::rating(e->rating);
        case TextColumn: return LabelingFormat::preview(*e);
        case LabelsColumn: {
            QStringList labels;
            for (const auto& l : e->labels)
                labels << QString::fromStdString(l);
            return labels.join(QStringLiteral(", "));
        }
        case TokensColumn: return LabelingFormat::tokens(e->tokenEstimate);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TextColumn)
            return LabelingFormat::preview(*e, 600);
        if (index.column() == StatusColumn && !e->note.empty())
            return tr("Note: %1").arg(QString::fromStdString(e->note));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return LabelingFormat::statusColor(e->status);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == TokensColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (index.column() == IdColumn || index.column() == TokensColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case ExampleIdRole:
        return QVariant::fromValue<qint64>(e->id);
    default:
        return {};
    }
}

QVariant ExampleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("#");
    case StatusColumn: return tr("Status");
    case RatingColumn: return tr("Rating");
    case TextColumn: return tr("Conversation");
    case LabelsColumn: return tr("Labels");
    case TokensColumn: return tr("Length");
    }
    return {};
}

int ExampleListModel::rowOf(int64_t exampleId) const
{
    if (!m_repository || m_datasetId <= 0)
        return -1;
    // Cached pages first (the usual case: the example was just shown).
    for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it)
        for (size_t i = 0; i < it->rows.size(); ++i)
            if (it->rows[i].id == exampleId)
                return it.key() * kPageSize + int(i);
    try {
        const auto ex = m_repository->example(exampleId);
        if (!ex || ex->datasetId != m_datasetId || !datasets::matchesFilter(*ex, m_filter))
            return -1;
        const int64_t pos = m_repository->position(m_datasetId, m_filter, exampleId, m_descending);
        return pos < m_count ? int(pos) : -1;
    } catch (const store::StoreError& e) {
        QMetaObject::invokeMethod(const_cast<ExampleListModel*>(this), "problem", Qt::QueuedConnection,
                                  Q_ARG(QString, QString::fromUtf8(e.what())));
        return -1;
    }
}

int ExampleListModel::nextPendingRow(int fromRow) const
{
    // Look through the next pages the list would show; far beyond them ask the repository.
    const int scanLimit = std::min(m_count, std::max(fromRow, 0) + 20 * kPageSize);
    int row = std::max(fromRow, 0);
    for (; row < scanLimit; ++row) {
        const Example* e = exampleAt(row);
        if (e && e->status == datasets::ExampleStatus::Pending)
            return row;
    }
    if (row >= m_count || !m_repository)
        return -1;
    const int64_t lastScanned = exampleIdAt(row - 1);
    datasets::ExampleFilter pending = m_filter;
    pending.status = datasets::ExampleStatus::Pending;
    try {
        const auto next = m_repository->seek(m_datasetId, pending, lastScanned, 0, m_descending);
        return next ? rowOf(*next) : -1;
    } catch (const store::StoreError&) {
        return -1;
    }
}

void ExampleListModel::forgetFrom(int row)
{
    const int firstPage = row / kPageSize;
    for (auto it = m_pages.begin(); it != m_pages.end();)
        it = it.key() >= firstPage ? m_pages.erase(it) : std::next(it);
    const size_t firstAnchor = size_t((row + kAnchorStride - 1) / kAnchorStride);
    for (size_t a = std::max<size_t>(firstAnchor, 1); a < m_anchors.size(); ++a)
        m_anchors[a] = 0;
    if (row == 0 && !m_anchors.empty())
        m_anchors[0] = 0;
}

bool ExampleListModel::refreshExample(int64_t exampleId, int row)
{
    if (row < 0 || exampleIdAt(row) != exampleId) {
        row = -1;
        for (auto it = m_pages.constBegin(); it != m_pages.constEnd() && row < 0; ++it)
            for (size_t i = 0; i < it->rows.size(); ++i)
                if (it->rows[i].id == exampleId)
                    row = it.key() * kPageSize + int(i);
    }
    if (row < 0 || !m_repository)
        return false;
    std::optional<Example> fresh;
    try {
        fresh = m_repository->example(exampleId);
    } catch (const store::StoreError& e) {
        emit problem(QString::fromUtf8(e.what()));
        return false;
    }
    if (!fresh || !datasets::matchesFilter(*fresh, m_filter)) {
        beginRemoveRows({}, row, row);
        --m_count;
        forgetFrom(row);
        m_anchors.resize(size_t((m_count + kAnchorStride - 1) / kAnchorStride));
        endRemoveRows();
        return true;
    }
    auto it = m_pages.find(row / kPageSize);
    if (it != m_pages.end() && size_t(row % kPageSize) < it->rows.size())
        it->rows[size_t(row % kPageSize)] = std::move(*fresh);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return false;
}

} // namespace triad::widgets
