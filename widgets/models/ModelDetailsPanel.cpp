#include "widgets/models/ModelDetailsPanel.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "widgets/models/ModelFormat.h"

namespace triad::widgets {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/** Builds the two-column fact table; values are escaped, figures monospace. */
class FactTable {
public:
    void section(const QString& title)
    {
        m_html += QStringLiteral("<tr><td colspan='2' style='padding-top:8px'><b>%1</b></td></tr>").arg(title.toHtmlEscaped());
    }
    void fact(const QString& label, const QString& value, bool figure = false, const QString& colour = {})
    {
        if (value.isEmpty()) return;
        QString shown = value.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (figure) shown = QStringLiteral("<code>%1</code>").arg(shown);
        if (!colour.isEmpty()) shown = QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, shown);
        m_html += QStringLiteral("<tr><td style='padding-right:12px; white-space:nowrap'>%1</td><td>%2</td></tr>")
                      .arg(label.toHtmlEscaped(), shown);
    }
    QString html() const { return QStringLiteral("<table cellspacing='0' cellpadding='1'>%1</table>").arg(m_html); }

private:
    QString m_html;
};

} // namespace

ModelDetailsPanel::ModelDetailsPanel(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body = new QTextBrowser(this);
    m_body->setObjectName(QStringLiteral("modelDetails"));
    m_body->setFrameShape(QFrame::NoFrame);
    m_body->setOpenLinks(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_body, 1);
    setRow(std::nullopt);
}

void ModelDetailsPanel::setRow(const std::optional<LocalModelRow>& row)
{
    if (!row) {
        m_path.clear();
        m_title->setText(tr("Details"));
        m_body->setPlainText(tr("Select a model to see everything its file says about it."));
        return;
    }
    QString name = row->status && !row->status->summary.name.empty() ? q(row->status->summary.name)
                                                                     : QFileInfo(row->path).completeBaseName();
    if (row->isAdapter())
        name = tr("%1 (LoRA adapter)").arg(row->adapter ? q(row->adapter->name) : QFileInfo(row->path).completeBaseName());
    m_title->setText(name);
    // Keep the reader's place when the same model is refreshed (busy/idle, memory).
    const bool sameModel = row->key() == m_path;
    const int scroll = m_body->verticalScrollBar()->value();
    m_body->setHtml(html(*row));
    m_body->verticalScrollBar()->setValue(sameModel ? scroll : 0);
    m_path = row->key();
}

QString ModelDetailsPanel::plainText() const
{
    return m_title->text() + QLatin1Char('\n') + m_body->toPlainText();
}

QString ModelDetailsPanel::adapterHtml(const LocalModelRow& row) const
{
    const QString red = QStringLiteral("#d03a3a");
    FactTable facts;
    facts.fact(tr("File"), QDir::toNativeSeparators(row.path));
    facts.fact(tr("Adapts"), QDir::toNativeSeparators(row.basePath));
    facts.fact(tr("State"), ModelFormat::state(row), false, row.state() == LocalRowState::Failed ? red : QString());
    if (row.state() == LocalRowState::Loaded)
        facts.fact(tr("Playground target"), tr("Local models / %1").arg(row.id()));
    else if (row.state() == LocalRowState::NotLoaded)
        facts.fact(tr("Playground target"), tr("when the model is loaded"));
    if (row.adapter) {
        facts.fact(tr("Scale"), QString::number(row.adapter->scale), true);
        facts.fact(tr("Memory"), ModelFormat::bytes(row.memoryBytes()), true);
    }
    facts.fact(tr("File size"), ModelFormat::bytes(quint64(QFileInfo(row.path).size())), true);
    return facts.html();
}

QString ModelDetailsPanel::html(const LocalModelRow& row) const
{
    if (row.isAdapter()) return adapterHtml(row);
    const QString red = QStringLiteral("#d03a3a");
    FactTable head;
    head.fact(tr("File"), QDir::toNativeSeparators(row.path));
    head.fact(tr("State"), ModelFormat::activity(row), false, row.state() == LocalRowState::Failed ? red : QString());
    if (!row.status) return head.html();

    const local::LocalModelStatus& st = *row.status;
    const engine::GgufSummary& s = st.summary;
    const std::optional<engine::ModelInfo>& info = st.info;
    if (row.state() == LocalRowState::Loaded)
        head.fact(tr("Playground target"), tr("Local models / %1").arg(q(st.id)));
    if (!s.supported && !s.unsupportedReason.empty()) head.fact(tr("Not supported"), q(s.unsupportedReason), false, red);

    // Two columns side by side, so the whole story fits beside a short table without scrolling.
    FactTable left;
    left.section(tr("Model"));
    left.fact(tr("Architecture"), q(s.architecture));
    if (s.parameterCount > 0)
        left.fact(tr("Parameters"), QStringLiteral("%1 (%2)").arg(ModelFormat::parameters(s.parameterCount),
                                                                  ModelFormat::count(s.parameterCount)), true);
    left.fact(tr("Layers"), s.blockCount > 0 ? ModelFormat::count(s.blockCount) : QString(), true);
    left.fact(tr("Embedding length"), s.embeddingLength > 0 ? ModelFormat::count(s.embeddingLength) : QString(), true);
    left.fact(tr("Trained context"), s.contextLength > 0 ? tr("%1 tokens").arg(ModelFormat::count(s.contextLength)) : tr("unknown"), true);
    if (st.contextLength > 0) left.fact(tr("Context in use"), tr("%1 tokens").arg(ModelFormat::count(st.contextLength)), true);

    left.section(tr("Tokenizer and chat"));
    QString tokenizer = info && !info->tokenizer.empty() ? q(info->tokenizer) : q(s.tokenizerModel);
    if (!info && !s.tokenizerPre.empty()) tokenizer += tr(" (pre-tokenizer: %1)").arg(q(s.tokenizerPre));
    left.fact(tr("Tokenizer"), tokenizer);
    left.fact(tr("Vocabulary"), s.vocabSize > 0 ? tr("%1 tokens").arg(ModelFormat::count(s.vocabSize)) : QString(), true);
    left.fact(tr("Chat template"), q(s.chatTemplate));
    left.fact(tr("Template note"), q(s.chatTemplateNote));

    FactTable right;
    right.section(tr("Weights"));
    right.fact(tr("Quantization"), q(s.quantization));
    if (info && !info->quantizationMix.empty()) right.fact(tr("Mix (by bytes)"), q(info->quantizationMix));
    QStringList types;
    for (const auto& [type, bytes] : s.bytesByType)
        types << QStringLiteral("%1 %2").arg(q(type), ModelFormat::bytes(quint64(bytes)));
    right.fact(tr("Tensor bytes by type"), types.join(QLatin1Char('\n')), true);
    right.fact(tr("Tensors"), s.tensorCount > 0 ? ModelFormat::count(s.tensorCount) : QString(), true);
    right.fact(tr("File size"), ModelFormat::bytes(s.fileSizeBytes), true);
    if (info && info->weightBytes > 0) right.fact(tr("Read per token"), ModelFormat::bytes(info->weightBytes), true);

    right.section(tr("Memory"));
    if (row.state() == LocalRowState::Loaded) {
        right.fact(tr("Mapped file"), ModelFormat::bytes(st.mappedBytes), true);
        right.fact(tr("KV cache and scratch"), ModelFormat::bytes(st.memoryBytes), true);
        right.fact(tr("Total"), ModelFormat::bytes(row.memoryBytes()), true);
    } else {
        right.fact(tr("In use"), tr("none (not loaded)"));
    }
    return head.html()
        + QStringLiteral("<table cellspacing='0' cellpadding='0'><tr><td valign='top'>%1</td>"
                         "<td width='32'></td><td valign='top'>%2</td></tr></table>")
              .arg(left.html(), right.html());
}

} // namespace triad::widgets
