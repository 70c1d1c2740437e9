/* fc_f32_gemm_ukernel_6x16__scalar
 * The portable fallback and the readable definition of the f32 GEMM micro-kernel.
 * Computes c[0:m,0:n] (=, or += when p->accumulate) a[0:6,0:kc] x b[0:kc,0:16], then adds
 * p->row_bias[i] to row i when overwriting. a IN: packed A, 6 floats per k step.
 * b IN: packed B, 16 floats per k step. c OUT (INOUT when accumulating): row stride ldc.
 * Overwrite never reads C. Accepts 1<=m<=6, 1<=n<=16, kc>=1. No threads, no allocation.
 * Every element is one multiply-then-add chain in k order, whatever m and n are, so a value
 * does not depend on where its tile falls. Oracle: tests/test_gemm.py against numpy.matmul. */
#include "../../internal.h"

#define MR 6
#define NR 16

void fc_f32_gemm_ukernel_6x16__scalar(int64_t kc, const float *a, const float *b, float *c,
                                      int64_t ldc, int m, int n, const fc_f32_gemm_params *p)
{
    assert(kc >= 1 && m >= 1 && m <= MR && n >= 1 && n <= NR);
    float acc[MR][NR] = {{0}};
    for (int64_t k = 0; k < kc; k++) {
        for (int i = 0; i < MR; i++) {
            const float ai = a[k * MR + i];
            for (int j = 0; j < NR; j++)
                acc[i][j] += ai * b[k * NR + j];
        }
    }
    for (int i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        if (p->accumulate) {
            for (int j = 0; j < n; j++)
                ci[j] += acc[i][j];
        } else {
            const float bias = p->row_bias ? p->row_bias[i] : 0.0f;
            for (int j = 0; j < n; j++)
                ci[j] = acc[i][j] + bias;
        }
    }
}
