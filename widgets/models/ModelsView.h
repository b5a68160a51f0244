#pragma once
// Sidebar view of local models: the GGUF files of the workspace's catalogue in a table
// (name, architecture, parameters, quantization, context, template, size, state, memory),
// the selected file's details, and the actions — add files or a folder (or drop them on the
// view), load, unload, remove, use in the playground, and add a LoRA adapter to a model (its
// row then follows the model's and is a playground target of its own). Files core refuses are reported in a
// line above the table, with core's message naming the file and the reason; nothing modal.
// With no model it says what local models are for and offers "Add a GGUF file…".

#include <QStringList>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace triad::widgets {

class LocalModelController;
struct LocalModelRow;
class LocalModelTableModel;
class ModelDetailsPanel;

class ModelsView : public QWidget {
    Q_OBJECT
public:
    explicit ModelsView(LocalModelController* controller, QWidget* parent = nullptr);

    /** Opens a file dialog (several files may be picked) and adds them. */
    void addFilesWithDialog();
    /** Opens a folder dialog and adds the *.gguf files directly inside it. */
    void addFolderWithDialog();
    void loadSelected();
    void unloadSelected();
    /** Removes the selected rows (models, or adapters from their model); files stay on disk. */
    void removeSelected();
    /** Opens a file dialog for a LoRA adapter GGUF and adds it to the selected model. */
    void addAdapterWithDialog();
    /** Adds the adapter `adapterPath` to the selected model (one model row selected); a file
     *  that does not fit the model is reported in the message line with core's reason. */
    void addAdapterToSelected(const QString& adapterPath);
    /** Binds the selected loaded model to a playground pane (modelActivated()). */
    void useSelected();

    /** Selects the row whose key is `key` (a model's path; see LocalModelRow::key()). */
    void selectPath(const QString& key);
    /** Keys of the selected rows (a model row's key is its path). */
    QStringList selectedPaths() const;
    /** The line above the table ("" when hidden): files that were not added, and why. */
    QString messageText() const;
    /** "2 loaded · 312 MB in use". */
    QString summaryText() const;
    bool isShowingEmptyState() const;

    LocalModelTableModel* tableModel() const { return m_model; }
    ModelDetailsPanel* detailsPanel() const { return m_details; }
    QTableView* table() const { return m_table; }

signals:
    /** A loaded model should be used in the playground ("local", id). */
    void modelActivated(const QString& providerId, const QString& model);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildEmptyState();
    void refresh();
    void updateButtons();
    void updateDetails();
    void onAddFinished(const QStringList& added, const QStringList& errors);
    void showMessage(const QString& text, bool isError);
    void activate(const QModelIndex& index);
    void onAdapterAdded(const QString& modelPath, const QString& adapterPath, const QString& targetId, const QString& error);
    /** The selected row of key `key`, or nullptr. */
    const LocalModelRow* rowOfKey(const QString& key) const;

    LocalModelController* m_controller = nullptr;
    LocalModelTableModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_emptyState = nullptr;
    QWidget* m_content = nullptr;
    QTableView* m_table = nullptr;
    ModelDetailsPanel* m_details = nullptr;
    QWidget* m_messageBar = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_summary = nullptr;
    QToolButton* m_addFilesButton = nullptr;
    QToolButton* m_addFolderButton = nullptr;
    QToolButton* m_loadButton = nullptr;
    QToolButton* m_unloadButton = nullptr;
    QToolButton* m_removeButton = nullptr;
    QToolButton* m_useButton = nullptr;
    QToolButton* m_addAdapterButton = nullptr;
};

} // namespace triad::widgets
