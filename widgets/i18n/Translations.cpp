#include "widgets/i18n/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace triad::widgets {

namespace {

// Our translators are tagged so a second call can find and replace them.
const char* const TranslatorTag = "triad-translator";

bool install(QCoreApplication& app, const QLocale& locale, const QString& name, const QString& dir)
{
    auto* translator = new QTranslator(&app);
    translator->setObjectName(QLatin1String(TranslatorTag));
    if (!translator->load(locale, name, QStringLiteral("_"), dir)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace

InstalledTranslations installTranslations(QCoreApplication& app, const QLocale& locale)
{
    const auto previous = app.findChildren<QTranslator*>(QLatin1String(TranslatorTag), Qt::FindDirectChildrenOnly);
    for (QTranslator* old : previous) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    InstalledTranslations found;
    found.triad = install(app, locale, QStringLiteral("triad"), QStringLiteral(":/i18n"));
    found.qt = install(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return found;
}

} // namespace triad::widgets
