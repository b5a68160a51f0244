#pragma once
// Asks how to import a file: into which dataset (a new one named after the file, or an
// existing one), the JSONL line format, or for CSV which columns hold the system prompt,
// the user message and the answer. The import itself runs in a DatasetTask.

#include <QDialog>
#include <QStringList>

#include "core/datasets/DatasetImporter.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace triad::widgets {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(const QString& file, const QStringList& datasetNames, QWidget* parent = nullptr);

    QString datasetName() const;
    datasets::ImportOptions options() const;
    bool isCsv() const { return m_csv; }

    /** The header fields of a CSV file ("" on failure), for the column mapping. */
    static QStringList csvHeader(const QString& file, char delimiter);

private:
    void fillColumns();

    QString m_file;
    bool m_csv = false;
    QComboBox* m_name = nullptr;
    QComboBox* m_format = nullptr;
    QComboBox* m_delimiter = nullptr;
    QComboBox* m_system = nullptr;
    QComboBox* m_user = nullptr;
    QComboBox* m_assistant = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace triad::widgets
