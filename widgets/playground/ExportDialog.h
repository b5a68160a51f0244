#pragma once
// Shows an exported request (curl, Python or JSON) with a button that copies it.

#include <QDialog>

class QPlainTextEdit;

namespace triad::widgets {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& title, const QString& text, QWidget* parent = nullptr);
    QString text() const;

private:
    QPlainTextEdit* m_text = nullptr;
};

} // namespace triad::widgets
