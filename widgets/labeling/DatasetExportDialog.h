#pragma once
// Asks how to export a dataset: SFT or preference JSONL, which status (accepted by
// default), metadata or not, and optionally a seeded train/validation split (the same seed
// always gives the same split). The export itself runs in a DatasetTask.

#include <QDialog>

#include "core/datasets/DatasetExporter.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace triad::widgets {

class DatasetExportDialog : public QDialog {
    Q_OBJECT
public:
    DatasetExportDialog(const QString& datasetName, QWidget* parent = nullptr);

    datasets::ExportOptions options() const;
    QString outputFile() const;
    bool split() const;
    QString validationFile() const;
    double validationFraction() const;
    quint64 seed() const;

private:
    void browse(QLineEdit* field);
    void updateState();

    QComboBox* m_format = nullptr;
    QComboBox* m_status = nullptr;
    QCheckBox* m_metadata = nullptr;
    QLineEdit* m_output = nullptr;
    QCheckBox* m_split = nullptr;
    QDoubleSpinBox* m_fraction = nullptr;
    QSpinBox* m_seed = nullptr;
    QLineEdit* m_validation = nullptr;
    QWidget* m_validationRow = nullptr;
};

} // namespace triad::widgets
