#pragma once
// The content hashes of a dataset's examples, in memory while importing, so an example
// that is certainly new (almost all of them) costs no duplicate lookup in the database.
// Open addressing over 64-bit values: 8-16 bytes per example (a million: 16 MB at most).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace triad::datasets {

class ContentHashSet {
public:
    /** True when `hash` was added before (then the example may be a duplicate). */
    bool contains(uint64_t hash) const;
    void insert(uint64_t hash);
    size_t size() const { return m_size; }

private:
    void grow();

    std::vector<uint64_t> m_slots;   // 0 = empty; the hash 0 is kept in m_hasZero
    size_t m_size = 0;
    bool m_hasZero = false;
};

} // namespace triad::datasets
