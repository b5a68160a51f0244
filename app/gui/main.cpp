// triad: the desktop workbench. Thin on purpose: the real code is in triad_widgets.
#include <QApplication>

#include "widgets/AppSetup.h"
#include "widgets/MainWindow.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    triad::widgets::setUpApplication(app);
    triad::widgets::MainWindow window;
    window.show();
    return app.exec();
}
