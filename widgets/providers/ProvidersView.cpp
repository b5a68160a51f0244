#include "widgets/providers/ProvidersView.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/providers/ProviderDialog.h"
#include "widgets/providers/ProviderRegistry.h"

namespace triad::widgets {

namespace {

constexpr int kProviderIdRole = Qt::UserRole + 1;
constexpr int kModelRole = Qt::UserRole + 2;      ///< set on model rows only
constexpr int kManualRole = Qt::UserRole + 3;

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& toolTip, const char* objectName)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setObjectName(QLatin1String(objectName));
    button->setAutoRaise(true);
    return button;
}

} // namespace

ProvidersView::ProvidersView(ProviderRegistry* registry, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
{
    // Empty state: what providers are for, and the first step.
    m_emptyState = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(m_emptyState);
    emptyLayout->addStretch();
    auto* title = new QLabel(tr("No providers yet"), m_emptyState);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignHCenter);
    auto* explanation = new QLabel(
        tr("Providers are the model APIs Triad talks to: OpenAI, Anthropic, Fireworks, Groq, a local "
           "Ollama or llama.cpp server, or any OpenAI-compatible URL. Add one to compare its models "
           "side by side in the playground."),
        m_emptyState);
    explanation->setWordWrap(true);
    explanation->setAlignment(Qt::AlignHCenter);
    auto* addFirst = new QPushButton(tr("Add a provider…"), m_emptyState);
    addFirst->setObjectName(QStringLiteral("addFirstProvider"));
    addFirst->setDefault(true);
    emptyLayout->addWidget(title);
    emptyLayout->addWidget(explanation);
    emptyLayout->addSpacing(8);
    emptyLayout->addWidget(addFirst, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("providerTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Provider / model"), tr("Status")});
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setUniformRowHeights(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_tree);

    m_addButton = toolButton(this, tr("Add…"), tr("Add a provider"), "addProvider");
    m_editButton = toolButton(this, tr("Edit…"), tr("Edit the selected provider"), "editProvider");
    m_removeButton = toolButton(this, tr("Remove"), tr("Remove the selected provider and its stored key"), "removeProvider");
    m_refreshButton = toolButton(this, tr("Refresh"), tr("List the models again (F5)"), "refreshModels");
    m_refreshButton->setShortcut(QKeySequence::Refresh);
    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_addButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addStretch();
    toolbar->addWidget(m_refreshButton);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("problem"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_message);

    connect(addFirst, &QPushButton::clicked, this, &ProvidersView::addProvider);
    connect(m_addButton, &QToolButton::clicked, this, &ProvidersView::addProvider);
    connect(m_editButton, &QToolButton::clicked, this, [this] { editProvider(selectedProviderId()); });
    connect(m_removeButton, &QToolButton::clicked, this, [this] { removeProvider(selectedProviderId()); });
    connect(m_refreshButton, &QToolButton::clicked, this, &ProvidersView::refreshModels);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &ProvidersView::updateButtons);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, &ProvidersView::showContextMenu);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString model = item->data(0, kModelRole).toString();
        const QString id = item->data(0, kProviderIdRole).toString();
        if (!model.isEmpty()) emit modelActivated(id, model);
        else editProvider(id);
    });

    if (m_registry) {
        connect(m_registry, &ProviderRegistry::providersChanged, this, &ProvidersView::rebuild);
        connect(m_registry, &ProviderRegistry::modelsChanged, this, &ProvidersView::updateModels);
        connect(m_registry, &ProviderRegistry::keyChanged, this, [this](const QString& id) { updateModels(id); });
        connect(m_registry, &ProviderRegistry::problem, this, [this](const QString& message) {
            m_message->setText(message);
            m_message->show();
        });
    }
    rebuild();
}

QString ProvidersView::selectedProviderId() const
{
    const QList<QTreeWidgetItem*> selected = m_tree->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(0, kProviderIdRole).toString();
}

void ProvidersView::rebuild()
{
    const QString selected = selectedProviderId();
    m_tree->clear();
    const QList<ProviderTarget> targets = m_registry ? m_registry->targets() : QList<ProviderTarget>();
    for (const ProviderTarget& target : targets) {
        auto* item = new QTreeWidgetItem(m_tree);
        item->setData(0, kProviderIdRole, target.providerId);
        fillProviderItem(item, target.providerId);
        item->setExpanded(true);
        if (target.providerId == selected) item->setSelected(true);
    }
    m_stack->setCurrentWidget(targets.isEmpty() ? m_emptyState : static_cast<QWidget*>(m_tree));
    updateButtons();
}

void ProvidersView::updateModels(const QString& providerId)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_tree->topLevelItem(i);
        if (item->data(0, kProviderIdRole).toString() == providerId) {
            fillProviderItem(item, providerId);
            return;
        }
    }
}

void ProvidersView::fillProviderItem(QTreeWidgetItem* item, const QString& providerId)
{
    const auto config = m_registry->config(providerId);
    if (!config) return;
    item->setText(0, QString::fromStdString(config->displayName));
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setToolTip(0, QString::fromStdString(config->baseUrl));

    const QStringList models = m_registry->models(providerId);
    const QStringList manual = m_registry->manualModels(providerId);
    // Short facts first (key, count), the long error text last, so a narrow column still
    // shows what matters.
    QStringList parts;
    switch (m_registry->keySource(providerId)) {
    case KeySource::Keychain: parts << tr("key %1").arg(m_registry->maskedKey(providerId)); break;
    case KeySource::Environment:
        parts << tr("key %1 from %2").arg(m_registry->maskedKey(providerId), QString::fromStdString(config->apiKeyEnv));
        break;
    case KeySource::None: break;
    }
    switch (m_registry->modelListState(providerId)) {
    case ModelListState::NotLoaded: parts << tr("%1 models (not listed yet)").arg(models.size()); break;
    case ModelListState::Loading: parts << tr("listing models…"); break;
    case ModelListState::Listed: parts << tr("%1 models").arg(models.size()); break;
    case ModelListState::Failed: parts << tr("listing failed: %1").arg(m_registry->modelListError(providerId)); break;
    }
    const QString status = parts.join(QStringLiteral(" · "));
    item->setText(1, status);
    item->setToolTip(1, status);

    qDeleteAll(item->takeChildren());
    for (const QString& model : models) {
        auto* child = new QTreeWidgetItem(item);
        child->setText(0, model);
        child->setData(0, kProviderIdRole, providerId);
        child->setData(0, kModelRole, model);
        const bool isManual = manual.contains(model);
        child->setData(0, kManualRole, isManual);
        if (isManual) child->setText(1, tr("added by hand"));
        child->setToolTip(0, tr("Double-click to use %1 in the playground").arg(model));
    }
}

void ProvidersView::updateButtons()
{
    const QString id = selectedProviderId();
    bool persisted = false;
    if (m_registry && !id.isEmpty()) {
        const QList<providers::ProviderConfig> configs = m_registry->configs();
        persisted = std::any_of(configs.begin(), configs.end(),
                                [&](const providers::ProviderConfig& c) { return QString::fromStdString(c.id) == id; });
    }
    m_editButton->setEnabled(persisted);
    m_removeButton->setEnabled(persisted);
    m_refreshButton->setEnabled(m_registry && !m_registry->targets().isEmpty());
}

void ProvidersView::addProvider()
{
    if (!m_registry) return;
    ProviderDialog dialog(m_registry, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString id = m_registry->addProvider(dialog.config(), dialog.enteredKey().value_or(QString()));
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kProviderIdRole).toString() == id) m_tree->setCurrentItem(m_tree->topLevelItem(i));
}

void ProvidersView::editProvider(const QString& providerId)
{
    if (!m_registry) return;
    const auto config = m_registry->config(providerId);
    if (!config || config->kind == providers::ApiKind::Local) return;
    ProviderDialog dialog(m_registry, this);
    const QString stored = m_registry->keySource(providerId) == KeySource::Keychain ? m_registry->maskedKey(providerId) : QString();
    dialog.setConfig(*config, stored);
    if (dialog.exec() != QDialog::Accepted) return;
    m_registry->updateProvider(dialog.config(), dialog.enteredKey());
}

void ProvidersView::removeProvider(const QString& providerId)
{
    if (!m_registry || providerId.isEmpty()) return;
    const auto config = m_registry->config(providerId);
    if (!config) return;
    const auto answer = QMessageBox::question(
        this, tr("Remove provider"),
        tr("Remove “%1”? Its stored key is deleted from the keychain. Sessions that use it keep "
           "their panes and history.")
            .arg(QString::fromStdString(config->displayName)));
    if (answer == QMessageBox::Yes) m_registry->removeProvider(providerId);
}

void ProvidersView::refreshModels()
{
    if (!m_registry) return;
    m_message->hide();
    const QString id = selectedProviderId();
    if (id.isEmpty()) m_registry->refreshAllModels();
    else m_registry->refreshModels(id);
}

void ProvidersView::addManualModel(const QString& providerId)
{
    bool ok = false;
    const QString model = QInputDialog::getText(
        this, tr("Add a model"),
        tr("Model id as the provider expects it (for example accounts/fireworks/models/llama-v3p1-8b-instruct):"),
        QLineEdit::Normal, QString(), &ok);
    if (ok && !model.trimmed().isEmpty()) m_registry->addManualModel(providerId, model.trimmed());
}

void ProvidersView::showContextMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_tree->itemAt(pos);
    QMenu menu(this);
    if (!item) {
        menu.addAction(tr("Add a provider…"), this, &ProvidersView::addProvider);
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
        return;
    }
    const QString id = item->data(0, kProviderIdRole).toString();
    const QString model = item->data(0, kModelRole).toString();
    if (!model.isEmpty()) {
        menu.addAction(tr("Use in the playground"), this, [this, id, model] { emit modelActivated(id, model); });
        if (item->data(0, kManualRole).toBool())
            menu.addAction(tr("Remove this model"), this, [this, id, model] { m_registry->removeManualModel(id, model); });
        menu.addSeparator();
    }
    const bool editable = m_registry->config(id) && m_registry->config(id)->kind != providers::ApiKind::Local;
    if (editable) menu.addAction(tr("Edit provider…"), this, [this, id] { editProvider(id); });
    menu.addAction(tr("Refresh models"), this, [this, id] { m_registry->refreshModels(id); });
    menu.addAction(tr("Add a model by name…"), this, [this, id] { addManualModel(id); });
    if (editable) {
        menu.addSeparator();
        menu.addAction(tr("Remove provider…"), this, [this, id] { removeProvider(id); });
    }
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace triad::widgets
