#include "widgets/playground/RunHistory.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/TargetColors.h"
#include "widgets/markdown/MarkdownView.h"
#include "widgets/playground/MetricsFormat.h"

namespace triad::widgets {

RunHistory::RunHistory(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>History</b> — every run of this session, newest first"), this);
    title->setWordWrap(true);
    layout->addWidget(title);
    m_empty = new QLabel(tr("No runs yet. Each run of a pane is kept here with its figures."), this);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_empty);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_list = new QListWidget(split);
    m_list->setUniformItemSizes(true);
    auto* detail = new QWidget(split);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_details = new QLabel(detail);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text = new MarkdownView(detail);
    auto* showInPane = new QToolButton(detail);
    showInPane->setText(tr("Show in its pane"));
    detailLayout->addWidget(m_details);
    detailLayout->addWidget(m_text, 1);
    detailLayout->addWidget(showInPane, 0, Qt::AlignRight);
    layout->addWidget(split, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] { showSelected(); });
    connect(showInPane, &QToolButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row >= 0 && row < static_cast<int>(m_runs.size()))
            emit showInPaneRequested(m_runs[static_cast<size_t>(row)]);
    });
    setMinimumWidth(240);
}

void RunHistory::setRuns(std::vector<store::RunRecord> runs)
{
    m_runs = std::move(runs);
    m_list->clear();
    for (const auto& run : m_runs) {
        const QString label = QString::fromStdString(run.target.label());
        const QString when = QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QString line = tr("Pane %1 · %2 · %3").arg(run.paneIndex + 1).arg(label, when);
        QString figures = MetricsFormat::line(run.metrics);
        if (run.error)
            figures += run.error->kind == providers::ErrorKind::Cancelled ? tr(" · stopped") : tr(" · failed");
        auto* item = new QListWidgetItem(QIcon(TargetColors::dot(TargetColors::color(label), 10)),
                                         line + QLatin1Char('\n') + figures, m_list);
        item->setToolTip(figures);
    }
    m_empty->setVisible(m_runs.empty());
    if (!m_runs.empty())
        m_list->setCurrentRow(0);
    else
        showSelected();
}

void RunHistory::selectRun(int row)
{
    m_list->setCurrentRow(row);
}

QString RunHistory::shownText() const
{
    return m_text->plainText();
}

void RunHistory::showSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= static_cast<int>(m_runs.size())) {
        m_text->clear();
        m_details->clear();
        return;
    }
    const auto& run = m_runs[static_cast<size_t>(row)];
    QString details = MetricsFormat::line(run.metrics);
    if (run.error)
        details += QLatin1Char('\n') + QString::fromStdString(run.error->message);
    m_details->setText(details);
    m_text->setMarkdown(QString::fromStdString(run.responseText));
}

} // namespace triad::widgets
