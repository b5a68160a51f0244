#pragma once

class QApplication;

namespace triad::widgets {

/** Names, icon, style, palette and the translation for the system language. */
void setUpApplication(QApplication& app);

} // namespace triad::widgets
