#include "widgets/labeling/ImportDialog.h"

#include <fstream>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "core/datasets/CsvReader.h"

namespace triad::widgets {

namespace {

int guess(const QStringList& columns, std::initializer_list<const char*> names)
{
    for (const char* n : names)
        for (int i = 0; i < columns.size(); ++i)
            if (columns[i].compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
                return i;
    return -1;
}

char delimiterChar(const QString& text)
{
    return text.isEmpty() ? ',' : text.at(0).toLatin1();
}

} // namespace

ImportDialog::ImportDialog(const QString& file, const QStringList& datasetNames, QWidget* parent)
    : QDialog(parent)
    , m_file(file)
{
    const QFileInfo info(file);
    m_csv = info.suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0
         || info.suffix().compare(QLatin1String("tsv"), Qt::CaseInsensitive) == 0;
    setWindowTitle(tr("Import %1").arg(info.fileName()));
    auto* form = new QFormLayout(this);

    m_name = new QComboBox(this);
    m_name->setEditable(true);
    m_name->addItems(datasetNames);
    m_name->setCurrentText(info.completeBaseName());
    m_name->setToolTip(tr("A new dataset of this name, or an existing one to add to (duplicates are skipped)"));
    form->addRow(tr("Dataset"), m_name);

    m_format = new QComboBox(this);
    m_system = new QComboBox(this);
    m_user = new QComboBox(this);
    m_assistant = new QComboBox(this);
    m_delimiter = new QComboBox(this);
    if (!m_csv) {
        m_format->addItem(tr("Detect per line"), int(datasets::LineFormat::Auto));
        m_format->addItem(tr("Chat (messages)"), int(datasets::LineFormat::Chat));
        m_format->addItem(tr("Prompt / completion"), int(datasets::LineFormat::PromptCompletion));
        m_format->addItem(tr("Preference (input / preferred / non-preferred)"), int(datasets::LineFormat::Preference));
        form->addRow(tr("Line format"), m_format);
        for (QWidget* w : std::initializer_list<QWidget*>{m_system, m_user, m_assistant, m_delimiter})
            w->hide();
    } else {
        m_delimiter->addItem(tr("comma"), QStringLiteral(","));
        m_delimiter->addItem(tr("semicolon"), QStringLiteral(";"));
        m_delimiter->addItem(tr("tab"), QStringLiteral("\t"));
        if (info.suffix().compare(QLatin1String("tsv"), Qt::CaseInsensitive) == 0)
            m_delimiter->setCurrentIndex(2);
        form->addRow(tr("Delimiter"), m_delimiter);
        form->addRow(tr("System column"), m_system);
        form->addRow(tr("User column"), m_user);
        form->addRow(tr("Answer column"), m_assistant);
        m_format->hide();
        connect(m_delimiter, &QComboBox::currentIndexChanged, this, &ImportDialog::fillColumns);
    }
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setText(tr("Bad lines are kept aside with their line number and reason; exact duplicates are "
                       "counted and stored once. The import runs in the background and can be cancelled."));
    form->addRow(m_hint);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_name, &QComboBox::currentTextChanged, this, [this, buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    if (m_csv)
        fillColumns();
}

QStringList ImportDialog::csvHeader(const QString& file, char delimiter)
{
    std::ifstream in(file.toStdString(), std::ios::binary);
    if (!in)
        return {};
    datasets::CsvReader reader(in, delimiter);
    std::vector<std::string> fields;
    QStringList out;
    if (reader.next(fields) && reader.error().empty())
        for (const auto& f : fields)
            out << QString::fromStdString(f);
    return out;
}

void ImportDialog::fillColumns()
{
    const char delimiter = delimiterChar(m_delimiter->currentData().toString());
    const QStringList columns = csvHeader(m_file, delimiter);
    m_system->clear();
    m_system->addItem(tr("(none)"), QString());
    for (QComboBox* box : {m_system, m_user, m_assistant})
        for (const QString& c : columns)
            box->addItem(c, c);
    m_system->setCurrentIndex(guess(columns, {"system", "system_prompt", "instruction"}) + 1);
    m_user->setCurrentIndex(std::max(0, guess(columns, {"user", "prompt", "question", "input"})));
    m_assistant->setCurrentIndex(std::max(0, guess(columns, {"assistant", "completion", "answer", "response", "output"})));
    if (columns.isEmpty())
        m_hint->setText(tr("The first line of %1 could not be read as a CSV header.").arg(QFileInfo(m_file).fileName()));
}

QString ImportDialog::datasetName() const
{
    return m_name->currentText().trimmed();
}

datasets::ImportOptions ImportDialog::options() const
{
    datasets::ImportOptions opt;
    if (m_csv) {
        datasets::CsvMapping map;
        map.delimiter = delimiterChar(m_delimiter->currentData().toString());
        map.systemColumn = m_system->currentData().toString().toStdString();
        map.userColumn = m_user->currentData().toString().toStdString();
        map.assistantColumn = m_assistant->currentData().toString().toStdString();
        opt.csv = map;
    } else {
        opt.lineFormat = static_cast<datasets::LineFormat>(m_format->currentData().toInt());
    }
    return opt;
}

} // namespace triad::widgets
