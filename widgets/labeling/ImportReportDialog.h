#pragma once
// What an import did: lines read, imported, duplicates, and every bad line with its number,
// reason and raw text (from the workspace, where rejected lines are kept for review).

#include <QDialog>

#include "core/datasets/DatasetImporter.h"

class QTableWidget;

namespace triad::datasets {
class DatasetRepository;
}

namespace triad::widgets {

class ImportReportDialog : public QDialog {
    Q_OBJECT
public:
    /** `repository` may be null (raw text is then not shown). */
    ImportReportDialog(const QString& file, const datasets::ImportSummary& summary,
                       datasets::DatasetRepository* repository, int64_t datasetId, QWidget* parent = nullptr);

    /** One line: "Imported 12,408 · 3 duplicates · 2 bad lines". */
    static QString summaryLine(const datasets::ImportSummary& summary);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table = nullptr;
};

} // namespace triad::widgets
