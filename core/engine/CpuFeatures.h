#pragma once
// Which SIMD level the engine may use on this CPU. Detection runs once; the environment
// variable TRIAD_CPU=scalar|avx2|avx512 lowers (never raises) the level, so tests and
// benchmarks can compare paths on one machine.

#include <string_view>

namespace triad::engine {

/** SIMD levels in increasing order; each implies the ones before it. */
enum class CpuLevel {
    Scalar = 1,  ///< portable C++
    Avx2,        ///< AVX2 + FMA + F16C
    Avx512,      ///< AVX-512 F/BW/VL/DQ + VNNI (plus everything of Avx2)
};

/** What the CPU reports (independent of TRIAD_CPU). */
struct CpuFeatureFlags {
    bool avx2 = false;
    bool fma = false;
    bool f16c = false;
    bool avx512f = false;
    bool avx512bw = false;
    bool avx512vl = false;
    bool avx512dq = false;
    bool avx512vnni = false;
};

/** The raw flags of this CPU (cpuid + the OS saving the wide registers). */
const CpuFeatureFlags& cpuFeatureFlags();

/** The highest level this CPU supports, ignoring TRIAD_CPU. */
CpuLevel hardwareCpuLevel();

/** The level in effect: hardwareCpuLevel() lowered by TRIAD_CPU when set. */
CpuLevel activeCpuLevel();

/** True when code for @p level may run here. */
bool cpuSupports(CpuLevel level);

/** "scalar", "avx2", "avx512". */
std::string_view cpuLevelName(CpuLevel level);

} // namespace triad::engine
