#include "core/train/Embedding.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace triad::train {

void embeddingForward(const MatrixView& table, const int32_t* tokens, int64_t nTok, float* out)
{
    const int64_t dim = table.cols();
    std::vector<float> scratch;
    for (int64_t t = 0; t < nTok; ++t) {
        const int32_t id = tokens[t];
        if (id < 0 || id >= table.rows())
            throw std::out_of_range("token id " + std::to_string(id) + " is outside the vocabulary (" +
                                    std::to_string(table.rows()) + " tokens)");
        const float* row = table.readRows(id, id + 1, scratch);
        std::copy(row, row + dim, out + size_t(t) * size_t(dim));
    }
}

void embeddingBackward(const int32_t* tokens, int64_t nTok, int64_t dim, const float* dOut, float* dTable)
{
    for (int64_t t = 0; t < nTok; ++t) {
        float* row = dTable + size_t(tokens[t]) * size_t(dim);
        const float* g = dOut + size_t(t) * size_t(dim);
        for (int64_t i = 0; i < dim; ++i)
            row[i] += g[i];
    }
}

} // namespace triad::train
