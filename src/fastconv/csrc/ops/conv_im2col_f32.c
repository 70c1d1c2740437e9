/* float instance of im2col / col2im and of the im2col + GEMM convolution (im2col_impl.inc,
 * conv_im2col_impl.inc), with its public entry points. */
#include <string.h>

#include "../internal.h"

typedef float real;
typedef fc_f32_pack_src pack_src_t;
typedef fc_f32_gemm_problem problem_t;
typedef fc_f32_gemm_params params_t;
typedef fc_f32_gemm_config config_t;
#define GEMM_CONFIG() (&fc_dispatch()->f32_gemm)
#define pack_dense fc_f32_pack_dense
#define gemm_serial fc_f32_gemm_serial
#define gemm_parallel fc_f32_gemm_parallel

#include "im2col_impl.inc"
#include "conv_im2col_impl.inc"

fc_status fc_f32_im2col(const fc_conv2d_shape *sh, const float *x, float *col)
{
    if (fc_conv2d_shape_check(sh) != FC_OK)
        return FC_ERR_INVALID;
    const int64_t P = sh->OH * sh->OW;
    im2col_range(sh, x, 0, sh->C, 0, P, col, P);
    return FC_OK;
}

fc_status fc_f32_col2im(const fc_conv2d_shape *sh, const float *col, float *x)
{
    if (fc_conv2d_shape_check(sh) != FC_OK)
        return FC_ERR_INVALID;
    const int64_t P = sh->OH * sh->OW;
    col2im_range(sh, col, P, 0, sh->C, 0, P, x);
    return FC_OK;
}

fc_status fc_f32_conv2d_im2col_forward(const fc_conv2d_shape *sh, const float *x, const float *w,
                                       const float *bias, float *y, int nthreads)
{
    return conv_forward(sh, x, w, bias, y, nthreads);
}

fc_status fc_f32_conv2d_im2col_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                              const float *w, float *dx, int nthreads)
{
    return conv_backward_input(sh, dy, w, dx, nthreads);
}

fc_status fc_f32_conv2d_im2col_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                               const float *x, float *dw, int nthreads)
{
    return conv_backward_weight(sh, dy, x, dw, nthreads);
}

fc_status fc_f32_conv2d_backward_bias(int64_t N, int64_t K, int64_t P, const float *dy, float *db,
                                      int nthreads)
{
    return conv_backward_bias(N, K, P, dy, db, nthreads);
}

int64_t fc_f32_conv2d_im2col_workspace(const fc_conv2d_shape *sh, int pass, int nthreads)
{
    return im2col_workspace(sh, pass, nthreads);
}
