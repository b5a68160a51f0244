#include "core/metrics/MetricsCalculator.h"

#include "core/metrics/TokenEstimator.h"

namespace triad::metrics {

RequestMetrics MetricsCalculator::compute(const Timeline& timeline, const TokenInputs& tokens)
{
    RequestMetrics m;

    m.promptTokens = tokens.promptTokens;
    m.completionTokens = tokens.completionTokens;
    // A request that never got an answer was never billed: no prompt estimate for it.
    if (!m.promptTokens && timeline.firstByteNs() && !tokens.promptText.empty()) {
        m.promptTokens = TokenEstimator::estimateTokens(tokens.promptText);
        m.tokensEstimated = true;
    }
    if (!m.completionTokens && !timeline.chunks().empty()) {
        m.completionTokens = TokenEstimator::estimateTokens(tokens.completionText);
        m.tokensEstimated = true;
    }

    const auto sent = timeline.sentNs();
    if (!sent)
        return m;   // nothing was sent: no latency to speak of

    if (auto fb = timeline.firstByteNs())
        m.ttfbMs = nsToMs(*sent, *fb);
    if (auto fc = timeline.firstContentNs())
        m.ttftMs = nsToMs(*sent, *fc);
    if (auto lc = timeline.lastContentNs())
        m.e2eMs = nsToMs(*sent, *lc);
    if (auto done = timeline.doneNs())
        m.totalMs = nsToMs(*sent, *done);

    const auto& chunks = timeline.chunks();
    m.itlMs.reserve(chunks.size() > 1 ? chunks.size() - 1 : 0);
    for (size_t i = 1; i < chunks.size(); ++i)
        m.itlMs.push_back(nsToMs(chunks[i - 1].atNs, chunks[i].atNs));

    if (m.ttftMs && m.e2eMs && m.completionTokens) {
        const double decodeMs = *m.e2eMs - *m.ttftMs;
        const int64_t outTokens = *m.completionTokens;
        // The first token belongs to TTFT, so TPOT divides by the tokens after it.
        if (outTokens > 1)
            m.tpotMs = decodeMs / static_cast<double>(outTokens - 1);
        if (decodeMs > 0.0 && outTokens > 0)
            m.outputTokensPerSec = static_cast<double>(outTokens) / (decodeMs / 1000.0);
    }
    return m;
}

} // namespace triad::metrics
