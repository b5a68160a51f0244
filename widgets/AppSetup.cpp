#include "widgets/AppSetup.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QStyleFactory>

#include "widgets/i18n/Translations.h"

namespace triad::widgets {

void setUpApplication(QApplication& app)
{
    QApplication::setApplicationName(QStringLiteral("Triad"));
    QApplication::setOrganizationName(QStringLiteral("Triad"));
    QApplication::setApplicationVersion(QStringLiteral(TRIAD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.triad.Triad"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/triad.svg")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    // Follow the system language (LANG / LC_ALL): our own strings and Qt's.
    installTranslations(app, QLocale());
}

} // namespace triad::widgets
