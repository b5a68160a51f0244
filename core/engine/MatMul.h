#pragma once
// y = W·x for a batch of tokens, on the thread pool. The activations are quantized once to
// the format the weight type wants (Kernels.h), then threads take chunks of weight rows and
// multiply each chunk with every token of the batch, so a chunk of weights is read from
// memory once per batch (what makes prompt processing fast) rather than once per token.
//
//   MatMul mm;
//   mm.multiply(pool, wq, x, nTok, q);           // q: nTok x wq.rows
//   mm.multiplyMany(pool, {{&wk, k}, {&wv, v}}, x, nTok);   // shared input, one quantization

#include "core/engine/GgmlType.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace triad::engine {

class ThreadPool;
struct KernelTable;

/** A weight matrix inside the model file: rows of @ref columns elements. */
struct WeightMatrix {
    GgmlType type = GgmlType::F32;
    const uint8_t* data = nullptr;
    int64_t columns = 0;   ///< ne[0]: input size
    int64_t rows = 0;      ///< ne[1]: output size
    size_t rowBytes = 0;

    bool valid() const { return data != nullptr; }
    size_t byteSize() const { return rowBytes * size_t(rows); }
};

/** One product of a multiplyMany() call: y (nTok x w.rows, row-major) = W·x. */
struct MatMulTarget {
    const WeightMatrix* weight = nullptr;
    float* out = nullptr;
};

/** Multiplies weight matrices with batches of activations; owns the activation scratch. */
class MatMul {
public:
    /** Uses the kernels of the active CPU level unless @p kernels is given (tests). */
    explicit MatMul(const KernelTable* kernels = nullptr);

    /** out[t * w.rows + r] = Σ_i W[r][i] · x[t * w.columns + i] for t < nTok. */
    void multiply(ThreadPool& pool, const WeightMatrix& w, const float* x, int nTok, float* out);

    /** Several matrices with the same number of columns applied to the same @p x. */
    void multiplyMany(ThreadPool& pool, std::span<const MatMulTarget> targets, const float* x, int nTok);
    void multiplyMany(ThreadPool& pool, std::initializer_list<MatMulTarget> targets, const float* x, int nTok)
    {
        multiplyMany(pool, std::span<const MatMulTarget>(targets.begin(), targets.size()), x, nTok);
    }

    /** Bytes of activation scratch held between calls (memory shown in the Models view). */
    size_t scratchBytes() const;

private:
    struct Quantized {
        bool filled = false; ///< holds the current call's activations
        size_t rowBytes = 0;
        std::vector<uint8_t> bytes; ///< capacity kept between calls
    };
    const Quantized& quantized(ThreadPool& pool, GgmlType type, const float* x, int64_t columns, int nTok);

    const KernelTable* m_kernels;
    std::array<Quantized, 4> m_quantized; // per activation format: F32, Q8_0, Q8_1, Q8_K
};

} // namespace triad::engine
