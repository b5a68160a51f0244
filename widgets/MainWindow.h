#pragma once
// The main window wires views together and holds no logic of its own: a sidebar of the
// views that work (Playground, Models, Providers, Labeling), the open workspace in the title, menus with
// their shortcuts, and a status bar with the streaming requests and a network hint.

#include <QMainWindow>

#include "core/metrics/PriceTable.h"

class QListWidget;
class QStackedWidget;

namespace triad::store {
class Workspace;
}

namespace triad::widgets {

class ChatRunBridge;
class CommandPalette;
class KeychainStore;
class LabelingView;
class LocalModelController;
class ModelsView;
class PlaygroundView;
class ProviderRegistry;
class ProvidersView;
class ShortcutsOverlay;
class StatusIndicator;
class WorkspaceController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /** Opens `workspacePath`, or the default workspace when empty. */
    explicit MainWindow(const QString& workspacePath = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkspaceController* workspaces() const { return m_workspaces; }
    PlaygroundView* playground() const { return m_playground; }
    ProviderRegistry* registry() const { return m_registry; }
    LocalModelController* localModels() const { return m_local; }
    ModelsView* modelsView() const { return m_models; }
    LabelingView* labelingView() const { return m_labeling; }
    StatusIndicator* statusIndicator() const { return m_status; }
    ShortcutsOverlay* shortcutsOverlay();
    void showView(int index);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildViews();
    void onWorkspaceOpened(store::Workspace* workspace);
    void onWorkspaceClosing();
    void updateTitle();
    void newWorkspace();
    void openWorkspace();
    void showShortcuts();
    void showCommandPalette();
    void restoreWindowState();
    void saveWindowState();

    KeychainStore* m_keychain = nullptr;
    ProviderRegistry* m_registry = nullptr;
    ChatRunBridge* m_bridge = nullptr;
    WorkspaceController* m_workspaces = nullptr;
    LocalModelController* m_local = nullptr;
    metrics::PriceTable m_prices;

    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_stack = nullptr;
    PlaygroundView* m_playground = nullptr;
    ModelsView* m_models = nullptr;
    ProvidersView* m_providers = nullptr;
    LabelingView* m_labeling = nullptr;
    StatusIndicator* m_status = nullptr;
    ShortcutsOverlay* m_shortcuts = nullptr;
    CommandPalette* m_palette = nullptr;
    QAction* m_paletteAction = nullptr;
};

} // namespace triad::widgets
