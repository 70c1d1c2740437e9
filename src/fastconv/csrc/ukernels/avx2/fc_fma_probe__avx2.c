/* fc_fma_probe__avx2
 * Runs `iters` steps of 12 independent 256-bit FMA chains (enough to cover the FMA latency on
 * every AVX2 core we know) and returns the FLOPs done: the machine's FMA peak when timed.
 * is_f64 selects 4-lane double FMAs instead of 8-lane float. Needs AVX2+FMA. No memory traffic. */
#include <immintrin.h>

#include "../../internal.h"

#define CHAINS 12

double fc_fma_probe__avx2(int64_t iters, int is_f64)
{
    if (is_f64) {
        __m256d acc[CHAINS];
        const __m256d m = _mm256_set1_pd(0.999999), a = _mm256_set1_pd(1e-7);
        for (int i = 0; i < CHAINS; i++)
            acc[i] = _mm256_set1_pd((double)i);
        for (int64_t k = 0; k < iters; k++)
            for (int i = 0; i < CHAINS; i++)
                acc[i] = _mm256_fmadd_pd(acc[i], m, a);
        double sink = 0;
        for (int i = 0; i < CHAINS; i++)
            sink += _mm256_cvtsd_f64(acc[i]);
        return (double)iters * CHAINS * 8 + (sink == -1.0); /* sink keeps the loop alive */
    }
    __m256 acc[CHAINS];
    const __m256 m = _mm256_set1_ps(0.9999f), a = _mm256_set1_ps(1e-5f);
    for (int i = 0; i < CHAINS; i++)
        acc[i] = _mm256_set1_ps((float)i);
    for (int64_t k = 0; k < iters; k++)
        for (int i = 0; i < CHAINS; i++)
            acc[i] = _mm256_fmadd_ps(acc[i], m, a);
    float sink = 0;
    for (int i = 0; i < CHAINS; i++)
        sink += _mm256_cvtss_f32(acc[i]);
    return (double)iters * CHAINS * 16 + (sink == -1.0f);
}
