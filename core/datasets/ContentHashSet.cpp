#include "core/datasets/ContentHashSet.h"

namespace triad::datasets {

namespace {

/** FNV-1a hashes are well mixed in the low bits, but a final mix keeps clusters short
 *  even for hashes made some other way. */
inline size_t slotOf(uint64_t hash, size_t mask)
{
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    return size_t(hash) & mask;
}

} // namespace

bool ContentHashSet::contains(uint64_t hash) const
{
    if (hash == 0)
        return m_hasZero;
    if (m_slots.empty())
        return false;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = slotOf(hash, mask);; i = (i + 1) & mask) {
        if (m_slots[i] == hash)
            return true;
        if (m_slots[i] == 0)
            return false;
    }
}

void ContentHashSet::insert(uint64_t hash)
{
    if (hash == 0) {
        m_size += m_hasZero ? 0 : 1;
        m_hasZero = true;
        return;
    }
    if ((m_size + 1) * 2 > m_slots.size())   // at most half full: short probes
        grow();
    const size_t mask = m_slots.size() - 1;
    for (size_t i = slotOf(hash, mask);; i = (i + 1) & mask) {
        if (m_slots[i] == hash)
            return;
        if (m_slots[i] == 0) {
            m_slots[i] = hash;
            ++m_size;
            return;
        }
    }
}

void ContentHashSet::grow()
{
    std::vector<uint64_t> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 1024 : old.size() * 2, 0);
    const size_t mask = m_slots.size() - 1;
    for (uint64_t h : old) {
        if (h == 0)
            continue;
        size_t i = slotOf(h, mask);
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = h;
    }
}

} // namespace triad::datasets
