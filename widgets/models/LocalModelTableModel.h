#pragma once
// The Models view's table: one row per catalogued GGUF file with the facts a person compares
// (architecture, parameters, quantization, context, template, size) and where it is (state,
// memory). Figures are monospace and right-aligned; a failed row is red with its reason.
// A model's LoRA adapters follow it as indented rows ("↳ name", quantization "LoRA").
//
// Rows are replaced as a whole snapshot (setRows); when the files are the same as before
// only the changed cells are announced, so selection and scrolling survive the frequent
// "busy/idle" updates of a loaded model.

#include <QAbstractTableModel>
#include <QList>

#include "widgets/models/LocalModelRow.h"

namespace triad::widgets {

class LocalModelTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn = 0,
        ArchitectureColumn,
        ParametersColumn,
        QuantizationColumn,
        ContextColumn,
        TemplateColumn,
        SizeColumn,
        StateColumn,
        MemoryColumn,
        ColumnCount
    };
    /** The row's file path (every column; an adapter row: the adapter file). */
    static constexpr int PathRole = Qt::UserRole + 1;
    /** The row's LocalRowState as int (every column). */
    static constexpr int StateRole = Qt::UserRole + 2;
    /** The row's LocalModelRow::key(): its path for a model, base and adapter for an adapter. */
    static constexpr int KeyRole = Qt::UserRole + 3;

    explicit LocalModelTableModel(QObject* parent = nullptr);

    void setRows(const QList<LocalModelRow>& rows);
    const QList<LocalModelRow>& rows() const { return m_rows; }
    /** The row index of the row whose key() is `key` (a model row: its path), or -1. */
    int rowOf(const QString& key) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const LocalModelRow& row, int column) const;
    QString toolTip(const LocalModelRow& row, int column) const;
    QString adapterText(const LocalModelRow& row, int column) const;

    QList<LocalModelRow> m_rows;
};

} // namespace triad::widgets
