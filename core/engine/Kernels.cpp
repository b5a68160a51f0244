#include "core/engine/Kernels.h"

#include "core/engine/Quantize.h"

#include <cstring>

namespace triad::engine {

void KernelTable::quantize(GgmlType activationType, const float* x, void* dst, int64_t n) const
{
    switch (activationType) {
    case GgmlType::Q8_0: quantizeQ8_0(x, dst, n); break;
    case GgmlType::Q8_1: quantizeQ8_1(x, dst, n); break;
    case GgmlType::Q8_K: quantizeQ8_K(x, dst, n); break;
    default: std::memcpy(dst, x, size_t(n) * sizeof(float)); break;
    }
}

size_t activationRowBytes(GgmlType activationType, int64_t n)
{
    return ggmlRowBytes(activationType, n);
}

namespace {

struct Tables {
    KernelTable scalar, avx2, avx512;
    Tables()
    {
        fillScalarKernels(scalar);
        // Each level starts from the one below so a type without a SIMD kernel still works.
        avx2 = scalar;
        avx512 = scalar;
        if (cpuSupports(CpuLevel::Avx2)) {
            fillAvx2Kernels(avx2);
            avx512 = avx2;
        }
        if (cpuSupports(CpuLevel::Avx512))
            fillAvx512Kernels(avx512);
    }
};

const Tables& tables()
{
    static const Tables t;
    return t;
}

} // namespace

const KernelTable* kernelsFor(CpuLevel level)
{
    if (!cpuSupports(level))
        return nullptr;
    switch (level) {
    case CpuLevel::Scalar: return &tables().scalar;
    case CpuLevel::Avx2: return &tables().avx2;
    case CpuLevel::Avx512: return &tables().avx512;
    }
    return nullptr;
}

const KernelTable& kernels()
{
    static const KernelTable* active = kernelsFor(activeCpuLevel());
    return *active;
}

} // namespace triad::engine
