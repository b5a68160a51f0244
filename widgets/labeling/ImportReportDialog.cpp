#include "widgets/labeling/ImportReportDialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/datasets/DatasetRepository.h"
#include "core/store/StoreError.h"
#include "widgets/labeling/LabelingFormat.h"

namespace triad::widgets {

QString ImportReportDialog::summaryLine(const datasets::ImportSummary& s)
{
    QString line = tr("Imported %1 · %2 duplicates · %3 bad lines")
                       .arg(LabelingFormat::count(s.imported), LabelingFormat::count(s.duplicates),
                            LabelingFormat::count(s.rejected));
    if (s.cancelled)
        line += tr(" · cancelled after line %1").arg(LabelingFormat::count(s.lines));
    return line;
}

ImportReportDialog::ImportReportDialog(const QString& file, const datasets::ImportSummary& summary,
                                       datasets::DatasetRepository* repository, int64_t datasetId, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Import of %1").arg(QFileInfo(file).fileName()));
    resize(760, 460);
    auto* layout = new QVBoxLayout(this);
    auto* head = new QLabel(summaryLine(summary) + QLatin1Char('\n')
                                + tr("%1 lines read (%2 blank).").arg(LabelingFormat::count(summary.lines),
                                                                      LabelingFormat::count(summary.blankLines)),
                            this);
    layout->addWidget(head);

    // Raw text of the rejected lines of this file, by line number (the newest import's).
    std::map<int64_t, QString> raw;
    if (repository) {
        try {
            int64_t after = 0;
            for (int guard = 0; guard < 20; ++guard) {
                const auto lines = repository->rejectedLines(datasetId, after, 500);
                for (const auto& l : lines)
                    if (QString::fromStdString(l.source) == file || QFileInfo(QString::fromStdString(l.source)).fileName() == QFileInfo(file).fileName())
                        raw[l.lineNumber] = QString::fromStdString(l.rawText);
                if (lines.size() < 500)
                    break;
                after = lines.back().id;
            }
        } catch (const store::StoreError&) {
            // The table still lists numbers and reasons from the summary.
        }
    }
    m_table = new QTableWidget(int(summary.rejectedLines.size()), 3, this);
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Reason"), tr("Text")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int i = 0; i < int(summary.rejectedLines.size()); ++i) {
        const auto& r = summary.rejectedLines[size_t(i)];
        auto* number = new QTableWidgetItem(LabelingFormat::count(r.lineNumber));
        number->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        number->setFont(mono);
        m_table->setItem(i, 0, number);
        auto* reason = new QTableWidgetItem(QString::fromStdString(r.reason));
        reason->setToolTip(reason->text());
        m_table->setItem(i, 1, reason);
        auto* text = new QTableWidgetItem(raw.count(r.lineNumber) ? raw[r.lineNumber].left(400) : QString());
        text->setFont(mono);
        text->setToolTip(raw.count(r.lineNumber) ? raw[r.lineNumber].left(2000) : QString());
        m_table->setItem(i, 2, text);
    }
    m_table->setColumnWidth(1, 320);
    layout->addWidget(m_table, 1);
    if (summary.rejected > qint64(summary.rejectedLines.size()))
        layout->addWidget(new QLabel(tr("The first %1 of %2 bad lines are listed; all are kept in the workspace.")
                                         .arg(LabelingFormat::count(qint64(summary.rejectedLines.size())),
                                              LabelingFormat::count(summary.rejected)),
                                     this));
    m_table->setVisible(!summary.rejectedLines.empty());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace triad::widgets
