/* fc_f64_avgpool_backward_ukernel_1x1__scalar
 * Average-pool gradient of a run of n inputs along one input row (contract: internal.h):
 * dx[t] sums, over the given rows of dy / divisor and the taps j whose window covers input
 * a + t, rows[r][(a + t - j) / sw]. Each dx element is written once (no zeroing pass).
 * Threads: none; no allocation. Oracle: tests/test_pool.py. */
#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

void fc_f64_avgpool_backward_ukernel_1x1__scalar(int64_t n, const double *const *rows, double *dx,
                                                 const fc_pool_ukernel_params *p)
{
    avgpool_backward_scalar(n, rows, dx, p);
}
