#pragma once
// A permutation that is the same on every platform for a given seed (std::shuffle's is
// implementation-defined): Fisher-Yates over splitmix64.

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace triad::train {

inline std::vector<size_t> seededPermutation(size_t n, uint64_t seed)
{
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    uint64_t state = seed ^ 0x5EEDull;
    auto next = [&] {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    for (size_t i = n; i > 1; --i) {
        const size_t j = size_t(next() % uint64_t(i));
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

} // namespace triad::train
