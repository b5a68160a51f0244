#include "core/engine/CpuFeatures.h"

#include <cstdlib>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define TRIAD_X86 1
#endif

namespace triad::engine {

namespace {

#if TRIAD_X86
unsigned long long readXcr0()
{
    unsigned eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<unsigned long long>(edx) << 32) | eax;
}
#endif

CpuFeatureFlags detect()
{
    CpuFeatureFlags f;
#if TRIAD_X86
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return f;
    const bool osxsave = (c >> 27) & 1;
    if (!osxsave)
        return f;
    const unsigned long long xcr0 = readXcr0();
    const bool osAvx = (xcr0 & 0x6) == 0x6;        // XMM and YMM state saved
    const bool osAvx512 = (xcr0 & 0xE6) == 0xE6;   // plus opmask and ZMM state
    f.fma = osAvx && ((c >> 12) & 1);
    f.f16c = osAvx && ((c >> 29) & 1);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return f;
    f.avx2 = osAvx && ((b >> 5) & 1);
    f.avx512f = osAvx512 && ((b >> 16) & 1);
    f.avx512dq = osAvx512 && ((b >> 17) & 1);
    f.avx512bw = osAvx512 && ((b >> 30) & 1);
    f.avx512vl = osAvx512 && ((b >> 31) & 1);
    f.avx512vnni = osAvx512 && ((c >> 11) & 1);
#endif
    return f;
}

CpuLevel levelFromFlags(const CpuFeatureFlags& f)
{
    if (!(f.avx2 && f.fma && f.f16c))
        return CpuLevel::Scalar;
    if (f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq && f.avx512vnni)
        return CpuLevel::Avx512;
    return CpuLevel::Avx2;
}

CpuLevel computeActive()
{
    CpuLevel level = hardwareCpuLevel();
    if (const char* env = std::getenv("TRIAD_CPU")) {
        const std::string want(env);
        CpuLevel requested = level;
        if (want == "scalar")
            requested = CpuLevel::Scalar;
        else if (want == "avx2")
            requested = CpuLevel::Avx2;
        else if (want == "avx512")
            requested = CpuLevel::Avx512;
        if (static_cast<int>(requested) < static_cast<int>(level))
            level = requested;
    }
    return level;
}

} // namespace

const CpuFeatureFlags& cpuFeatureFlags()
{
    static const CpuFeatureFlags flags = detect();
    return flags;
}

CpuLevel hardwareCpuLevel()
{
    static const CpuLevel level = levelFromFlags(cpuFeatureFlags());
    return level;
}

CpuLevel activeCpuLevel()
{
    static const CpuLevel level = computeActive();
    return level;
}

bool cpuSupports(CpuLevel level)
{
    return static_cast<int>(level) <= static_cast<int>(hardwareCpuLevel());
}

std::string_view cpuLevelName(CpuLevel level)
{
    switch (level) {
    case CpuLevel::Scalar: return "scalar";
    case CpuLevel::Avx2: return "avx2";
    case CpuLevel::Avx512: return "avx512";
    }
    return "unknown";
}

} // namespace triad::engine
