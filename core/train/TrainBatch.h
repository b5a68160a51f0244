#pragma once
// A batch of training examples packed into one token sequence. Each example is a segment:
// its tokens attend causally to each other only and their positions restart at 0, so packing
// costs no padding and changes nothing in the maths.
//
// Position t reads tokens[t] and is scored on predicting targets[t] (the example's next
// token) with weight weights[t] (0 = not trained on: prompts, masked turns).
//
//   TrainBatch b;
//   b.addExample(ids, trainMask);   // trainMask[i] != 0: token i is a target to learn
//   model.step(b, 1.0f / b.weightSum(), true);

#include "core/train/Attention.h"

#include <cstdint>
#include <span>
#include <vector>

namespace triad::train {

struct TrainBatch {
    std::vector<int32_t> tokens;
    std::vector<int32_t> targets;
    std::vector<float> weights;
    std::vector<int32_t> positions;
    std::vector<Segment> segments;

    /**
     * Appends an example of n tokens as n - 1 positions (the last token is only a target).
     * @p tokenWeights[i] is the loss weight of predicting tokens[i]; examples shorter than 2
     * tokens are ignored.
     */
    void addExample(std::span<const int32_t> exampleTokens, std::span<const float> tokenWeights)
    {
        if (exampleTokens.size() < 2)
            return;
        const int64_t start = int64_t(tokens.size());
        const int64_t n = int64_t(exampleTokens.size()) - 1;
        for (int64_t i = 0; i < n; ++i) {
            tokens.push_back(exampleTokens[size_t(i)]);
            targets.push_back(exampleTokens[size_t(i + 1)]);
            weights.push_back(tokenWeights[size_t(i + 1)]);
            positions.push_back(int32_t(i));
        }
        segments.push_back({start, n});
    }

    int64_t size() const { return int64_t(tokens.size()); }
    bool empty() const { return tokens.empty(); }
    double weightSum() const
    {
        double s = 0.0;
        for (float w : weights)
            s += double(w);
        return s;
    }
    void clear() { *this = TrainBatch{}; }
};

} // namespace triad::train
