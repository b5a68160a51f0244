#pragma once
// What happened when during one request: sent, first byte, first content, every content
// chunk and done. MetricsCalculator turns it into RequestMetrics.
//
// Usage:
//   Timeline t;
//   t.markSent(nowNs());
//   t.markFirstByte(nowNs());
//   t.addChunk(nowNs(), 5);          // 5 characters of text or reasoning
//   t.markDone(nowNs());

#include <cstdint>
#include <optional>
#include <vector>

#include "core/metrics/Clock.h"

namespace triad::metrics {

/** One streamed piece of content. */
struct TimelineChunk {
    int64_t atNs = 0;
    int64_t chars = 0;        ///< Unicode code points in the piece
    bool reasoning = false;   ///< thinking rather than answer text
};

class Timeline {
public:
    /** Request handed to the wire. Later calls are ignored: retries keep the first send. */
    void markSent(int64_t atNs);
    /** First byte of the response body / first chunk with choices. Only the first counts. */
    void markFirstByte(int64_t atNs);
    /** A non-empty text or reasoning piece; the first one is the "first content". */
    void addChunk(int64_t atNs, int64_t chars, bool reasoning = false);
    /** Finished or failed. Only the first counts. */
    void markDone(int64_t atNs);

    std::optional<int64_t> sentNs() const { return m_sentNs; }
    std::optional<int64_t> firstByteNs() const { return m_firstByteNs; }
    std::optional<int64_t> firstContentNs() const;
    std::optional<int64_t> lastContentNs() const;
    std::optional<int64_t> doneNs() const { return m_doneNs; }
    const std::vector<TimelineChunk>& chunks() const { return m_chunks; }
    /** Characters of all chunks (text and reasoning). */
    int64_t totalChars() const;

private:
    std::optional<int64_t> m_sentNs;
    std::optional<int64_t> m_firstByteNs;
    std::optional<int64_t> m_doneNs;
    std::vector<TimelineChunk> m_chunks;
};

} // namespace triad::metrics
