#include "widgets/AppSetup.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QStyleFactory>
#include <QTranslator>

namespace triad::widgets {

void setUpApplication(QApplication& app)
{
    QApplication::setApplicationName(QStringLiteral("Triad"));
    QApplication::setOrganizationName(QStringLiteral("Triad"));
    QApplication::setApplicationVersion(QStringLiteral(TRIAD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.triad.Triad"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/triad.svg")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    // Follow the system language (LANG / LC_ALL): our own strings, then Qt's.
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("triad"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

} // namespace triad::widgets
