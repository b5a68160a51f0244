#pragma once

#include <QMainWindow>

namespace triad::widgets {

/** Wires the views together; holds no logic of its own. */
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace triad::widgets
