/* float64 instance of the GEMM engine (gemm_impl.inc) and its public entry points. */
#include <stdlib.h>

#include "../internal.h"

typedef double real;
typedef fc_f64_pack_src pack_src_t;
typedef fc_f64_gemm_problem problem_t;
typedef fc_f64_gemm_params params_t;
typedef fc_f64_gemm_config config_t;
#define GEMM_CONFIG() (&fc_dispatch()->f64_gemm)

#include "gemm_impl.inc"

void fc_f64_pack_dense(const fc_f64_pack_src *src, int64_t outer0, int64_t nouter, int64_t k0,
                       int64_t kc, int r, double *dst)
{
    pack_dense(src, outer0, nouter, k0, kc, r, dst);
}

fc_status fc_f64_gemm_serial(const fc_f64_gemm_problem *p) { return gemm_serial(p); }

fc_status fc_f64_gemm_parallel(const fc_f64_gemm_problem *p, int nthreads)
{
    return gemm_parallel(p, nthreads);
}

fc_status fc_f64_gemm(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K, const double *A,
                      int64_t lda, const double *B, int64_t ldb, int accumulate, double *C,
                      int64_t ldc, int nthreads)
{
    return gemm_dense(trans_a, trans_b, M, N, K, A, lda, B, ldb, accumulate, C, ldc, nthreads);
}
