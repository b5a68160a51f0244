#include "core/train/corpus/BpeVocabBuilder.h"

#include "core/engine/BpeTokenizer.h"
#include "core/engine/PreTokenizer.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace triad::train::corpus {

std::string byteSymbol(uint8_t b)
{
    return engine::byteLevelSymbols()[b];
}

BpeVocab buildBpeVocab(const std::vector<std::string>& texts, int maxMerges, std::string_view preTokenizer)
{
    const auto kind = engine::PreTokenizer::kindFromName(preTokenizer);
    if (!kind)
        throw std::invalid_argument("BPE vocabulary: unknown pre-tokenizer '" + std::string(preTokenizer) + "'");
    const engine::PreTokenizer pre(*kind);

    BpeVocab v;
    v.preTokenizer = std::string(preTokenizer);
    for (int b = 0; b < 256; ++b) {
        v.tokens.push_back(byteSymbol(uint8_t(b)));
        v.types.push_back(1);
    }

    std::unordered_map<std::string, int64_t> wordCounts;
    for (const std::string& text : texts)
        for (const std::string& w : pre.split(text))
            ++wordCounts[w];
    // Sorted so the pair counts (and tie breaks) never depend on hash order.
    std::vector<std::pair<std::string, int64_t>> sorted(wordCounts.begin(), wordCounts.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::pair<std::vector<int32_t>, int64_t>> words;
    for (const auto& [w, count] : sorted) {
        std::vector<int32_t> ids;
        for (unsigned char c : w)
            ids.push_back(int32_t(c));
        words.emplace_back(std::move(ids), count);
    }

    for (int m = 0; m < maxMerges; ++m) {
        std::unordered_map<uint64_t, int64_t> pairs;
        for (const auto& [ids, count] : words)
            for (size_t i = 0; i + 1 < ids.size(); ++i)
                pairs[(uint64_t(uint32_t(ids[i])) << 32) | uint32_t(ids[i + 1])] += count;
        uint64_t best = 0;
        int64_t bestCount = 1;
        for (const auto& [key, count] : pairs)
            if (count > bestCount || (count == bestCount && count > 1 && key < best)) {
                best = key;
                bestCount = count;
            }
        if (bestCount < 2)
            break;
        const auto a = int32_t(best >> 32), b = int32_t(best & 0xFFFFFFFFu);
        const auto merged = int32_t(v.tokens.size());
        v.merges.push_back(v.tokens[size_t(a)] + " " + v.tokens[size_t(b)]);
        v.tokens.push_back(v.tokens[size_t(a)] + v.tokens[size_t(b)]);
        v.types.push_back(1);
        for (auto& [ids, count] : words) {
            size_t out = 0;
            for (size_t i = 0; i < ids.size(); ++i) {
                if (i + 1 < ids.size() && ids[i] == a && ids[i + 1] == b) {
                    ids[out++] = merged;
                    ++i;
                } else {
                    ids[out++] = ids[i];
                }
            }
            ids.resize(out);
        }
    }

    auto control = [&](const char* text) {
        v.tokens.emplace_back(text);
        v.types.push_back(3);
        return int32_t(v.tokens.size() - 1);
    };
    v.endOfText = control("<|endoftext|>");
    v.imStart = control("<|im_start|>");
    v.imEnd = control("<|im_end|>");
    return v;
}

} // namespace triad::train::corpus
