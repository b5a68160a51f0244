#pragma once
// Sidebar view: the configured providers and their models, with add / edit / remove /
// refresh. With no provider it says what providers are for and offers "Add a provider".

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace triad::widgets {

class ProviderRegistry;

class ProvidersView : public QWidget {
    Q_OBJECT
public:
    explicit ProvidersView(ProviderRegistry* registry, QWidget* parent = nullptr);

    /** Opens the add dialog (the empty state's button and the toolbar's "+"). */
    void addProvider();
    void editProvider(const QString& providerId);
    /** Asks for confirmation, then removes the provider and its stored key. */
    void removeProvider(const QString& providerId);
    /** Lists the models of the selected provider again (all when none is selected). */
    void refreshModels();

    QString selectedProviderId() const;

signals:
    /** A model was double-clicked: the playground may bind a pane to it. */
    void modelActivated(const QString& providerId, const QString& model);

private:
    void rebuild();
    void updateModels(const QString& providerId);
    void fillProviderItem(QTreeWidgetItem* item, const QString& providerId);
    void updateButtons();
    void addManualModel(const QString& providerId);
    void showContextMenu(const QPoint& pos);

    ProviderRegistry* m_registry = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_emptyState = nullptr;
    QTreeWidget* m_tree = nullptr;
    QToolButton* m_addButton = nullptr;
    QToolButton* m_editButton = nullptr;
    QToolButton* m_removeButton = nullptr;
    QToolButton* m_refreshButton = nullptr;
    QLabel* m_message = nullptr;   ///< the registry's last problem, in plain words
};

} // namespace triad::widgets
