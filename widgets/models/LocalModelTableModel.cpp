#include "widgets/models/LocalModelTableModel.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>

#include "widgets/models/ModelFormat.h"

namespace triad::widgets {

namespace {

bool isFigure(int column)
{
    switch (column) {
    case LocalModelTableModel::ParametersColumn:
    case LocalModelTableModel::ContextColumn:
    case LocalModelTableModel::SizeColumn:
    case LocalModelTableModel::MemoryColumn: return true;
    default: return false;
    }
}

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

LocalModelTableModel::LocalModelTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void LocalModelTableModel::setRows(const QList<LocalModelRow>& rows)
{
    bool samePaths = rows.size() == m_rows.size();
    for (int i = 0; samePaths && i < rows.size(); ++i) samePaths = rows[i].key() == m_rows[i].key();
    if (samePaths) {
        m_rows = rows;
        if (!m_rows.isEmpty()) emit dataChanged(index(0, 0), index(m_rows.size() - 1, ColumnCount - 1));
        return;
    }
    bool appended = rows.size() > m_rows.size();
    for (int i = 0; appended && i < m_rows.size(); ++i) appended = rows[i].key() == m_rows[i].key();
    if (appended) {
        const int first = m_rows.size();
        beginInsertRows({}, first, rows.size() - 1);
        m_rows = rows;
        endInsertRows();
        if (first > 0) emit dataChanged(index(0, 0), index(first - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int LocalModelTableModel::rowOf(const QString& key) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key() == key) return i;
    return -1;
}

int LocalModelTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int LocalModelTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LocalModelTableModel::adapterText(const LocalModelRow& row, int column) const
{
    const QString none = QStringLiteral("—");
    switch (column) {
    case NameColumn: {
        const QString name = row.adapter ? q(row.adapter->name) : QFileInfo(row.path).completeBaseName();
        return tr("↳ %1 (adapter)").arg(name);
    }
    case ArchitectureColumn:
        return row.status && !row.status->summary.architecture.empty() ? q(row.status->summary.architecture) : none;
    case QuantizationColumn: return tr("LoRA");
    case SizeColumn: return ModelFormat::bytes(quint64(QFileInfo(row.path).size()));
    case StateColumn: return ModelFormat::state(row);
    case MemoryColumn: return ModelFormat::bytes(row.memoryBytes());
    default: return none;
    }
}

QString LocalModelTableModel::text(const LocalModelRow& row, int column) const
{
    const QString none = QStringLiteral("—");
    if (row.isAdapter()) return adapterText(row, column);
    if (!row.status) {
        switch (column) {
        case NameColumn: return QFileInfo(row.path).completeBaseName();
        case StateColumn: return ModelFormat::state(row);
        default: return none;
        }
    }
    const engine::GgufSummary& s = row.status->summary;
    switch (column) {
    case NameColumn: return s.name.empty() ? q(row.status->id) : q(s.name);
    case ArchitectureColumn: return s.architecture.empty() ? none : q(s.architecture);
    case ParametersColumn: return ModelFormat::parameters(s.parameterCount);
    case QuantizationColumn: return s.quantization.empty() ? none : q(s.quantization);
    case ContextColumn: return ModelFormat::count(s.contextLength);
    case TemplateColumn:
        if (s.chatTemplate.empty()) return none;
        // A fallback is worth seeing in the table: answers may look odd with the wrong format.
        return s.chatTemplateNote.empty() ? q(s.chatTemplate) : tr("%1 (fallback)").arg(q(s.chatTemplate));
    case SizeColumn: return ModelFormat::bytes(s.fileSizeBytes);
    case StateColumn: return ModelFormat::activity(row);
    case MemoryColumn: return ModelFormat::bytes(row.memoryBytes());
    default: return QString();
    }
}

QString LocalModelTableModel::toolTip(const LocalModelRow& row, int column) const
{
    switch (column) {
    case NameColumn: {
        const QString path = QDir::toNativeSeparators(row.path);
        if (row.isAdapter())
            return tr("LoRA adapter %1\nof %2\nUse in the playground: double-click (when the model is loaded)")
                .arg(path, QDir::toNativeSeparators(row.basePath));
        return row.status ? tr("%1\nUse in the playground: double-click (when loaded)").arg(path) : path;
    }
    case ParametersColumn:
        if (row.isAdapter()) return QString();
        return row.status && row.status->summary.parameterCount > 0
            ? tr("%1 parameters").arg(ModelFormat::count(row.status->summary.parameterCount))
            : QString();
    case TemplateColumn: return row.status && !row.isAdapter() ? q(row.status->summary.chatTemplateNote) : QString();
    case StateColumn: return ModelFormat::state(row);
    case MemoryColumn:
        if (row.memoryBytes() == 0) return tr("Not loaded: no memory in use");
        if (row.isAdapter()) return tr("Adapter factors in F32, held by the model's worker");
        return tr("Mapped file %1 · KV cache and scratch %2 (%3 positions)")
            .arg(ModelFormat::bytes(row.status->mappedBytes), ModelFormat::bytes(row.status->memoryBytes),
                 ModelFormat::count(row.status->contextLength));
    default: return QString();
    }
}

QVariant LocalModelTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const LocalModelRow& row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return text(row, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(row, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(isFigure(column) ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::FontRole:
        if (isFigure(column)) return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (column == NameColumn && row.state() == LocalRowState::Loaded) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StateColumn && row.state() == LocalRowState::Failed) return QColor(0xd0, 0x3a, 0x3a);
        if (column == StateColumn && row.state() == LocalRowState::Loaded) return QColor(0x2e, 0x9d, 0x5b);
        return {};
    case PathRole: return row.path;
    case KeyRole: return row.key();
    case StateRole: return static_cast<int>(row.state());
    default: return {};
    }
}

QVariant LocalModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(isFigure(section) ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ArchitectureColumn: return tr("Architecture");
    case ParametersColumn: return tr("Parameters");
    case QuantizationColumn: return tr("Quantization");
    case ContextColumn: return tr("Context");
    case TemplateColumn: return tr("Template");
    case SizeColumn: return tr("Size");
    case StateColumn: return tr("State");
    case MemoryColumn: return tr("Memory");
    default: return {};
    }
}

} // namespace triad::widgets
