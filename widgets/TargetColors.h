#pragma once
// One colour per target (provider + model), the same in every view: pane headers, charts,
// router graphs and candidate columns, so a person recognises "the orange model" anywhere.
//
// The colour is derived from the target's label alone (a stable hash into a fixed palette
// of well-separated hues), so it needs no registry and survives restarts.
//
// Usage:
//   QColor c = TargetColors::color(QStringLiteral("fireworks/llama-70b"));
//   label->setPixmap(TargetColors::dot(c, 10));

#include <QColor>
#include <QPixmap>
#include <QString>

namespace triad::widgets {

class TargetColors {
public:
    /** The colour of the target labelled `label` ("providerId/model"). An empty label
     *  (no target chosen yet) is grey. Tuned for both light and dark palettes. */
    static QColor color(const QString& label);
    /** How many distinct colours the palette has. */
    static int paletteSize();
    /** The palette's colour at `index` (wraps around). */
    static QColor paletteColor(int index);
    /** A round dot of `diameterPx` logical pixels in `color`, HiDPI aware. */
    static QPixmap dot(const QColor& color, int diameterPx, qreal devicePixelRatio = 1.0);
};

} // namespace triad::widgets
