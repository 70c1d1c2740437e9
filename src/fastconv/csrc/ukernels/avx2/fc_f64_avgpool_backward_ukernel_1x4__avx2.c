/* fc_f64_avgpool_backward_ukernel_1x4__avx2
 * Average-pool gradient of a run of n inputs along one input row (contract: internal.h, "pooling
 * and elementwise micro-kernels"): dx[t] = the sum, over the given rows r of dy / divisor (outer)
 * and the taps j < S with (a + t - j) divisible by sw (inner, ascending), of
 * rows[r][(a + t - j) / sw]. Every such read is in bounds (the operator clips). dx OUT: n doubles,
 * each written once. At row stride 1, 4 inputs per step, each tap one contiguous load. At stride 2,
 * 8 inputs per step: the even and the odd inputs are two sums of contiguous loads, interleaved
 * with unpacks and a lane permute. The scalar kernel's order of additions, so its bits. A run's
 * last step overlaps the one before; runs too short for a step and other strides take the scalar
 * definition. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

INLINE void step1(const double *const *rows, int64_t nrows, int64_t S, int64_t q, double *dx)
{
    __m256d acc = _mm256_setzero_pd();
    for (int64_t r = 0; r < nrows; r++)
        for (int64_t j = 0; j < S; j++)
            acc = _mm256_add_pd(acc, _mm256_loadu_pd(rows[r] + q - j));
    _mm256_storeu_pd(dx, acc);
}

/* Stride 2: inputs t..t+7 with q = a + t even, m = q / 2 (see the f32 kernel). */
INLINE void step2(const double *const *rows, int64_t nrows, int64_t S, int64_t q, double *dx)
{
    const int64_t m = q / 2;
    __m256d even = _mm256_setzero_pd(), odd = _mm256_setzero_pd();
    for (int64_t r = 0; r < nrows; r++) {
        const double *row = rows[r] + m;
        for (int64_t j = 0; j < S; j++) {
            if (j % 2 == 0)
                even = _mm256_add_pd(even, _mm256_loadu_pd(row - j / 2));
            else
                odd = _mm256_add_pd(odd, _mm256_loadu_pd(row - (j - 1) / 2));
        }
    }
    const __m256d lo = _mm256_unpacklo_pd(even, odd); /* e0 o0 | e2 o2 */
    const __m256d hi = _mm256_unpackhi_pd(even, odd); /* e1 o1 | e3 o3 */
    _mm256_storeu_pd(dx, _mm256_permute2f128_pd(lo, hi, 0x20));
    _mm256_storeu_pd(dx + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
}

INLINE void run1(int64_t n, const double *const *rows, int64_t nrows, int64_t S, int64_t a,
                 double *dx)
{
    int64_t t = 0;
    for (; t + 4 <= n; t += 4)
        step1(rows, nrows, S, a + t, dx + t);
    if (t < n)
        step1(rows, nrows, S, a + n - 4, dx + n - 4);
}

/* n >= 9: as the f32 kernel, with steps of 8. */
INLINE void run2(int64_t n, const double *const *rows, const fc_pool_ukernel_params *p,
                 int64_t S, double *dx)
{
    const int64_t a = p->a, nrows = p->R;
    int64_t t = 0;
    if (a % 2 != 0) {
        avgpool_backward_scalar(1, rows, dx, p);
        t = 1;
    }
    for (; t + 8 <= n; t += 8)
        step2(rows, nrows, S, a + t, dx + t);
    if (t < n) {
        int64_t u = n - 8;
        if ((a + u) % 2 != 0)
            u--;
        step2(rows, nrows, S, a + u, dx + u);
        if (u + 8 < n) {
            fc_pool_ukernel_params last = *p;
            last.a = a + n - 1;
            avgpool_backward_scalar(1, rows, dx + n - 1, &last);
        }
    }
}

void fc_f64_avgpool_backward_ukernel_1x4__avx2(int64_t n, const double *const *rows, double *dx,
                                               const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S;
    if (sw == 1 && n >= 4) {
        if (S == 3)
            run1(n, rows, p->R, 3, p->a, dx);
        else if (S == 2)
            run1(n, rows, p->R, 2, p->a, dx);
        else
            run1(n, rows, p->R, S, p->a, dx);
    } else if (sw == 2 && n >= 9) {
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
