#include "widgets/MainWindow.h"

namespace triad::widgets {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Triad"));
    resize(1280, 800);
}

} // namespace triad::widgets
