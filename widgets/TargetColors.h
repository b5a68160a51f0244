#pragma once
// One colour per target (provider + model), the same in every view: pane headers, charts,
// router graphs and candidate columns, so a person recognises "the orange model" anywhere.
//
// The colour starts from the target's label (a stable hash into a fixed palette of
// well-separated hues); when that hue is already used by another target in this process,
// the next free one is taken, so targets shown together do not share a colour. Once given,
// a target keeps its colour for the life of the process.
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
