#pragma once
// How figures are written everywhere in the playground: with units, estimated values
// marked `~`, missing values as `—` (never 0).
//
//   MetricsFormat::line(m)  →  "TTFT 182 ms · 87.3 tok/s · 41→38 tok · $0.0021 · 2.41 s"

#include <optional>

#include <QCoreApplication>
#include <QString>

#include "core/metrics/RequestMetrics.h"

namespace triad::widgets {

/** Which figures of a pane are the best across panes (drawn with ★). */
struct BestMarks {
    bool fastestTtft = false;
    bool highestTokensPerSec = false;
    bool cheapest = false;
    bool longest = false;
};

class MetricsFormat {
    Q_DECLARE_TR_FUNCTIONS(MetricsFormat)
public:
    static QString missing() { return QStringLiteral("—"); }

    /** "9.4 ms", "182 ms", "1.23 s", "—". */
    static QString duration(const std::optional<double>& ms);
    /** Seconds with two decimals, for totals: "2.41 s", "—". */
    static QString seconds(const std::optional<double>& ms);
    /** "87.3 tok/s", "~87.3 tok/s", "—". */
    static QString tokensPerSec(const std::optional<double>& value, bool estimated);
    /** "41→38 tok", "~41→~38 tok", "—→38 tok". */
    static QString tokens(const std::optional<int64_t>& in, const std::optional<int64_t>& out,
                          bool estimated);
    /** "$0.0021", "$1.24", "$0", "~$0.0021", "—". */
    static QString cost(const std::optional<double>& usd, bool estimated);

    /** The whole line: TTFT · tok/s · tokens · cost · total. */
    static QString line(const metrics::RequestMetrics& m);
    /** The same line as rich text, with ★ after the best figures and the token count in
     *  bold when this answer is the longest. */
    static QString richLine(const metrics::RequestMetrics& m, const BestMarks& best);
};

} // namespace triad::widgets
