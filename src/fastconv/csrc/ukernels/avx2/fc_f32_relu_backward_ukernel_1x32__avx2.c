/* fc_f32_relu_backward_ukernel_1x32__avx2
 * dx = x <= 0 ? 0 : dy over n floats (contract: internal.h, "pooling and elementwise
 * micro-kernels"), 32 per step: an ordered x <= 0 compare is false for NaN, so a NaN x passes dy
 * (torch's threshold_backward), and andnot clears the rest to +0, the scalar kernel's bits.
 * dy, x IN, dx OUT: any alignment; dx may equal dy. The last n % 8 go through the scalar
 * definition. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_activation.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

static inline void step(const float *dy, const float *x, float *dx, __m256 zero)
{
    const __m256 off = _mm256_cmp_ps(_mm256_loadu_ps(x), zero, _CMP_LE_OQ);
    _mm256_storeu_ps(dx, _mm256_andnot_ps(off, _mm256_loadu_ps(dy)));
}

void fc_f32_relu_backward_ukernel_1x32__avx2(int64_t n, const float *dy, const float *x,
                                             float *dx)
{
    const __m256 zero = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        step(dy + i, x + i, dx + i, zero);
        step(dy + i + 8, x + i + 8, dx + i + 8, zero);
        step(dy + i + 16, x + i + 16, dx + i + 16, zero);
        step(dy + i + 24, x + i + 24, dx + i + 24, zero);
    }
    for (; i + 8 <= n; i += 8)
        step(dy + i, x + i, dx + i, zero);
    relu_backward_scalar(n - i, dy + i, x + i, dx + i);
}
