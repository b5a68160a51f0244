#include "widgets/labeling/CandidatesPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/datasets/ChatExample.h"
#include "widgets/bridge/ChatRunBridge.h"
#include "widgets/labeling/CandidateColumn.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

CandidatesPanel::CandidatesPanel(ProviderRegistry* registry, ChatRunBridge* bridge, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_bridge(bridge)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    m_generate = new QPushButton(tr("Generate candidates (G)"), this);
    m_generate->setToolTip(tr("Run the example's prompt on every target below, side by side"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_add = new QPushButton(tr("+ Target"), this);
    m_add->setToolTip(tr("Compare up to four targets"));
    m_savePair = new QPushButton(tr("Save preference pair"), this);
    m_savePair->setToolTip(tr("Store the prompt with the chosen (✓) and rejected (✗) candidates"));
    for (QPushButton* b : {m_generate, m_stop, m_add, m_savePair})
        b->setFocusPolicy(Qt::NoFocus);
    m_hint = new QLabel(this);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_generate);
    bar->addWidget(m_stop);
    bar->addWidget(m_add);
    bar->addWidget(m_hint, 1);
    bar->addWidget(m_savePair);
    layout->addLayout(bar);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);

    connect(m_generate, &QPushButton::clicked, this, &CandidatesPanel::generate);
    connect(m_stop, &QPushButton::clicked, this, &CandidatesPanel::stop);
    connect(m_add, &QPushButton::clicked, this, [this] { addColumn(); });
    connect(m_savePair, &QPushButton::clicked, this, [this] {
        QString chosen, rejected;
        for (CandidateColumn* c : m_columns) {
            if (c->choice() == CandidateColumn::Choice::Chosen)
                chosen = c->text();
            else if (c->choice() == CandidateColumn::Choice::Rejected)
                rejected = c->text();
        }
        emit savePairRequested(chosen, rejected);
    });
    if (m_registry)
        connect(m_registry, &ProviderRegistry::targetsChanged, this, &CandidatesPanel::onTargetsChanged);
    if (m_bridge)
        connect(m_bridge, &ChatRunBridge::activeRunCountChanged, this, &CandidatesPanel::updateButtons);
    addColumn();
    addColumn();
    updateButtons();
}

playground::Target CandidatesPanel::nextUnusedTarget() const
{
    if (!m_registry)
        return {};
    playground::Target fallback;
    for (const ProviderTarget& t : m_registry->targets()) {
        for (const QString& model : t.models) {
            const playground::Target candidate{t.providerId.toStdString(), model.toStdString()};
            if (fallback.model.empty())
                fallback = candidate;
            const bool used = std::any_of(m_columns.begin(), m_columns.end(),
                                          [&](const CandidateColumn* c) { return c->target() == candidate; });
            if (!used)
                return candidate;
        }
    }
    return fallback;
}

CandidateColumn* CandidatesPanel::addColumn(const playground::Target& target)
{
    if (columnCount() >= kMaxColumns)
        return nullptr;
    auto* column = new CandidateColumn(m_splitter);
    if (m_registry)
        column->setTargets(m_registry->targets());
    column->setTarget(target.model.empty() ? nextUnusedTarget() : target);
    m_splitter->addWidget(column);
    m_columns.push_back(column);
    connect(column, &CandidateColumn::removeRequested, this, [this, column] {
        const auto it = std::find(m_columns.begin(), m_columns.end(), column);
        if (it != m_columns.end())
            removeColumn(int(it - m_columns.begin()));
    });
    connect(column, &CandidateColumn::useRequested, this, [this, column] {
        if (!column->text().isEmpty())
            emit useAnswerRequested(column->text());
    });
    connect(column, &CandidateColumn::choiceChanged, this, [this, column] { onChoiceChanged(column); });
    updateButtons();
    return column;
}

void CandidatesPanel::removeColumn(int index)
{
    if (index < 0 || index >= columnCount() || columnCount() <= 1)
        return;
    CandidateColumn* gone = m_columns[size_t(index)];
    m_columns.erase(m_columns.begin() + index);
    delete gone;   // cancels its run
    updateButtons();
}

CandidateColumn* CandidatesPanel::column(int index) const
{
    return index >= 0 && index < columnCount() ? m_columns[size_t(index)] : nullptr;
}

void CandidatesPanel::setPrompt(const nlohmann::json& prompt)
{
    if (prompt == m_prompt)
        return;
    m_prompt = prompt;
    for (CandidateColumn* c : m_columns) {
        if (c->run())
            c->run()->cancel();
        c->clear();
    }
    updateButtons();
}

void CandidatesPanel::generate()
{
    if (!m_bridge)
        return;
    if (m_prompt.empty()) {
        emit problem(tr("This example has no prompt to generate an answer for."));
        return;
    }
    const providers::ChatRequest base = datasets::chatFromPrompt(m_prompt);
    for (CandidateColumn* c : m_columns) {
        const playground::Target target = c->target();
        if (target.providerId.empty() || target.model.empty()) {
            c->clear();
            continue;
        }
        providers::ChatRequest request = base;
        request.model = target.model;
        RunInfo info;
        info.target = target;   // sessionId 0: candidates are not playground runs
        std::shared_ptr<providers::Provider> provider;
        if (m_registry) {
            const QString id = QString::fromStdString(target.providerId);
            provider = m_registry->provider(id);
            if (const auto config = m_registry->config(id); config && !config->presetId.empty())
                info.priceProviderId = config->presetId;
        }
        c->attachRun(m_bridge->start(provider, request, info, c));
    }
    updateButtons();
}

void CandidatesPanel::stop()
{
    for (CandidateColumn* c : m_columns)
        if (c->run())
            c->run()->cancel();
}

bool CandidatesPanel::isRunning() const
{
    return std::any_of(m_columns.begin(), m_columns.end(), [](const CandidateColumn* c) { return c->isRunning(); });
}

void CandidatesPanel::onTargetsChanged()
{
    const auto targets = m_registry->targets();
    for (CandidateColumn* c : m_columns) {
        c->setTargets(targets);
        if (c->target().model.empty())
            c->setTarget(nextUnusedTarget());
    }
    updateButtons();
}

void CandidatesPanel::onChoiceChanged(CandidateColumn* changed)
{
    // One chosen and one rejected at most: marking another moves the mark.
    if (changed->choice() != CandidateColumn::Choice::None) {
        for (CandidateColumn* c : m_columns)
            if (c != changed && c->choice() == changed->choice())
                c->setChoice(CandidateColumn::Choice::None);
    }
    updateButtons();
}

void CandidatesPanel::updateButtons()
{
    bool chosen = false, rejected = false;
    for (CandidateColumn* c : m_columns) {
        chosen |= c->choice() == CandidateColumn::Choice::Chosen && !c->text().isEmpty();
        rejected |= c->choice() == CandidateColumn::Choice::Rejected && !c->text().isEmpty();
    }
    m_savePair->setEnabled(chosen && rejected);
    m_add->setEnabled(columnCount() < kMaxColumns);
    m_stop->setEnabled(isRunning());
    const bool haveTargets = m_registry && !m_registry->targets().isEmpty();
    m_generate->setEnabled(haveTargets && !m_prompt.empty());
    m_hint->setText(haveTargets ? QString()
                                : tr("Add a provider or load a local model to generate candidates."));
}

} // namespace triad::widgets
