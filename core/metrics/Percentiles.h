#pragma once
// Summary statistics of a sample (latencies of many requests, ITL gaps...), as benchmark
// tools report them: mean, median, p90, p95, p99, min, max, std.

#include <cstddef>
#include <vector>

namespace triad::metrics {

struct Summary {
    size_t count = 0;
    double mean = 0;
    double median = 0;
    double p90 = 0;
    double p95 = 0;
    double p99 = 0;
    double min = 0;
    double max = 0;
    double std = 0;     ///< population standard deviation (numpy's default, as vLLM uses)
};

class Percentiles {
public:
    /** Summary of `values` (any order). An empty sample gives count 0 and zeros. */
    static Summary summarize(std::vector<double> values);

    /** The q-th percentile (0..100) of sorted values, linear interpolation between the
     *  closest ranks (numpy's default "linear" method). `sorted` must be non-empty. */
    static double percentileOfSorted(const std::vector<double>& sorted, double q);
};

} // namespace triad::metrics
