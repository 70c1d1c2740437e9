/* fc_f64_gemm_ukernel_6x8__scalar
 * The portable fallback and the readable definition of the f64 GEMM micro-kernel.
 * Computes c[0:m,0:n] (=, or += when p->accumulate) a[0:6,0:kc] x b[0:kc,0:8], then adds
 * p->row_bias[i] to row i when overwriting. a IN: packed A, 6 doubles per k step.
 * b IN: packed B, 8 doubles per k step. c OUT (INOUT when accumulating): row stride ldc.
 * Overwrite never reads C. Accepts 1<=m<=6, 1<=n<=8, kc>=1. No threads, no allocation.
 * Every element is one multiply-then-add chain in k order, whatever m and n are, so a value
 * does not depend on where its tile falls. Oracle: tests/test_gemm.py against numpy.matmul. */
#include "../../internal.h"

#define MR 6
#define NR 8

void fc_f64_gemm_ukernel_6x8__scalar(int64_t kc, const double *a, const double *b, double *c,
                                      int64_t ldc, int m, int n, const fc_f64_gemm_params *p)
{
    assert(kc >= 1 && m >= 1 && m <= MR && n >= 1 && n <= NR);
    double acc[MR][NR] = {{0}};
    for (int64_t k = 0; k < kc; k++) {
        for (int i = 0; i < MR; i++) {
            const double ai = a[k * MR + i];
            for (int j = 0; j < NR; j++)
                acc[i][j] += ai * b[k * NR + j];
        }
    }
    for (int i = 0; i < m; i++) {
        double *ci = c + i * ldc;
        if (p->accumulate) {
            for (int j = 0; j < n; j++)
                ci[j] += acc[i][j];
        } else {
            const double bias = p->row_bias ? p->row_bias[i] : 0.0;
            for (int j = 0; j < n; j++)
                ci[j] = acc[i][j] + bias;
        }
    }
}
