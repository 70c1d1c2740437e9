/* float instance of the direct convolution (conv_direct_impl.inc), with its public entry points. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

typedef float real;
typedef fc_f32_dconv_params PARAMS_T;
typedef fc_f32_dconv_ukernel_fn DCONV_FN_T;
typedef fc_f32_dconv_config DCONV_CONFIG_T;
typedef fc_f32_dconvw_config DCONVW_CONFIG_T;
typedef fc_f32_dwconv_config DWCONV_CONFIG_T;
typedef fc_f32_dwconv_ukernel_fn DWCONV_FN_T;
typedef fc_f32_dwconvw_ukernel_fn DWCONVW_FN_T;
#define DCONV_CONFIG() (&fc_dispatch()->f32_dconv)
#define DCONVW_CONFIG() (&fc_dispatch()->f32_dconvw)
#define DWCONV_CONFIG() (&fc_dispatch()->f32_dwconv)

#include "conv_direct_impl.inc"

fc_status fc_f32_conv2d_direct_forward(const fc_conv2d_shape *sh, const float *x, const float *w,
                                       const float *bias, float *y, int nthreads)
{
    return direct_forward(sh, x, w, bias, y, nthreads);
}

fc_status fc_f32_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                              const float *w, float *dx, int nthreads)
{
    return direct_backward_input(sh, dy, w, dx, nthreads);
}

fc_status fc_f32_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                               const float *x, float *dw, int nthreads)
{
    return direct_backward_weight(sh, dy, x, dw, nthreads);
}

int64_t fc_f32_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass, int nthreads)
{
    return direct_workspace(sh, pass, nthreads);
}
