#include "core/train/MatrixView.h"

#include "core/engine/Dequantize.h"

#include <stdexcept>
#include <string>

namespace triad::train {

MatrixView MatrixView::f32(const float* data, int64_t rows, int64_t cols)
{
    MatrixView v;
    v.m_f32 = data;
    v.m_rows = rows;
    v.m_cols = cols;
    return v;
}

MatrixView MatrixView::engine(const engine::WeightMatrix& weight)
{
    MatrixView v;
    v.m_engine = weight;
    v.m_rows = weight.rows;
    v.m_cols = weight.columns;
    // F32 rows in the mapping are 4-byte aligned (GGUF aligns tensor data), so read in place.
    if (weight.type == engine::GgmlType::F32 && reinterpret_cast<uintptr_t>(weight.data) % alignof(float) == 0)
        v.m_f32 = reinterpret_cast<const float*>(weight.data);
    return v;
}

const float* MatrixView::readRows(int64_t r0, int64_t r1, std::vector<float>& scratch) const
{
    if (m_f32)
        return m_f32 + size_t(r0) * size_t(m_cols);
    const size_t n = size_t(r1 - r0) * size_t(m_cols);
    if (scratch.size() < n)
        scratch.resize(n);
    for (int64_t r = r0; r < r1; ++r) {
        const uint8_t* src = m_engine.data + size_t(r) * m_engine.rowBytes;
        if (!engine::dequantizeRow(m_engine.type, src, scratch.data() + size_t(r - r0) * size_t(m_cols), m_cols))
            throw std::runtime_error("cannot read a matrix of type " + std::string(engine::ggmlTypeName(m_engine.type)) +
                                     " as F32");
    }
    return scratch.data();
}

} // namespace triad::train
