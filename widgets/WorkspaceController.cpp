#include "widgets/WorkspaceController.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>

#include "core/store/StoreError.h"
#include "core/store/Workspace.h"

namespace triad::widgets {

WorkspaceController::WorkspaceController(QObject* parent)
    : QObject(parent)
{
}

WorkspaceController::~WorkspaceController()
{
    close();
}

QString WorkspaceController::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("default.triad"));
}

bool WorkspaceController::open(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    std::unique_ptr<store::Workspace> next;
    QString headline;
    try {
        next = store::Workspace::open(QFile::encodeName(absolute).toStdString());
    } catch (const store::StoreError& e) {
        const QString details = QString::fromUtf8(e.what());
        switch (e.kind()) {
        case store::StoreErrorKind::NewerVersion:
            headline = tr("“%1” was written by a newer version of Triad. This version cannot "
                          "read it and has left it unchanged. Update Triad to open it, or "
                          "choose another workspace.")
                           .arg(QDir::toNativeSeparators(absolute));
            break;
        case store::StoreErrorKind::NotADatabase:
        case store::StoreErrorKind::NotAWorkspace:
            headline = tr("“%1” is not a Triad workspace. It was left unchanged.")
                           .arg(QDir::toNativeSeparators(absolute));
            break;
        default:
            headline = tr("The workspace “%1” could not be opened.").arg(QDir::toNativeSeparators(absolute));
            break;
        }
        m_lastError = headline + QStringLiteral("\n\n") + details;
    }
    if (!next) {
        if (m_dialogParent) {
            QMessageBox box(QMessageBox::Critical, tr("Cannot open workspace"), headline,
                            QMessageBox::Ok, m_dialogParent);
            box.setDetailedText(m_lastError.section(QStringLiteral("\n\n"), 1));
            box.exec();
        }
        emit openFailed(m_lastError);
        return false;
    }
    close();
    m_workspace = std::move(next);
    m_lastError.clear();
    emit opened(m_workspace.get());
    return true;
}

void WorkspaceController::close()
{
    if (!m_workspace)
        return;
    emit aboutToClose();
    m_workspace.reset();
    emit closed();
}

QString WorkspaceController::path() const
{
    return m_workspace ? QFile::decodeName(m_workspace->path().c_str()) : QString();
}

QString WorkspaceController::displayName() const
{
    return m_workspace ? QFileInfo(path()).fileName() : QString();
}

} // namespace triad::widgets
