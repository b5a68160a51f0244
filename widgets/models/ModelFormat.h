#pragma once
// How the Models view writes sizes and counts: with units, missing values as "—".
//
//   ModelFormat::bytes(24'000'000)  →  "22.9 MB"
//   ModelFormat::parameters(246e6)  →  "246M"

#include <cstdint>

#include <QCoreApplication>
#include <QString>

#include "widgets/models/LocalModelRow.h"

namespace triad::widgets {

class ModelFormat {
    Q_DECLARE_TR_FUNCTIONS(ModelFormat)
public:
    /** "640 KB", "9.4 MB", "312 MB", "1.24 GB" (1024-based, as file managers' "MB" mostly
     *  is); "—" for 0. */
    static QString bytes(quint64 count);
    /** "246M", "1.1B"; "—" for 0. */
    static QString parameters(int64_t count);
    /** "32,768" in the person's locale; "—" for 0 (unknown). */
    static QString count(int64_t value);
    /** "Not loaded", "Loading…", "Loaded", "Failed: <reason>". */
    static QString state(const LocalModelRow& row);
    /** "Loaded" with what the worker is doing: "Loaded · busy, 2 queued". */
    static QString activity(const LocalModelRow& row);
};

} // namespace triad::widgets
