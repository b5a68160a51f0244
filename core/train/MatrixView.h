#pragma once
// A weight matrix as the trainer reads it: `rows` rows of `cols` floats (y = W·x maps cols
// inputs to rows outputs, the GGUF layout with ne[0] = cols). Either F32 in memory (trainable
// parameters, or frozen weights already in F32) or a frozen engine matrix of any type the
// engine reads, dequantized block of rows by block of rows when it is used, so a quantized
// base model never needs an F32 copy of itself.
//
//   MatrixView w = MatrixView::f32(param.value.data(), outDim, inDim);
//   MatrixView base = MatrixView::engine(layer.wq);           // Q4_K, Q8_0, F16...
//   std::vector<float> scratch;
//   const float* rows = base.readRows(0, 16, scratch);        // 16 x cols floats

#include "core/engine/MatMul.h"

#include <cstdint>
#include <vector>

namespace triad::train {

class MatrixView {
public:
    MatrixView() = default;
    /** @p data holds rows * cols floats, row-major; it must outlive the view. */
    static MatrixView f32(const float* data, int64_t rows, int64_t cols);
    /** A matrix inside a model file (F32 ones are read in place). */
    static MatrixView engine(const engine::WeightMatrix& weight);

    int64_t rows() const { return m_rows; }
    int64_t cols() const { return m_cols; }
    bool valid() const { return m_rows > 0; }
    /** True when rows are read in place (no dequantization). */
    bool isF32() const { return m_f32 != nullptr; }

    /**
     * Rows [r0, r1) as F32, row stride cols(): a pointer into the matrix when it is F32,
     * else into @p scratch (resized as needed) after dequantizing them.
     */
    const float* readRows(int64_t r0, int64_t r1, std::vector<float>& scratch) const;

private:
    const float* m_f32 = nullptr;
    engine::WeightMatrix m_engine;
    int64_t m_rows = 0;
    int64_t m_cols = 0;
};

} // namespace triad::train
