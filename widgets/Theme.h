#pragma once
// Fusion with a calm palette that follows the system's light or dark preference.

class QApplication;

namespace triad::widgets {

class Theme {
public:
    /** True when the platform (or GTK_THEME / TRIAD_THEME=dark) prefers a dark look.
     *  Ask before any style is set: it reads the platform's own palette. */
    static bool systemPrefersDark();
    /** Applies Fusion and the light or dark palette to `app`. */
    static void apply(QApplication& app, bool dark);
};

} // namespace triad::widgets
