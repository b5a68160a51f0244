#pragma once
// Translations follow the language the person chose for the system (LANG / LC_ALL):
// Triad's own strings come from the .qm files compiled into triad_widgets under :/i18n,
// Qt's (standard buttons, key names, file dialogs) from Qt's installed qtbase_*.qm.

class QCoreApplication;
class QLocale;

namespace triad::widgets {

/** What installTranslations found for a locale. */
struct InstalledTranslations {
    bool triad = false;   ///< Triad's own strings (":/i18n/triad_<lang>.qm")
    bool qt = false;      ///< Qt's strings (qtbase_<lang>.qm from Qt's translations path)
};

/**
 * Installs Triad's and Qt's translators for `locale`, replacing any this function installed
 * before, so calling it again switches the language. English (the source language) and
 * languages without a translation install nothing and leave the strings as they are.
 */
InstalledTranslations installTranslations(QCoreApplication& app, const QLocale& locale);

} // namespace triad::widgets
