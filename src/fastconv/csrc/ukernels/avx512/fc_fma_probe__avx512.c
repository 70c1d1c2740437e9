/* fc_fma_probe__avx512
 * Runs `iters` steps of 16 independent 512-bit FMA chains (two FMA pipes x a 4-cycle latency need
 * 8 in flight on the AVX-512 cores we know; 16 leave slack) and returns the FLOPs done: the
 * machine's AVX-512 FMA peak when timed. is_f64 selects 8-lane double FMAs instead of 16-lane
 * float. Needs the AVX-512 kernel set's CPU features (F, DQ, BW, VL). No memory traffic. */
#include <immintrin.h>

#include "../../internal.h"

#define CHAINS 16

double fc_fma_probe__avx512(int64_t iters, int is_f64)
{
    if (is_f64) {
        __m512d acc[CHAINS];
        const __m512d m = _mm512_set1_pd(0.999999), a = _mm512_set1_pd(1e-7);
        for (int i = 0; i < CHAINS; i++)
            acc[i] = _mm512_set1_pd((double)i);
        for (int64_t k = 0; k < iters; k++)
            for (int i = 0; i < CHAINS; i++)
                acc[i] = _mm512_fmadd_pd(acc[i], m, a);
        double sink = 0;
        for (int i = 0; i < CHAINS; i++)
            sink += _mm512_reduce_add_pd(acc[i]);
        return (double)iters * CHAINS * 16 + (sink == -1.0); /* sink keeps the loop alive */
    }
    __m512 acc[CHAINS];
    const __m512 m = _mm512_set1_ps(0.9999f), a = _mm512_set1_ps(1e-5f);
    for (int i = 0; i < CHAINS; i++)
        acc[i] = _mm512_set1_ps((float)i);
    for (int64_t k = 0; k < iters; k++)
        for (int i = 0; i < CHAINS; i++)
            acc[i] = _mm512_fmadd_ps(acc[i], m, a);
    float sink = 0;
    for (int i = 0; i < CHAINS; i++)
        sink += _mm512_reduce_add_ps(acc[i]);
    return (double)iters * CHAINS * 32 + (sink == -1.0f);
}
