#include "widgets/labeling/DatasetExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "widgets/labeling/LabelingFormat.h"

namespace triad::widgets {

DatasetExportDialog::DatasetExportDialog(const QString& datasetName, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export %1").arg(datasetName));
    auto* form = new QFormLayout(this);
    m_format = new QComboBox(this);
    m_format->addItem(tr("OpenAI SFT JSONL (messages, weights kept)"), int(datasets::ExportFormat::Sft));
    m_format->addItem(tr("Preference JSONL (input, preferred, non-preferred)"), int(datasets::ExportFormat::Preference));
    form->addRow(tr("Format"), m_format);
    m_status = new QComboBox(this);
    m_status->addItem(LabelingFormat::status(datasets::ExampleStatus::Accepted), int(datasets::ExampleStatus::Accepted));
    m_status->addItem(tr("all statuses"), 0);
    for (auto s : {datasets::ExampleStatus::Pending, datasets::ExampleStatus::Rejected, datasets::ExampleStatus::Skipped})
        m_status->addItem(LabelingFormat::status(s), int(s));
    form->addRow(tr("Examples"), m_status);
    m_metadata = new QCheckBox(tr("Write each example's metadata"), this);
    m_metadata->setChecked(true);
    form->addRow(QString(), m_metadata);

    auto fileRow = [this](QLineEdit*& field, const QString& name) {
        auto* row = new QWidget(this);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        field = new QLineEdit(row);
        field->setText(QDir::home().filePath(name));
        auto* browseButton = new QPushButton(tr("Browse…"), row);
        QLineEdit* f = field;
        connect(browseButton, &QPushButton::clicked, this, [this, f] { browse(f); });
        h->addWidget(field, 1);
        h->addWidget(browseButton);
        return row;
    };
    const QString stem = QString(datasetName).replace(QLatin1Char('/'), QLatin1Char('-'));
    form->addRow(tr("File"), fileRow(m_output, stem + QStringLiteral(".jsonl")));

    m_split = new QCheckBox(tr("Split into train and validation"), this);
    form->addRow(QString(), m_split);
    m_fraction = new QDoubleSpinBox(this);
    m_fraction->setRange(0.5, 50.0);
    m_fraction->setValue(10.0);
    m_fraction->setSuffix(tr(" % validation"));
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, INT32_MAX);
    m_seed->setValue(42);
    m_seed->setToolTip(tr("The same seed always puts the same examples in validation"));
    auto* splitRow = new QWidget(this);
    auto* sh = new QHBoxLayout(splitRow);
    sh->setContentsMargins(0, 0, 0, 0);
    sh->addWidget(m_fraction);
    sh->addWidget(m_seed);
    form->addRow(tr("Split, seed"), splitRow);
    m_validationRow = fileRow(m_validation, stem + QStringLiteral(".validation.jsonl"));
    form->addRow(tr("Validation file"), m_validationRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_split, &QCheckBox::toggled, this, &DatasetExportDialog::updateState);
    updateState();
}

void DatasetExportDialog::updateState()
{
    m_fraction->setEnabled(m_split->isChecked());
    m_seed->setEnabled(m_split->isChecked());
    m_validationRow->setEnabled(m_split->isChecked());
}

void DatasetExportDialog::browse(QLineEdit* field)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), field->text(), tr("JSON Lines (*.jsonl)"));
    if (!path.isEmpty())
        field->setText(path);
}

datasets::ExportOptions DatasetExportDialog::options() const
{
    datasets::ExportOptions opt;
    opt.format = static_cast<datasets::ExportFormat>(m_format->currentData().toInt());
    const int s = m_status->currentData().toInt();
    opt.status = s > 0 ? std::optional(static_cast<datasets::ExampleStatus>(s)) : std::nullopt;
    opt.includeMetadata = m_metadata->isChecked();
    return opt;
}

QString DatasetExportDialog::outputFile() const
{
    return m_output->text();
}

bool DatasetExportDialog::split() const
{
    return m_split->isChecked();
}

QString DatasetExportDialog::validationFile() const
{
    return m_validation->text();
}

double DatasetExportDialog::validationFraction() const
{
    return m_fraction->value() / 100.0;
}

quint64 DatasetExportDialog::seed() const
{
    return quint64(m_seed->value());
}

} // namespace triad::widgets
