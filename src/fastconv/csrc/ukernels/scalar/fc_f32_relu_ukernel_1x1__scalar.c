/* fc_f32_relu_ukernel_1x1__scalar
 * y = x > 0 ? x : 0, keeping NaN and -0 as torch.relu does; y may equal x.
 * Threads: none; no allocation. Oracle: tests/test_activation.py. */
#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

void fc_f32_relu_ukernel_1x1__scalar(int64_t n, const float *x, float *y)
{
    relu_scalar(n, x, y);
}
