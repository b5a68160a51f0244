#pragma once
// How the labeling view writes its figures and names: counts grouped by the locale
// ("12,408"), estimates marked "~", a missing rating as "—", one colour per status.

#include <optional>

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include "core/datasets/Example.h"

namespace triad::widgets {

class LabelingFormat {
    Q_DECLARE_TR_FUNCTIONS(LabelingFormat)
public:
    /** "12,408" (the locale's grouping). */
    static QString count(qint64 value);
    /** "pending", "accepted", ... translated. */
    static QString status(datasets::ExampleStatus status);
    static QColor statusColor(datasets::ExampleStatus status);
    /** "★★★☆☆", or "—" when unrated. */
    static QString rating(const std::optional<int>& rating);
    /** "~123 tok" for an estimate. */
    static QString tokens(qint64 estimate);
    /** "412 / hour", "—" when not known yet. */
    static QString pace(const std::optional<double>& perHour);
    /** One line for the list: the first user message, whitespace collapsed, at most `maxChars`. */
    static QString preview(const datasets::Example& example, int maxChars = 160);
    /** "system", "user", "assistant", "tool" translated (others as they are). */
    static QString role(const QString& role);
};

} // namespace triad::widgets
