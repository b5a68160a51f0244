#include "widgets/playground/PaneWidget.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/store/RunRepository.h"
#include "widgets/TargetColors.h"
#include "widgets/playground/RichLine.h"
#include "widgets/markdown/MarkdownView.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

namespace {

constexpr int kDotPx = 10;

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

QString describeToolCalls(const nlohmann::json& calls)
{
    QStringList lines;
    for (const auto& call : calls) {
        if (!call.is_object())
            continue;
        const auto fn = call.value("function", nlohmann::json::object());
        const QString name = QString::fromStdString(fn.value("name", std::string()));
        const QString args = QString::fromStdString(fn.value("arguments", std::string()));
        lines << QStringLiteral("→ %1(%2)").arg(name, args);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

PaneWidget::PaneWidget(int index, QWidget* parent)
    : QFrame(parent)
    , m_index(index)
{
    buildUi();
    setIndex(index);
    updateButtons();
    updateMetricsLabel();
}

void PaneWidget::buildUi()
{
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(220);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->setSpacing(4);

    // Header: ● [provider ▾] [model ▾] ×
    auto* header = new QHBoxLayout;
    header->setSpacing(4);
    m_dot = new QLabel(this);
    m_number = new QLabel(this);
    m_number->setToolTip(tr("Pane number (Ctrl+1…6 moves the focus here)"));
    m_provider = new QComboBox(this);
    m_provider->setToolTip(tr("Provider"));
    m_provider->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_provider->setMinimumContentsLength(6);
    m_model = new QComboBox(this);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setToolTip(tr("Model (type a name when the provider does not list it)"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(10);
    m_model->lineEdit()->setPlaceholderText(tr("model name"));
    m_removeButton = toolButton(QStringLiteral("✕"), tr("Close this pane"), this);
    header->addWidget(m_dot);
    header->addWidget(m_number);
    header->addWidget(m_provider, 2);
    header->addWidget(m_model, 3);
    header->addWidget(m_removeButton);
    layout->addLayout(header);

    // Parameters: t=0.7 max=256 [⚙]
    auto* params = new QHBoxLayout;
    m_paramSummary = new QLabel(this);
    m_paramSummary->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_paramSummary->setForegroundRole(QPalette::PlaceholderText);
    m_paramsButton = toolButton(QStringLiteral("⚙"), tr("Parameters of this pane"), this);
    params->addWidget(m_paramSummary, 1);
    params->addWidget(m_paramsButton);
    layout->addLayout(params);

    // Reasoning, collapsed by default and apart from the answer.
    m_reasoningToggle = toolButton(QString(), tr("Show or hide the model's reasoning"), this);
    m_reasoningToggle->setCheckable(true);
    m_reasoningToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reasoningToggle->setArrowType(Qt::RightArrow);
    m_reasoningToggle->hide();
    m_reasoning = new QPlainTextEdit(this);
    m_reasoning->setReadOnly(true);
    m_reasoning->setMaximumHeight(140);
    m_reasoning->setForegroundRole(QPalette::PlaceholderText);
    m_reasoning->hide();
    connect(m_reasoningToggle, &QToolButton::toggled, this, [this](bool open) {
        m_reasoning->setVisible(open);
        m_reasoningToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    layout->addWidget(m_reasoningToggle);
    layout->addWidget(m_reasoning);

    m_answer = new MarkdownView(this);
    m_answer->setPlaceholderText(tr("Write a message above and press Ctrl+Enter to run every pane."));
    layout->addWidget(m_answer, 1);

    m_toolCalls = new QLabel(this);
    m_toolCalls->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_toolCalls->setWordWrap(true);
    m_toolCalls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toolCalls->hide();
    layout->addWidget(m_toolCalls);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);

    m_metricsLabel = new RichLine(this);
    m_metricsLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_metricsLabel->setAlignment(Qt::AlignRight);
    m_metricsLabel->setLineCount(2);   // narrow panes wrap instead of cutting the figures
    m_metricsLabel->setToolTip(tr("Time to first token · output tokens per second · "
                                  "prompt→answer tokens · cost · total time. "
                                  "~ marks estimates, — a figure that is not known."));
    layout->addWidget(m_metricsLabel);

    auto* actions = new QHBoxLayout;
    actions->setSpacing(2);
    m_stopButton = toolButton(tr("■ Stop"), tr("Stop this pane (Esc stops all)"), this);
    m_rerunButton = toolButton(tr("↻ Rerun"), tr("Run this pane again"), this);
    m_copyButton = toolButton(tr("Copy"), tr("Copy the answer as Markdown"), this);
    m_continueButton = toolButton(tr("Continue"), tr("Continue the conversation with this answer"), this);
    m_exportButton = toolButton(tr("Export"), tr("Export this pane's request"), this);
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_exportButton);
    exportMenu->addAction(tr("curl"), this, [this] { emit exportRequested(playground::ExportFormat::Curl); });
    exportMenu->addAction(tr("Python (SDK)"), this, [this] { emit exportRequested(playground::ExportFormat::Python); });
    exportMenu->addAction(tr("JSON body"), this, [this] { emit exportRequested(playground::ExportFormat::Json); });
    m_exportButton->setMenu(exportMenu);
    m_addToDatasetButton = toolButton(tr("Add to dataset…"),
                                      tr("Keep this conversation and answer as an example to label"), this);
    actions->addWidget(m_stopButton);
    actions->addWidget(m_rerunButton);
    actions->addStretch(1);
    actions->addWidget(m_copyButton);
    actions->addWidget(m_continueButton);
    actions->addWidget(m_exportButton);
    actions->addWidget(m_addToDatasetButton);
    layout->addLayout(actions);

    connect(m_provider, &QComboBox::activated, this, [this] { onProviderChosen(); });
    connect(m_model, &QComboBox::activated, this, [this] { onModelEdited(); });
    connect(m_model->lineEdit(), &QLineEdit::editingFinished, this, [this] { onModelEdited(); });
    connect(m_removeButton, &QToolButton::clicked, this, &PaneWidget::removeRequested);
    connect(m_paramsButton, &QToolButton::clicked, this, &PaneWidget::paramsRequested);
    connect(m_stopButton, &QToolButton::clicked, this, &PaneWidget::stopRequested);
    connect(m_rerunButton, &QToolButton::clicked, this, &PaneWidget::rerunRequested);
    connect(m_copyButton, &QToolButton::clicked, this, &PaneWidget::copyAnswer);
    connect(m_continueButton, &QToolButton::clicked, this, &PaneWidget::continueRequested);
    connect(m_addToDatasetButton, &QToolButton::clicked, this, &PaneWidget::addToDatasetRequested);
}

void PaneWidget::setIndex(int index)
{
    m_index = index;
    m_number->setText(QString::number(index + 1));
}

void PaneWidget::setTargets(const QList<ProviderTarget>& targets)
{
    const playground::Target current = target();
    m_targets = targets;
    setTarget(current);
}

void PaneWidget::setTarget(const playground::Target& t)
{
    m_updatingTarget = true;
    const QString providerId = QString::fromStdString(t.providerId);
    m_provider->clear();
    bool found = false;
    for (const ProviderTarget& pt : m_targets) {
        m_provider->addItem(pt.displayName.isEmpty() ? pt.providerId : pt.displayName, pt.providerId);
        found = found || pt.providerId == providerId;
    }
    if (!providerId.isEmpty() && !found)
        m_provider->addItem(tr("%1 (not configured)").arg(providerId), providerId);
    if (m_provider->count() == 0)
        m_provider->addItem(tr("No provider"), QString());
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(providerId)));
    fillModels(m_provider->currentData().toString(), QString::fromStdString(t.model));
    m_updatingTarget = false;
    updateDot();
}

playground::Target PaneWidget::target() const
{
    return {m_provider->currentData().toString().toStdString(),
            m_model->currentText().trimmed().toStdString()};
}

void PaneWidget::fillModels(const QString& providerId, const QString& keepModel)
{
    m_model->clear();
    for (const ProviderTarget& pt : m_targets)
        if (pt.providerId == providerId)
            m_model->addItems(pt.models);
    if (!keepModel.isEmpty() && m_model->findText(keepModel) < 0)
        m_model->addItem(keepModel);
    m_model->setCurrentIndex(keepModel.isEmpty() ? (m_model->count() > 0 ? 0 : -1)
                                                 : m_model->findText(keepModel));
}

void PaneWidget::onProviderChosen()
{
    if (m_updatingTarget)
        return;
    fillModels(m_provider->currentData().toString(), QString());
    updateDot();
    emit targetChanged(target());
}

void PaneWidget::onModelEdited()
{
    if (m_updatingTarget)
        return;
    updateDot();
    emit targetChanged(target());
}

void PaneWidget::updateDot()
{
    const playground::Target t = target();
    const QString label = t.providerId.empty() ? QString() : QString::fromStdString(t.label());
    m_dot->setPixmap(TargetColors::dot(TargetColors::color(label), kDotPx, devicePixelRatioF()));
    m_dot->setToolTip(label);
}

void PaneWidget::setParamSummary(const QString& summary, bool followsFirst)
{
    m_paramSummary->setText(followsFirst ? tr("%1 (as pane 1)").arg(summary) : summary);
}

void PaneWidget::setRemovable(bool removable)
{
    m_removeButton->setEnabled(removable);
}

bool PaneWidget::isRunning() const
{
    return m_run && m_run->isRunning();
}

void PaneWidget::clearAnswer()
{
    if (m_run) {
        m_run->disconnect(this);
        delete m_run.data();   // cancels it if it still runs
    }
    m_answer->clear();
    setReasoning(QString());
    setToolCalls(nlohmann::json());
    setStatus(QString(), false);
    m_hasFigures = false;
    m_metrics = {};
    m_marks = {};
    updateMetricsLabel();
    updateButtons();
}

void PaneWidget::attachRun(ChatRun* run)
{
    clearAnswer();
    m_run = run;
    run->setParent(this);
    m_hasFigures = true;
    m_answer->setPlaceholderText(tr("Waiting for the first token…"));
    connect(run, &ChatRun::textAppended, m_answer, &MarkdownView::appendDelta);
    connect(run, &ChatRun::reasoningAppended, this, &PaneWidget::appendReasoning);
    connect(run, &ChatRun::toolCallsChanged, this, [this] { if (m_run) setToolCalls(m_run->state().toolCalls); });
    connect(run, &ChatRun::retrying, this, [this](const QString& why) {
        setStatus(tr("Retrying: %1").arg(why), false);
    });
    connect(run, &ChatRun::metricsChanged, this, &PaneWidget::onRunMetrics);
    connect(run, &ChatRun::finished, this, &PaneWidget::onRunFinished);
    updateButtons();
    emit figuresChanged();
}

void PaneWidget::onRunMetrics()
{
    if (!m_run)
        return;
    m_metrics = m_run->metrics();
    updateMetricsLabel();
    emit figuresChanged();
}

void PaneWidget::onRunFinished()
{
    if (!m_run)
        return;
    const RunState& s = m_run->state();
    m_metrics = s.metrics;
    switch (s.status) {
    case RunStatus::Cancelled:
        setStatus(m_answer->isEmpty()
                      ? tr("Stopped before any text arrived.")
                      : tr("Stopped after %1 — the text above is what had arrived.")
                            .arg(MetricsFormat::seconds(s.metrics.totalMs)),
                  false);
        break;
    case RunStatus::Failed:
        setStatus(QString::fromStdString(s.error ? s.error->message : std::string()), true);
        break;
    case RunStatus::Finished:
        if (s.finishReason == QLatin1String("length"))
            setStatus(tr("The answer stopped at the token limit (max tokens)."), false);
        else if (s.finishReason == QLatin1String("content_filter"))
            setStatus(tr("The provider's content filter ended the answer."), false);
        else
            setStatus(QString(), false);
        break;
    case RunStatus::Running:
        break;
    }
    m_answer->setPlaceholderText(tr("No text in this answer."));
    updateMetricsLabel();
    updateButtons();
    emit figuresChanged();
}

void PaneWidget::showRecord(const store::RunRecord& record)
{
    clearAnswer();
    m_answer->setMarkdown(QString::fromStdString(record.responseText));
    setReasoning(QString::fromStdString(record.reasoningText));
    setToolCalls(record.toolCalls);
    m_metrics = record.metrics;
    m_hasFigures = true;
    if (record.error) {
        if (record.error->kind == providers::ErrorKind::Cancelled)
            setStatus(tr("Stopped after %1 — the text above is what had arrived.")
                          .arg(MetricsFormat::seconds(record.metrics.totalMs)),
                      false);
        else
            setStatus(QString::fromStdString(record.error->message), true);
    } else if (record.finishReason == "length") {
        setStatus(tr("The answer stopped at the token limit (max tokens)."), false);
    }
    updateMetricsLabel();
    updateButtons();
    emit figuresChanged();
}

void PaneWidget::appendReasoning(const QString& delta)
{
    if (m_reasoningToggle->isHidden())
        m_reasoningToggle->show();
    QScrollBar* bar = m_reasoning->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor cursor(m_reasoning->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(delta);
    if (atEnd)
        bar->setValue(bar->maximum());
    m_reasoningToggle->setText(tr("Reasoning (%n characters)", nullptr,
                                  static_cast<int>(m_reasoning->document()->characterCount() - 1)));
}

void PaneWidget::setReasoning(const QString& text)
{
    m_reasoning->setPlainText(text);
    m_reasoningToggle->setVisible(!text.isEmpty());
    if (text.isEmpty())
        m_reasoningToggle->setChecked(false);
    m_reasoningToggle->setText(tr("Reasoning (%n characters)", nullptr, static_cast<int>(text.size())));
}

void PaneWidget::setToolCalls(const nlohmann::json& calls)
{
    const QString text = calls.is_array() ? describeToolCalls(calls) : QString();
    m_toolCalls->setText(text);
    m_toolCalls->setVisible(!text.isEmpty());
}

void PaneWidget::showNotice(const QString& text, bool isError)
{
    setStatus(text, isError);
}

void PaneWidget::setStatus(const QString& text, bool isError)
{
    m_status->setText(isError ? QStringLiteral("⚠ ") + text : text);
    QPalette pal = palette();
    if (isError)
        pal.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    else
        pal.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_status->setPalette(pal);
    m_status->setVisible(!text.isEmpty());
}

QString PaneWidget::answerText() const
{
    return m_answer->plainText();
}

QString PaneWidget::reasoningText() const
{
    return m_reasoning->toPlainText();
}

PaneFigures PaneWidget::figures() const
{
    PaneFigures f;
    f.hasRun = m_hasFigures;
    f.metrics = m_metrics;
    f.answerChars = static_cast<int>(answerText().size());
    return f;
}

void PaneWidget::setBestMarks(const BestMarks& marks)
{
    m_marks = marks;
    updateMetricsLabel();
}

void PaneWidget::updateMetricsLabel()
{
    // Before the first run there are no figures at all: show nothing rather than dashes.
    m_metricsLabel->setText(m_hasFigures ? MetricsFormat::richLine(m_metrics, m_marks) : QString());
}

QString PaneWidget::metricsText() const
{
    return MetricsFormat::line(m_metrics);
}

QString PaneWidget::statusText() const
{
    return m_status->isVisible() ? m_status->text() : QString();
}

void PaneWidget::updateButtons()
{
    const bool running = isRunning();
    m_stopButton->setEnabled(running);
    m_rerunButton->setEnabled(!running);
    const bool hasAnswer = !answerText().isEmpty();
    m_copyButton->setEnabled(hasAnswer);
    m_continueButton->setEnabled(hasAnswer && !running);
    m_addToDatasetButton->setEnabled(hasAnswer && !running);
}

void PaneWidget::copyAnswer()
{
    QApplication::clipboard()->setText(answerText());
}

void PaneWidget::focusTarget()
{
    m_model->setFocus(Qt::ShortcutFocusReason);
}

} // namespace triad::widgets
