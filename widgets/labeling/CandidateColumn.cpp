#include "widgets/labeling/CandidateColumn.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/TargetColors.h"
#include "widgets/highlight/SyntaxHighlighter.h"
#include "widgets/playground/MetricsFormat.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

namespace {

QToolButton* button(const QString& text, const QString& tip, QWidget* parent, bool checkable = false)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(checkable);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

} // namespace

CandidateColumn::CandidateColumn(QWidget* parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(160);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);
    auto* header = new QHBoxLayout;
    m_dot = new QLabel(this);
    m_provider = new QComboBox(this);
    m_provider->setToolTip(tr("Provider"));
    m_provider->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_provider->setMinimumContentsLength(6);
    m_model = new QComboBox(this);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setToolTip(tr("Model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(8);
    m_remove = button(QStringLiteral("✕"), tr("Remove this candidate column"), this);
    m_remove->setAutoRaise(true);
    header->addWidget(m_dot);
    header->addWidget(m_provider, 2);
    header->addWidget(m_model, 3);
    header->addWidget(m_remove);
    layout->addLayout(header);

    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setPlaceholderText(tr("Generate (G) runs the example's prompt here."));
    createSyntaxHighlighter()->attachTo(m_text->document(), QStringLiteral("markdown"));
    layout->addWidget(m_text, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);
    m_metrics = new QLabel(this);
    m_metrics->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_metrics->setAlignment(Qt::AlignRight);
    m_metrics->setText(MetricsFormat::line({}));
    layout->addWidget(m_metrics);

    auto* actions = new QHBoxLayout;
    m_use = button(tr("Use as answer"), tr("Make this (edited) text the example's assistant answer"), this);
    m_chosen = button(tr("✓ Chosen"), tr("The better answer of a preference pair"), this, true);
    m_rejected = button(tr("✗ Rejected"), tr("The worse answer of a preference pair"), this, true);
    actions->addWidget(m_use);
    actions->addStretch(1);
    actions->addWidget(m_chosen);
    actions->addWidget(m_rejected);
    layout->addLayout(actions);

    connect(m_use, &QToolButton::clicked, this, &CandidateColumn::useRequested);
    connect(m_remove, &QToolButton::clicked, this, &CandidateColumn::removeRequested);
    connect(m_chosen, &QToolButton::clicked, this, [this](bool on) { setChoice(on ? Choice::Chosen : Choice::None); });
    connect(m_rejected, &QToolButton::clicked, this,
            [this](bool on) { setChoice(on ? Choice::Rejected : Choice::None); });
    connect(m_provider, &QComboBox::activated, this, [this] {
        fillModels(m_provider->currentData().toString(), QString());
        updateDot();
        emit targetChanged();
    });
    connect(m_model, &QComboBox::currentTextChanged, this, [this] {
        updateDot();
        emit targetChanged();
    });
    updateDot();
}

void CandidateColumn::setTargets(const QList<ProviderTarget>& targets)
{
    const playground::Target keep = target();
    m_targets = targets;
    setTarget(keep);
}

void CandidateColumn::setTarget(const playground::Target& t)
{
    const QString providerId = QString::fromStdString(t.providerId);
    m_provider->blockSignals(true);
    m_provider->clear();
    for (const ProviderTarget& p : m_targets)
        m_provider->addItem(p.displayName, p.providerId);
    if (!providerId.isEmpty() && m_provider->findData(providerId) < 0)
        m_provider->addItem(providerId, providerId);
    m_provider->setCurrentIndex(m_provider->findData(providerId));
    m_provider->blockSignals(false);
    fillModels(providerId, QString::fromStdString(t.model));
    updateDot();
}

void CandidateColumn::fillModels(const QString& providerId, const QString& keep)
{
    m_model->blockSignals(true);
    m_model->clear();
    for (const ProviderTarget& p : m_targets)
        if (p.providerId == providerId)
            m_model->addItems(p.models);
    if (!keep.isEmpty())
        m_model->setCurrentText(keep);
    else if (m_model->count() > 0)
        m_model->setCurrentIndex(0);
    m_model->blockSignals(false);
}

playground::Target CandidateColumn::target() const
{
    return {m_provider->currentData().toString().toStdString(), m_model->currentText().trimmed().toStdString()};
}

void CandidateColumn::updateDot()
{
    const playground::Target t = target();
    const QColor c = TargetColors::color(t.model.empty() ? QString() : QString::fromStdString(t.label()));
    m_dot->setPixmap(TargetColors::dot(c, 10, devicePixelRatioF()));
}

void CandidateColumn::attachRun(ChatRun* run)
{
    if (m_run)
        m_run->deleteLater();   // cancels it
    m_run = run;
    run->setParent(this);
    clear();
    m_text->setReadOnly(true);
    m_metrics->setText(MetricsFormat::line(run->metrics()));
    connect(run, &ChatRun::textAppended, this, [this](const QString& delta) {
        // Appending keeps the cost per update independent of the answer's length.
        QScrollBar* bar = m_text->verticalScrollBar();
        const bool atEnd = bar->value() >= bar->maximum() - 4;
        QTextCursor cursor(m_text->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(delta);
        if (atEnd)
            bar->setValue(bar->maximum());
    });
    connect(run, &ChatRun::metricsChanged, this, [this] {
        if (m_run)
            m_metrics->setText(MetricsFormat::line(m_run->metrics()));
    });
    connect(run, &ChatRun::finished, this, &CandidateColumn::onFinished);
}

void CandidateColumn::onFinished()
{
    if (!m_run)
        return;
    m_metrics->setText(MetricsFormat::line(m_run->metrics()));
    m_text->setReadOnly(false);   // the person may now edit the answer before using it
    const RunState& s = m_run->state();
    if (s.status == RunStatus::Failed && s.error) {
        m_status->setText(tr("Failed: %1").arg(QString::fromStdString(s.error->message)));
        m_status->setStyleSheet(QStringLiteral("color: #d13c3c"));
        m_status->show();
    } else if (s.status == RunStatus::Cancelled) {
        m_status->setText(tr("Stopped; the text so far is kept."));
        m_status->setStyleSheet(QString());
        m_status->show();
    }
}

bool CandidateColumn::isRunning() const
{
    return m_run && m_run->isRunning();
}

void CandidateColumn::clear()
{
    m_text->clear();
    m_status->hide();
    m_status->clear();
    setChoice(Choice::None);
}

QString CandidateColumn::text() const
{
    return m_text->toPlainText();
}

QString CandidateColumn::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

QString CandidateColumn::metricsText() const
{
    return m_metrics->text();
}

void CandidateColumn::setChoice(Choice choice)
{
    m_choice = choice;
    m_chosen->setChecked(choice == Choice::Chosen);
    m_rejected->setChecked(choice == Choice::Rejected);
    emit choiceChanged(choice);
}

} // namespace triad::widgets
