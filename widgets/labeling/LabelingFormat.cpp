#include "widgets/labeling/LabelingFormat.h"

#include <cmath>

#include <QLocale>

#include "core/datasets/ChatExample.h"

namespace triad::widgets {

QString LabelingFormat::count(qint64 value)
{
    return QLocale().toString(value);
}

QString LabelingFormat::status(datasets::ExampleStatus status)
{
    switch (status) {
    case datasets::ExampleStatus::Pending: return tr("pending");
    case datasets::ExampleStatus::Accepted: return tr("accepted");
    case datasets::ExampleStatus::Rejected: return tr("rejected");
    case datasets::ExampleStatus::Skipped: return tr("skipped");
    }
    return tr("pending");
}

QColor LabelingFormat::statusColor(datasets::ExampleStatus status)
{
    switch (status) {
    case datasets::ExampleStatus::Pending: return QColor(0x8a, 0x8f, 0x98);
    case datasets::ExampleStatus::Accepted: return QColor(0x2e, 0xa0, 0x43);
    case datasets::ExampleStatus::Rejected: return QColor(0xd1, 0x3c, 0x3c);
    case datasets::ExampleStatus::Skipped: return QColor(0xd0, 0x8c, 0x1a);
    }
    return QColor(Qt::gray);
}

QString LabelingFormat::rating(const std::optional<int>& rating)
{
    if (!rating)
        return QStringLiteral("—");
    const int r = qBound(0, *rating, 5);
    return QString(r, QChar(0x2605)) + QString(5 - r, QChar(0x2606));
}

QString LabelingFormat::tokens(qint64 estimate)
{
    return tr("~%1 tok").arg(count(estimate));
}

QString LabelingFormat::pace(const std::optional<double>& perHour)
{
    if (!perHour || !std::isfinite(*perHour))
        return QStringLiteral("—");
    return tr("%1 / hour").arg(count(qRound64(*perHour)));
}

QString LabelingFormat::preview(const datasets::Example& example, int maxChars)
{
    QString firstUser;
    QString firstAny;
    for (const auto& m : example.messages) {
        const QString text = QString::fromStdString(datasets::messageText(m));
        if (firstAny.isEmpty() && m.is_object() && m.value("role", std::string()) != "system")
            firstAny = text;
        if (m.is_object() && m.value("role", std::string()) == "user") {
            firstUser = text;
            break;
        }
    }
    QString line = (firstUser.isEmpty() ? firstAny : firstUser).simplified();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QChar(0x2026);
    return line;
}

QString LabelingFormat::role(const QString& role)
{
    if (role == QLatin1String("system"))
        return tr("system");
    if (role == QLatin1String("user"))
        return tr("user");
    if (role == QLatin1String("assistant"))
        return tr("assistant");
    if (role == QLatin1String("tool"))
        return tr("tool");
    return role;
}

} // namespace triad::widgets
