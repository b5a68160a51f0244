#include "widgets/playground/PaneParamsDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace triad::widgets {

namespace {

QDoubleSpinBox* doubleSpin(double min, double max, double step, double value, int decimals = 2)
{
    auto* spin = new QDoubleSpinBox;
    spin->setRange(min, max);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    spin->setValue(value);
    return spin;
}

QString number(double v)
{
    return QString::number(v, 'g', 4);
}

} // namespace

PaneParamsDialog::PaneParamsDialog(int paneIndex, const providers::SamplingParams& initial,
                                   bool sameAsFirst, const providers::SamplingParams& firstPaneParams,
                                   QWidget* parent)
    : QDialog(parent)
    , m_firstPaneParams(firstPaneParams)
    , m_ownParams(initial)
{
    setWindowTitle(tr("Parameters of pane %1").arg(paneIndex + 1));
    auto* layout = new QVBoxLayout(this);

    m_sameAsFirst = new QCheckBox(tr("Same as pane 1"), this);
    m_sameAsFirst->setChecked(paneIndex > 0 && sameAsFirst);
    m_sameAsFirst->setVisible(paneIndex > 0);
    layout->addWidget(m_sameAsFirst);

    m_form = new QWidget(this);
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    auto addRow = [form](QCheckBox*& use, const QString& label, QWidget* editor, const QString& tip) {
        use = new QCheckBox(label);
        use->setToolTip(tip);
        editor->setToolTip(tip);
        QObject::connect(use, &QCheckBox::toggled, editor, &QWidget::setEnabled);
        form->addRow(use, editor);
    };
    m_temperature = doubleSpin(0.0, 2.0, 0.1, 0.7);
    addRow(m_useTemperature, tr("Temperature"), m_temperature,
           tr("Randomness of sampling; 0 picks the most likely token."));
    m_topP = doubleSpin(0.0, 1.0, 0.05, 1.0);
    addRow(m_useTopP, tr("Top p"), m_topP, tr("Sample only from the most likely tokens whose probabilities add up to p."));
    m_topK = new QSpinBox;
    m_topK->setRange(1, 1000);
    m_topK->setValue(40);
    addRow(m_useTopK, tr("Top k"), m_topK, tr("Sample only from the k most likely tokens (not every provider supports it)."));
    m_minP = doubleSpin(0.0, 1.0, 0.01, 0.05);
    addRow(m_useMinP, tr("Min p"), m_minP, tr("Drop tokens less likely than p times the most likely one (not every provider supports it)."));
    m_maxTokens = new QSpinBox;
    m_maxTokens->setRange(1, 1'000'000);
    m_maxTokens->setValue(256);
    addRow(m_useMaxTokens, tr("Max tokens"), m_maxTokens, tr("Longest answer, in tokens."));
    m_seed = new QLineEdit;
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?\\d{1,18}")), m_seed));
    m_seed->setText(QStringLiteral("42"));
    addRow(m_useSeed, tr("Seed"), m_seed, tr("Same seed and parameters give the same answer where the provider supports it."));
    m_presence = doubleSpin(-2.0, 2.0, 0.1, 0.0);
    addRow(m_usePresence, tr("Presence penalty"), m_presence, tr("Positive values favour tokens not used yet."));
    m_frequency = doubleSpin(-2.0, 2.0, 0.1, 0.0);
    addRow(m_useFrequency, tr("Frequency penalty"), m_frequency, tr("Positive values penalise tokens by how often they were used."));
    m_stop = new QPlainTextEdit;
    m_stop->setPlaceholderText(tr("One stop sequence per line"));
    m_stop->setMaximumHeight(m_stop->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(new QLabel(tr("Stop sequences")), m_stop);
    layout->addWidget(m_form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    load(m_sameAsFirst->isChecked() ? m_firstPaneParams : m_ownParams);
    connect(m_sameAsFirst, &QCheckBox::toggled, this, [this](bool same) {
        // Show what will be sent: pane 1's values while following it, our own otherwise.
        if (same) {
            m_ownParams = this->params();
            load(m_firstPaneParams);
        } else {
            load(m_ownParams);
        }
        updateEnabled();
    });
    updateEnabled();
}

void PaneParamsDialog::load(const providers::SamplingParams& p)
{
    auto set = [](QCheckBox* use, QWidget* editor, bool on) {
        use->setChecked(on);
        editor->setEnabled(on);
    };
    set(m_useTemperature, m_temperature, p.temperature.has_value());
    if (p.temperature)
        m_temperature->setValue(*p.temperature);
    set(m_useTopP, m_topP, p.topP.has_value());
    if (p.topP)
        m_topP->setValue(*p.topP);
    set(m_useTopK, m_topK, p.topK.has_value());
    if (p.topK)
        m_topK->setValue(*p.topK);
    set(m_useMinP, m_minP, p.minP.has_value());
    if (p.minP)
        m_minP->setValue(*p.minP);
    set(m_useMaxTokens, m_maxTokens, p.maxTokens.has_value());
    if (p.maxTokens)
        m_maxTokens->setValue(*p.maxTokens);
    set(m_useSeed, m_seed, p.seed.has_value());
    if (p.seed)
        m_seed->setText(QString::number(*p.seed));
    set(m_usePresence, m_presence, p.presencePenalty.has_value());
    if (p.presencePenalty)
        m_presence->setValue(*p.presencePenalty);
    set(m_useFrequency, m_frequency, p.frequencyPenalty.has_value());
    if (p.frequencyPenalty)
        m_frequency->setValue(*p.frequencyPenalty);
    QStringList stops;
    for (const auto& s : p.stop)
        stops << QString::fromStdString(s);
    m_stop->setPlainText(stops.join(QLatin1Char('\n')));
}

void PaneParamsDialog::updateEnabled()
{
    m_form->setEnabled(!m_sameAsFirst->isChecked());
}

bool PaneParamsDialog::sameAsFirst() const
{
    return m_sameAsFirst->isVisible() && m_sameAsFirst->isChecked();
}

providers::SamplingParams PaneParamsDialog::params() const
{
    if (sameAsFirst())
        return m_ownParams;   // kept for when the pane stops following pane 1
    providers::SamplingParams p;
    if (m_useTemperature->isChecked())
        p.temperature = m_temperature->value();
    if (m_useTopP->isChecked())
        p.topP = m_topP->value();
    if (m_useTopK->isChecked())
        p.topK = m_topK->value();
    if (m_useMinP->isChecked())
        p.minP = m_minP->value();
    if (m_useMaxTokens->isChecked())
        p.maxTokens = m_maxTokens->value();
    if (m_useSeed->isChecked()) {
        bool ok = false;
        const qlonglong seed = m_seed->text().toLongLong(&ok);
        if (ok)
            p.seed = seed;
    }
    if (m_usePresence->isChecked())
        p.presencePenalty = m_presence->value();
    if (m_useFrequency->isChecked())
        p.frequencyPenalty = m_frequency->value();
    const QStringList lines = m_stop->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines)
        if (!line.isEmpty())
            p.stop.push_back(line.toStdString());
    p.repetitionPenalty = m_ownParams.repetitionPenalty;   // not editable here; keep it
    return p;
}

QString PaneParamsDialog::summary(const providers::SamplingParams& p)
{
    QStringList parts;
    if (p.temperature)
        parts << QStringLiteral("t=") + number(*p.temperature);
    if (p.topP)
        parts << QStringLiteral("top_p=") + number(*p.topP);
    if (p.topK)
        parts << QStringLiteral("top_k=") + QString::number(*p.topK);
    if (p.minP)
        parts << QStringLiteral("min_p=") + number(*p.minP);
    if (p.maxTokens)
        parts << QStringLiteral("max=") + QString::number(*p.maxTokens);
    if (p.seed)
        parts << QStringLiteral("seed=") + QString::number(*p.seed);
    if (p.presencePenalty)
        parts << QStringLiteral("pres=") + number(*p.presencePenalty);
    if (p.frequencyPenalty)
        parts << QStringLiteral("freq=") + number(*p.frequencyPenalty);
    if (!p.stop.empty())
        parts << tr("%n stop(s)", nullptr, static_cast<int>(p.stop.size()));
    return parts.isEmpty() ? tr("provider defaults") : parts.join(QLatin1Char(' '));
}

} // namespace triad::widgets
