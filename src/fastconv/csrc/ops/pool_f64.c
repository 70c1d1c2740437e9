/* double instance of the pooling operators (pool_impl.inc) and their public entry points. */
#include <math.h>

#include "../internal.h"

typedef double real;
#define REAL_NEG_INF (-HUGE_VAL)
#define MAXPOOL_UKERNEL_T fc_f64_maxpool_ukernel_fn
#define MAXPOOL_UKERNEL() (fc_dispatch()->f64_maxpool)
#define AVGPOOL_UKERNEL_T fc_f64_avgpool_ukernel_fn
#define AVGPOOL_UKERNEL() (fc_dispatch()->f64_avgpool)
#define AVGPOOL_BACKWARD_UKERNEL_T fc_f64_avgpool_backward_ukernel_fn
#define AVGPOOL_BACKWARD_UKERNEL() (fc_dispatch()->f64_avgpool_backward)
#define MAXPOOL_BACKWARD_UKERNEL_T fc_f64_maxpool_backward_ukernel_fn
#define MAXPOOL_BACKWARD_UKERNEL() (fc_dispatch()->f64_maxpool_backward)

#include "pool_impl.inc"

fc_status fc_f64_max_pool2d_forward(const fc_pool2d_shape *sh, const double *x, double *y,
                                    int64_t *indices, int nthreads)
{
    return max_pool_forward(sh, x, y, indices, nthreads);
}

fc_status fc_f64_max_pool2d_backward(int64_t planes, int64_t in_plane, int64_t out_plane,
                                     const double *dy, const int64_t *indices, double *dx,
                                     int nthreads)
{
    return max_pool_backward(planes, in_plane, out_plane, dy, indices, dx, nthreads);
}

fc_status fc_f64_avg_pool2d_forward(const fc_pool2d_shape *sh, int count_include_pad,
                                    int64_t divisor_override, const double *x, double *y,
                                    int nthreads)
{
    return avg_pool_forward(sh, count_include_pad, divisor_override, x, y, nthreads);
}

fc_status fc_f64_avg_pool2d_backward(const fc_pool2d_shape *sh, int count_include_pad,
                                     int64_t divisor_override, const double *dy, double *dx,
                                     int nthreads)
{
    return avg_pool_backward(sh, count_include_pad, divisor_override, dy, dx, nthreads);
}

fc_status fc_f64_adaptive_avg_pool2d_forward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                             int64_t OW, const double *x, double *y, int nthreads)
{
    return adaptive_avg_pool_forward(planes, H, W, OH, OW, x, y, nthreads);
}

fc_status fc_f64_adaptive_avg_pool2d_backward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                              int64_t OW, const double *dy, double *dx,
                                              int nthreads)
{
    return adaptive_avg_pool_backward(planes, H, W, OH, OW, dy, dx, nthreads);
}
