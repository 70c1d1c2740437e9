/* double instance of the dense layer (linear_impl.inc) and its public entry points. */
#include "../internal.h"

typedef double real;
#define GEMM fc_f64_gemm

#include "linear_impl.inc"

fc_status fc_f64_linear_forward(int64_t M, int64_t N, int64_t K, const double *x, const double *w,
                                const double *bias, double *y, int nthreads)
{
    return linear_forward(M, N, K, x, w, bias, y, nthreads);
}

fc_status fc_f64_linear_backward(int64_t M, int64_t N, int64_t K, const double *dy, const double *x,
                                 const double *w, double *dx, double *dw, double *db, int nthreads)
{
    return linear_backward(M, N, K, dy, x, w, dx, dw, db, nthreads);
}
