/* fc_f64_maxpool_backward_ukernel_1x1__scalar
 * Max-pool gradient, one plane: dx[idx[i]] += dy[i] in order (contract: internal.h).
 * Index -1 (a window without input) is skipped; any other index outside [0, plane) stops the
 * loop and returns -1, so nothing is ever written out of bounds. Both kernel sets use this
 * kernel (AVX2 has no scatter store). Threads: none; no allocation. Oracle: tests/test_pool.py. */
#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

int fc_f64_maxpool_backward_ukernel_1x1__scalar(int64_t n, const double *dy, const int64_t *idx,
                                                int64_t plane, double *dx)
{
    return maxpool_backward_scalar(n, dy, idx, plane, dx);
}
