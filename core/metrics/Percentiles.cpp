#include "core/metrics/Percentiles.h"

#include <algorithm>
#include <cmath>

namespace triad::metrics {

double Percentiles::percentileOfSorted(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
        return 0.0;
    q = std::clamp(q, 0.0, 100.0);
    const double rank = q / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<size_t>(std::floor(rank));
    const auto upper = std::min(lower + 1, sorted.size() - 1);
    const double frac = rank - static_cast<double>(lower);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * frac;
}

Summary Percentiles::summarize(std::vector<double> values)
{
    Summary s;
    // NaN would poison every figure; a missing measurement is simply not counted.
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](double v) { return std::isnan(v); }),
                 values.end());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    s.count = values.size();
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / static_cast<double>(s.count);
    double sq = 0;
    for (double v : values)
        sq += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(sq / static_cast<double>(s.count));
    s.min = values.front();
    s.max = values.back();
    s.median = percentileOfSorted(values, 50);
    s.p90 = percentileOfSorted(values, 90);
    s.p95 = percentileOfSorted(values, 95);
    s.p99 = percentileOfSorted(values, 99);
    return s;
}

} // namespace triad::metrics
