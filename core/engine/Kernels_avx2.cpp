// AVX2 + FMA + F16C kernels (int8 products with maddubs + madd). See KernelsX86Impl.h.
#include "core/engine/KernelsX86Impl.h"

namespace triad::engine {

void fillAvx2Kernels(KernelTable& table)
{
    table.level = CpuLevel::Avx2;
    fillX86Kernels(table);
}

} // namespace triad::engine
