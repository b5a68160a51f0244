// AVX-512 (VL + VNNI) kernels: the x86 kernels with dpbusd for the int8 products, which
// neither saturates nor needs the madd widening step. See KernelsX86Impl.h.
#define TRIAD_X86_VNNI 1
#include "core/engine/KernelsX86Impl.h"

namespace triad::engine {

void fillAvx512Kernels(KernelTable& table)
{
    table.level = CpuLevel::Avx512;
    fillX86Kernels(table);
}

} // namespace triad::engine
