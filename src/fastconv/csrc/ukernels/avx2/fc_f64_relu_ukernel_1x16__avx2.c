/* fc_f64_relu_ukernel_1x16__avx2
 * y = x > 0 ? x : 0 over n doubles (contract: internal.h, "pooling and elementwise micro-kernels"),
 * 16 per step in four ymm. max(0, x) returns its second operand when the first is not greater,
 * so a NaN x stays NaN and -0 stays -0, exactly as the scalar kernel and torch.relu. x IN, y OUT:
 * any alignment; y may equal x. The last n % 4 go through the scalar definition. Threads: none;
 * no allocation. Needs AVX2. Oracle: the scalar kernel; tests/test_activation.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

void fc_f64_relu_ukernel_1x16__avx2(int64_t n, const double *x, double *y)
{
    const __m256d zero = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256d a = _mm256_loadu_pd(x + i);
        const __m256d b = _mm256_loadu_pd(x + i + 4);
        const __m256d c = _mm256_loadu_pd(x + i + 2 * 4);
        const __m256d d = _mm256_loadu_pd(x + i + 3 * 4);
        _mm256_storeu_pd(y + i, _mm256_max_pd(zero, a));
        _mm256_storeu_pd(y + i + 4, _mm256_max_pd(zero, b));
        _mm256_storeu_pd(y + i + 2 * 4, _mm256_max_pd(zero, c));
        _mm256_storeu_pd(y + i + 3 * 4, _mm256_max_pd(zero, d));
    }
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(y + i, _mm256_max_pd(zero, _mm256_loadu_pd(x + i)));
    relu_scalar(n - i, x + i, y + i);
}
