/* fc_f64_relu_backward_ukernel_1x16__avx2
 * dx = x <= 0 ? 0 : dy over n doubles (contract: internal.h, "pooling and elementwise
 * micro-kernels"), 16 per step: an ordered x <= 0 compare is false for NaN, so a NaN x passes dy
 * (torch's threshold_backward), and andnot clears the rest to +0, the scalar kernel's bits.
 * dy, x IN, dx OUT: any alignment; dx may equal dy. The last n % 4 go through the scalar
 * definition. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_activation.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

static inline void step(const double *dy, const double *x, double *dx, __m256d zero)
{
    const __m256d off = _mm256_cmp_pd(_mm256_loadu_pd(x), zero, _CMP_LE_OQ);
    _mm256_storeu_pd(dx, _mm256_andnot_pd(off, _mm256_loadu_pd(dy)));
}

void fc_f64_relu_backward_ukernel_1x16__avx2(int64_t n, const double *dy, const double *x,
                                             double *dx)
{
    const __m256d zero = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        step(dy + i, x + i, dx + i, zero);
        step(dy + i + 4, x + i + 4, dx + i + 4, zero);
        step(dy + i + 8, x + i + 8, dx + i + 8, zero);
        step(dy + i + 12, x + i + 12, dx + i + 12, zero);
    }
    for (; i + 4 <= n; i += 4)
        step(dy + i, x + i, dx + i, zero);
    relu_backward_scalar(n - i, dy + i, x + i, dx + i);
}
