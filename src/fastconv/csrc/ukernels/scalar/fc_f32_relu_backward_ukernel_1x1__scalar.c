/* fc_f32_relu_backward_ukernel_1x1__scalar
 * dx = x <= 0 ? 0 : dy (a NaN x passes dy, as torch's threshold_backward); dx may equal dy.
 * Threads: none; no allocation. Oracle: tests/test_activation.py. */
#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

void fc_f32_relu_backward_ukernel_1x1__scalar(int64_t n, const float *dy, const float *x,
                                              float *dx)
{
    relu_backward_scalar(n, dy, x, dx);
}
