#include "widgets/labeling/AddToDatasetDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

namespace triad::widgets {

AddToDatasetDialog::AddToDatasetDialog(const QStringList& datasetNames, const QString& suggested, int turnCount,
                                       QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Add to dataset"));
    auto* form = new QFormLayout(this);
    form->addRow(new QLabel(tr("The pane's conversation (%n message(s), its answer last) becomes a pending "
                               "example to review in Labeling.", nullptr, turnCount),
                            this));
    m_name = new QComboBox(this);
    m_name->setEditable(true);
    m_name->addItems(datasetNames);
    m_name->setCurrentText(suggested);
    m_name->setToolTip(tr("An existing dataset, or type a new name"));
    form->addRow(tr("Dataset"), m_name);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QComboBox::currentTextChanged, this, [buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    form->addRow(buttons);
}

QString AddToDatasetDialog::datasetName() const
{
    return m_name->currentText().trimmed();
}

} // namespace triad::widgets
