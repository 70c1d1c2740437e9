/* fc_f32_avgpool_backward_ukernel_1x8__avx2
 * Average-pool gradient of a run of n inputs along one input row (contract: internal.h, "pooling
 * and elementwise micro-kernels"): dx[t] = the sum, over the given rows r of dy / divisor (outer)
 * and the taps j < S with (a + t - j) divisible by sw (inner, ascending), of
 * rows[r][(a + t - j) / sw]. Every such read is in bounds (the operator clips). dx OUT: n floats,
 * each written once. At row stride 1, 8 inputs per step, each tap one contiguous load. At stride 2,
 * 16 inputs per step: the even and the odd inputs are two sums of contiguous loads (even taps to
 * the even inputs, odd taps to the odd), interleaved with unpacks and a lane permute. The scalar
 * kernel's order of additions, so its bits. A run's last step overlaps the one before; runs too
 * short for a step and other strides take the scalar definition. Threads: none; no allocation.
 * Needs AVX2. Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

/* Stride 1: inputs t..t+7. */
INLINE void step1(const float *const *rows, int64_t nrows, int64_t S, int64_t q, float *dx)
{
    __m256 acc = _mm256_setzero_ps();
    for (int64_t r = 0; r < nrows; r++)
        for (int64_t j = 0; j < S; j++)
            acc = _mm256_add_ps(acc, _mm256_loadu_ps(rows[r] + q - j));
    _mm256_storeu_ps(dx, acc);
}

/* Stride 2: inputs t..t+15 with q = a + t even, m = q / 2: even input t + 2k sums the even taps
 * rows[r][m + k - j/2], odd input t + 2k + 1 the odd taps rows[r][m + k - (j-1)/2]. */
INLINE void step2(const float *const *rows, int64_t nrows, int64_t S, int64_t q, float *dx)
{
    const int64_t m = q / 2;
    __m256 even = _mm256_setzero_ps(), odd = _mm256_setzero_ps();
    for (int64_t r = 0; r < nrows; r++) {
        const float *row = rows[r] + m;
        for (int64_t j = 0; j < S; j++) {
            if (j % 2 == 0)
                even = _mm256_add_ps(even, _mm256_loadu_ps(row - j / 2));
            else
                odd = _mm256_add_ps(odd, _mm256_loadu_ps(row - (j - 1) / 2));
        }
    }
    const __m256 lo = _mm256_unpacklo_ps(even, odd); /* e0 o0 e1 o1 | e4 o4 e5 o5 */
    const __m256 hi = _mm256_unpackhi_ps(even, odd); /* e2 o2 e3 o3 | e6 o6 e7 o7 */
    _mm256_storeu_ps(dx, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(dx + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
}

INLINE void run1(int64_t n, const float *const *rows, int64_t nrows, int64_t S, int64_t a,
                 float *dx)
{
    int64_t t = 0;
    for (; t + 8 <= n; t += 8)
        step1(rows, nrows, S, a + t, dx + t);
    if (t < n)
        step1(rows, nrows, S, a + n - 8, dx + n - 8);
}

/* n >= 17: one scalar input first when a is odd, steps of 16 from an even a + t, then a last
 * step ending at n - 1 or n - 2 (its start must keep a + t even) and the scalar for n - 1. */
INLINE void run2(int64_t n, const float *const *rows, const fc_pool_ukernel_params *p,
                 int64_t S, float *dx)
{
    const int64_t a = p->a, nrows = p->R;
    int64_t t = 0;
    if (a % 2 != 0) {
        avgpool_backward_scalar(1, rows, dx, p);
        t = 1;
    }
    for (; t + 16 <= n; t += 16)
        step2(rows, nrows, S, a + t, dx + t);
    if (t < n) {
        int64_t u = n - 16;
        if ((a + u) % 2 != 0)
            u--;
        step2(rows, nrows, S, a + u, dx + u);
        if (u + 16 < n) {
            fc_pool_ukernel_params last = *p;
            last.a = a + n - 1;
            avgpool_backward_scalar(1, rows, dx + n - 1, &last);
        }
    }
}

void fc_f32_avgpool_backward_ukernel_1x8__avx2(int64_t n, const float *const *rows, float *dx,
                                               const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S;
    if (sw == 1 && n >= 8) {
        if (S == 3)
            run1(n, rows, p->R, 3, p->a, dx);
        else if (S == 2)
            run1(n, rows, p->R, 2, p->a, dx);
        else
            run1(n, rows, p->R, S, p->a, dx);
    } else if (sw == 2 && n >= 17) {
        if (S == 3)
            run2(n, rows, p, 3, dx);
        else if (S == 2)
            run2(n, rows, p, 2, dx);
        else
            run2(n, rows, p, S, dx);
    } else {
        avgpool_backward_scalar(n, rows, dx, p);
    }
}
