// triad: the desktop workbench. Thin on purpose: the real code is in triad_widgets.
//
//   triad                  opens the default workspace (AppDataLocation/default.triad)
//   triad my-work.triad    opens (or creates) that workspace
#include <QApplication>
#include <QCommandLineParser>

#include "widgets/AppSetup.h"
#include "widgets/MainWindow.h"
#include "widgets/Theme.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const bool dark = triad::widgets::Theme::systemPrefersDark();   // before any style is set
    triad::widgets::setUpApplication(app);
    triad::widgets::Theme::apply(app, dark);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Compare language models side by side: quality, speed and cost."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QCoreApplication::translate("main", "Workspace file to open (default: your default workspace)."),
                                 QStringLiteral("[workspace.triad]"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();

    triad::widgets::MainWindow window(args.isEmpty() ? QString() : args.first());
    window.show();
    return app.exec();
}
