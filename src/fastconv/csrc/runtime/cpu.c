/* CPU feature detection (x86-64: cpuid + xgetbv; other architectures report nothing) and the
 * OpenMP facts the Python layer shows. */
#include "../internal.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <cpuid.h>

static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* The OS must save ymm (and for AVX-512, zmm/opmask) state: XCR0 bits 1-2 (and 5-7). */
static int os_saves(uint64_t mask)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
        return 0;
    return (read_xcr0() & mask) == mask;
}

int fc_cpu_has_avx2_fma(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    const int fma = (c & bit_FMA) != 0, avx = (c & bit_AVX) != 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    const int avx2 = (b & bit_AVX2) != 0;
    return fma && avx && avx2 && os_saves(0x6);
}

int fc_cpu_has_avx512f(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    return (b & bit_AVX512F) != 0 && os_saves(0xe6);
}

/* What the AVX-512 kernel set is compiled for (-mavx512f -mavx512vl -mavx512dq -mavx512bw, with
 * FMA and AVX2), and the OS saving opmask, zmm0-15 upper halves and zmm16-31 (XCR0 bits 5-7)
 * besides the xmm/ymm state (bits 1-2). */
int fc_cpu_has_avx512(void)
{
    unsigned int a, b, c, d;
    if (!fc_cpu_has_avx2_fma() || !__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    /* cpuid leaf 7 ebx: F bit 16, DQ bit 17, BW bit 30, VL bit 31 */
    const unsigned int need = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
    return (b & need) == need && os_saves(0xe6);
}
#else
int fc_cpu_has_avx2_fma(void) { return 0; }
int fc_cpu_has_avx512f(void) { return 0; }
int fc_cpu_has_avx512(void) { return 0; }
#endif

int fc_openmp_enabled(void)
{
#ifdef _OPENMP
    return 1;
#else
    return 0;
#endif
}

int fc_openmp_max_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

const char *fc_compiler_description(void)
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#elif defined(_MSC_VER)
    return "msvc";
#else
    return "unknown C compiler";
#endif
}
