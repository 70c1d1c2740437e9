/* fc_f32_relu_ukernel_1x32__avx2
 * y = x > 0 ? x : 0 over n floats (contract: internal.h, "pooling and elementwise micro-kernels"),
 * 32 per step in four ymm. max(0, x) returns its second operand when the first is not greater,
 * so a NaN x stays NaN and -0 stays -0, exactly as the scalar kernel and torch.relu. x IN, y OUT:
 * any alignment; y may equal x. The last n % 8 go through the scalar definition. Threads: none;
 * no allocation. Needs AVX2. Oracle: the scalar kernel; tests/test_activation.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

void fc_f32_relu_ukernel_1x32__avx2(int64_t n, const float *x, float *y)
{
    const __m256 zero = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256 a = _mm256_loadu_ps(x + i);
        const __m256 b = _mm256_loadu_ps(x + i + 8);
        const __m256 c = _mm256_loadu_ps(x + i + 2 * 8);
        const __m256 d = _mm256_loadu_ps(x + i + 3 * 8);
        _mm256_storeu_ps(y + i, _mm256_max_ps(zero, a));
        _mm256_storeu_ps(y + i + 8, _mm256_max_ps(zero, b));
        _mm256_storeu_ps(y + i + 2 * 8, _mm256_max_ps(zero, c));
        _mm256_storeu_ps(y + i + 3 * 8, _mm256_max_ps(zero, d));
    }
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_max_ps(zero, _mm256_loadu_ps(x + i)));
    relu_scalar(n - i, x + i, y + i);
}
