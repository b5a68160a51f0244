#pragma once
// The status bar's local-engine entry: "Local: 2 loaded, 312 MB", hidden while nothing is
// loaded; the tooltip lists each loaded model with its memory.

#include <QLabel>

namespace triad::widgets {

class LocalModelController;

class LocalModelsStatus : public QLabel {
    Q_OBJECT
public:
    explicit LocalModelsStatus(LocalModelController* controller, QWidget* parent = nullptr);

private:
    void refresh();

    LocalModelController* m_controller = nullptr;
};

} // namespace triad::widgets
