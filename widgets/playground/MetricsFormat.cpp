#include "widgets/playground/MetricsFormat.h"

#include <cmath>

namespace triad::widgets {

namespace {

const QString kSeparator = QStringLiteral(" · ");
const QString kStar = QStringLiteral(" ★");

QString withTilde(const QString& text, bool estimated)
{
    return estimated ? QStringLiteral("~") + text : text;
}

} // namespace

QString MetricsFormat::duration(const std::optional<double>& ms)
{
    if (!ms || !std::isfinite(*ms) || *ms < 0)
        return missing();
    if (*ms < 10.0)
        return tr("%1 ms").arg(*ms, 0, 'f', 1);
    if (*ms < 10000.0)
        return tr("%1 ms").arg(std::round(*ms), 0, 'f', 0);
    return tr("%1 s").arg(*ms / 1000.0, 0, 'f', 2);
}

QString MetricsFormat::seconds(const std::optional<double>& ms)
{
    if (!ms || !std::isfinite(*ms) || *ms < 0)
        return missing();
    return tr("%1 s").arg(*ms / 1000.0, 0, 'f', 2);
}

QString MetricsFormat::tokensPerSec(const std::optional<double>& value, bool estimated)
{
    if (!value || !std::isfinite(*value) || *value < 0)
        return missing();
    return withTilde(tr("%1 tok/s").arg(*value, 0, 'f', 1), estimated);
}

QString MetricsFormat::tokens(const std::optional<int64_t>& in, const std::optional<int64_t>& out,
                              bool estimated)
{
    if (!in && !out)
        return missing();
    auto count = [estimated](const std::optional<int64_t>& n) {
        return n ? withTilde(QString::number(*n), estimated) : missing();
    };
    return tr("%1→%2 tok").arg(count(in), count(out));
}

QString MetricsFormat::cost(const std::optional<double>& usd, bool estimated)
{
    if (!usd || !std::isfinite(*usd) || *usd < 0)
        return missing();
    QString text;
    if (*usd == 0.0)
        text = QStringLiteral("$0");
    else if (*usd < 0.01) {   // two significant digits: $0.0021, $0.0000046 (never "$0.0000")
        const int decimals = qBound(4, 1 - static_cast<int>(std::floor(std::log10(*usd))), 10);
        QString digits = QString::number(*usd, 'f', decimals);
        while (digits.size() > 6 && digits.endsWith(QLatin1Char('0')))   // keep 4 decimals at least
            digits.chop(1);
        text = QStringLiteral("$") + digits;
    }
    else
        text = QStringLiteral("$") + QString::number(*usd, 'f', 2);
    return withTilde(text, estimated);
}

QString MetricsFormat::line(const metrics::RequestMetrics& m)
{
    return QStringList{
        tr("TTFT %1").arg(duration(m.ttftMs)),
        tokensPerSec(m.outputTokensPerSec, m.tokensEstimated),
        tokens(m.promptTokens, m.completionTokens, m.tokensEstimated),
        cost(m.costUsd, m.costEstimated),
        seconds(m.totalMs),
    }.join(kSeparator);
}

QString MetricsFormat::richLine(const metrics::RequestMetrics& m, const BestMarks& best)
{
    auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString tok = esc(tokens(m.promptTokens, m.completionTokens, m.tokensEstimated));
    if (best.longest)
        tok = QStringLiteral("<b>") + tok + QStringLiteral("</b>") + kStar;
    return QStringList{
        esc(tr("TTFT %1").arg(duration(m.ttftMs))) + (best.fastestTtft ? kStar : QString()),
        esc(tokensPerSec(m.outputTokensPerSec, m.tokensEstimated))
            + (best.highestTokensPerSec ? kStar : QString()),
        tok,
        esc(cost(m.costUsd, m.costEstimated)) + (best.cheapest ? kStar : QString()),
        esc(seconds(m.totalMs)),
    }.join(kSeparator);
}

} // namespace triad::widgets
