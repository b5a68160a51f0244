#pragma once
// "Add to dataset" from the playground: shows how many turns the conversation has and asks
// which dataset (an existing one, or a new name) receives it.

#include <QDialog>
#include <QStringList>

class QComboBox;

namespace triad::widgets {

class AddToDatasetDialog : public QDialog {
    Q_OBJECT
public:
    AddToDatasetDialog(const QStringList& datasetNames, const QString& suggested, int turnCount,
                       QWidget* parent = nullptr);
    QString datasetName() const;

private:
    QComboBox* m_name = nullptr;
};

} // namespace triad::widgets
