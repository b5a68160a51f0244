#include "widgets/TargetColors.h"

#include <array>

#include <QHash>
#include <QMutex>
#include <QPainter>

namespace triad::widgets {

namespace {

// Ten hues that stay apart for people with common colour-vision deficiencies
// (based on the Tableau 10 ordering), medium lightness so they read on light and dark.
constexpr std::array<QRgb, 10> kPalette = {
    0xff4e79a7, 0xfff28e2b, 0xff59a14f, 0xffe15759, 0xffb07aa1,
    0xff76b7b2, 0xffedc948, 0xffff9da7, 0xff9c755f, 0xff8c8cd9,
};

// FNV-1a over the UTF-8 bytes: stable across runs and platforms (qHash is seeded).
quint32 stableHash(const QString& text)
{
    quint32 h = 2166136261u;
    for (char c : text.toUtf8()) {
        h ^= static_cast<quint8>(c);
        h *= 16777619u;
    }
    return h;
}

} // namespace

QColor TargetColors::color(const QString& label)
{
    if (label.trimmed().isEmpty())
        return QColor(0x9e, 0x9e, 0x9e);
    static QMutex mutex;
    static QHash<QString, int> assigned;
    QMutexLocker lock(&mutex);
    if (const auto it = assigned.constFind(label); it != assigned.constEnd())
        return paletteColor(*it);
    const int n = paletteSize();
    const int preferred = static_cast<int>(stableHash(label) % static_cast<quint32>(n));
    int chosen = preferred;
    // With more targets than hues, sharing is unavoidable: keep the preferred one.
    if (assigned.size() < n) {
        const QList<int> used = assigned.values();
        for (int step = 0; step < n; ++step) {
            const int candidate = (preferred + step) % n;
            if (!used.contains(candidate)) {
                chosen = candidate;
                break;
            }
        }
    }
    assigned.insert(label, chosen);
    return paletteColor(chosen);
}

int TargetColors::paletteSize()
{
    return static_cast<int>(kPalette.size());
}

QColor TargetColors::paletteColor(int index)
{
    const int n = paletteSize();
    return QColor::fromRgb(kPalette[static_cast<size_t>(((index % n) + n) % n)]);
}

QPixmap TargetColors::dot(const QColor& color, int diameterPx, qreal devicePixelRatio)
{
    const int px = qMax(1, qRound(diameterPx * devicePixelRatio));
    QPixmap pixmap(px, px);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(0.5, 0.5, px - 1.0, px - 1.0));
    painter.end();
    pixmap.setDevicePixelRatio(devicePixelRatio);
    return pixmap;
}

} // namespace triad::widgets
