/* float instance of the dense layer (linear_impl.inc) and its public entry points. */
#include "../internal.h"

typedef float real;
#define GEMM fc_f32_gemm

#include "linear_impl.inc"

fc_status fc_f32_linear_forward(int64_t M, int64_t N, int64_t K, const float *x, const float *w,
                                const float *bias, float *y, int nthreads)
{
    return linear_forward(M, N, K, x, w, bias, y, nthreads);
}

fc_status fc_f32_linear_backward(int64_t M, int64_t N, int64_t K, const float *dy, const float *x,
                                 const float *w, float *dx, float *dw, float *db, int nthreads)
{
    return linear_backward(M, N, K, dy, x, w, dx, dw, db, nthreads);
}
