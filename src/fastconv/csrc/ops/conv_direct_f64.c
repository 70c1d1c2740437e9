/* double instance of the direct convolution (conv_direct_impl.inc), with its public entry points. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

typedef double real;
typedef fc_f64_dconv_params PARAMS_T;
typedef fc_f64_dconv_ukernel_fn DCONV_FN_T;
typedef fc_f64_dconv_config DCONV_CONFIG_T;
typedef fc_f64_dconvw_config DCONVW_CONFIG_T;
typedef fc_f64_dwconv_config DWCONV_CONFIG_T;
typedef fc_f64_dwconv_ukernel_fn DWCONV_FN_T;
typedef fc_f64_dwconvw_ukernel_fn DWCONVW_FN_T;
#define DCONV_CONFIG() (&fc_dispatch()->f64_dconv)
#define DCONVW_CONFIG() (&fc_dispatch()->f64_dconvw)
#define DWCONV_CONFIG() (&fc_dispatch()->f64_dwconv)

#include "conv_direct_impl.inc"

fc_status fc_f64_conv2d_direct_forward(const fc_conv2d_shape *sh, const double *x, const double *w,
                                       const double *bias, double *y, int nthreads)
{
    return direct_forward(sh, x, w, bias, y, nthreads);
}

fc_status fc_f64_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const double *dy,
                                              const double *w, double *dx, int nthreads)
{
    return direct_backward_input(sh, dy, w, dx, nthreads);
}

fc_status fc_f64_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const double *dy,
                                               const double *x, double *dw, int nthreads)
{
    return direct_backward_weight(sh, dy, x, dw, nthreads);
}

int64_t fc_f64_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass, int nthreads)
{
    return direct_workspace(sh, pass, nthreads);
}
