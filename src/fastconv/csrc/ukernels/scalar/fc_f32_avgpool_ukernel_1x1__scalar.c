/* fc_f32_avgpool_ukernel_1x1__scalar
 * Average pooling of a run of n outputs along one output row (contract: internal.h):
 * y[i] = (0 + taps summed row by row) / divisor, PyTorch's order, so PyTorch's bits. Any S and
 * stride, dilation 1. Threads: none; no allocation. Oracle: tests/test_pool.py. */
#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

void fc_f32_avgpool_ukernel_1x1__scalar(int64_t n, const float *const *rows, float divisor,
                                        float *y, const fc_pool_ukernel_params *p)
{
    avgpool_scalar(n, rows, divisor, y, p);
}
