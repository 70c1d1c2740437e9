/* fc_f32_maxpool_ukernel_1x1__scalar
 * Max pooling of a run of n outputs along one output row (contract: internal.h, "pooling
 * and elementwise micro-kernels"): PyTorch's scan order and update rule (greater or NaN
 * replaces; ties keep the first), indices when idx is not NULL. Any S, stride and dilation.
 * Every read is in bounds (the operator clips windows). Threads: none; no allocation.
 * Oracle: tests/reference_pool.py; tests/test_pool.py. */
#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

void fc_f32_maxpool_ukernel_1x1__scalar(int64_t n, const float *const *rows, float *y,
                                        int64_t *idx, const fc_pool_ukernel_params *p)
{
    maxpool_scalar(n, rows, y, idx, p);
}
