#pragma once
// Token embedding lookup: out[t] = table[tokens[t]] (table rows of n_embd floats, any engine
// type), and its backward pass into an F32 table gradient.

#include "core/train/MatrixView.h"

#include <cstdint>

namespace triad::train {

/** Throws std::out_of_range naming a token id outside the table. */
void embeddingForward(const MatrixView& table, const int32_t* tokens, int64_t nTok, float* out);

/** dTable[tokens[t]] += dOut[t], tokens in order (dTable: rows x dim). */
void embeddingBackward(const int32_t* tokens, int64_t nTok, int64_t dim, const float* dOut, float* dTable);

} // namespace triad::train
