#include "widgets/models/ModelFormat.h"

#include <QLocale>

#include "core/engine/GgufSummary.h"

namespace triad::widgets {

QString ModelFormat::bytes(quint64 count)
{
    if (count == 0) return QStringLiteral("—");
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = double(count);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    // Two significant decimals for GB (a model's size matters at that scale), one below 10,
    // none above: "1.24 GB", "9.4 MB", "312 MB".
    const int decimals = unit == 0 ? 0 : (unit >= 3 ? 2 : (value < 10.0 ? 1 : 0));
    return QStringLiteral("%1 %2").arg(QLocale().toString(value, 'f', decimals), QLatin1String(units[unit]));
}

QString ModelFormat::parameters(int64_t count)
{
    if (count <= 0) return QStringLiteral("—");
    return QString::fromStdString(engine::formatParameterCount(count));
}

QString ModelFormat::count(int64_t value)
{
    if (value <= 0) return QStringLiteral("—");
    return QLocale().toString(qlonglong(value));
}

QString ModelFormat::state(const LocalModelRow& row)
{
    switch (row.state()) {
    case LocalRowState::NotLoaded: return tr("Not loaded");
    case LocalRowState::Loading: return tr("Loading…");
    case LocalRowState::Loaded: return row.unloadPending ? tr("Unloading…") : tr("Loaded");
    case LocalRowState::Failed: {
        const QString why = row.error();
        return why.isEmpty() ? tr("Failed") : tr("Failed: %1").arg(why);
    }
    }
    return QString();
}

QString ModelFormat::activity(const LocalModelRow& row)
{
    const QString base = state(row);
    if (row.state() != LocalRowState::Loaded || !row.status || !row.status->busy) return base;
    if (row.status->queuedRequests > 0)
        return tr("%1 · answering, %n queued", nullptr, row.status->queuedRequests).arg(base);
    return tr("%1 · answering").arg(base);
}

} // namespace triad::widgets
