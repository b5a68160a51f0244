#pragma once
// Opens and closes the workspace file the views work on: the default one
// (AppDataLocation/default.triad), one given on the command line, or one the person picks.
// A file written by a newer Triad (or not a workspace at all) is refused with a message
// that says so; the file is never modified, and the previous workspace stays open.

#include <memory>

#include <QObject>
#include <QString>

namespace triad::store {
class Workspace;
}

class QWidget;

namespace triad::widgets {

class WorkspaceController : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceController(QObject* parent = nullptr);
    ~WorkspaceController() override;

    /** AppDataLocation/default.triad (the folder is created when missing). */
    static QString defaultPath();

    /** Opens `path` (creating it when missing) in place of the current workspace. On
     *  failure keeps the current one, remembers the message and, when a dialog parent is
     *  set, shows it in an error dialog. */
    bool open(const QString& path);
    /** Closes the current workspace (aboutToClose() first). */
    void close();

    store::Workspace* workspace() const { return m_workspace.get(); }
    QString path() const;
    /** The file name shown in the title ("default.triad"), "" when none is open. */
    QString displayName() const;
    QString lastError() const { return m_lastError; }

    /** Where error dialogs appear; null (the default, and in tests) shows none. */
    void setDialogParent(QWidget* parent) { m_dialogParent = parent; }

signals:
    /** The current workspace is about to be closed: stop runs, save, let go of it. */
    void aboutToClose();
    /** A workspace was opened (and is now current). */
    void opened(triad::store::Workspace* workspace);
    void closed();
    /** Opening failed; `message` names the file and the reason. */
    void openFailed(const QString& message);

private:
    std::unique_ptr<store::Workspace> m_workspace;
    QString m_lastError;
    QWidget* m_dialogParent = nullptr;
};

} // namespace triad::widgets
