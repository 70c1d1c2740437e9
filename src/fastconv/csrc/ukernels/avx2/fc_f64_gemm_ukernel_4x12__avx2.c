/* fc_f64_gemm_ukernel_4x12__avx2
 * Computes c[0:m,0:n] (=, or += when p->accumulate) a[0:4,0:kc] x b[0:kc,0:12], then adds
 * p->row_bias[i] to row i when overwriting.
 * a IN: packed A, 4 doubles per k step. b IN: packed B, 12 doubles per k step, 32-byte aligned.
 * c OUT (INOUT when accumulating): row stride ldc elements, any alignment. Overwrite never reads C.
 * Accepts 1<=m<=4, 1<=n<=12, kc>=1. Rows past m are not stored; a tile narrower than 12 goes
 * through a stack tile. Threads: none; no allocation. Needs AVX2+FMA (compiled with -mavx2
 * -mfma, called only after CPU detection).
 * Registers: 12 accumulators (4 rows x 3 ymm), 3 loads of B and 4 broadcasts of A per k step
 * (7 loads per 12 FMAs, against 8 for a 6x8 tile); 4 rows divide the usual channel counts.
 * Oracle: the scalar kernel; tests/test_gemm.py. */
#include <immintrin.h>

#include "../../internal.h"

#define MR 4
#define NR 12

void fc_f64_gemm_ukernel_4x12__avx2(int64_t kc, const double *a, const double *b, double *c,
                                    int64_t ldc, int m, int n, const fc_f64_gemm_params *p)
{
    assert(kc >= 1 && m >= 1 && m <= MR && n >= 1 && n <= NR);
    /* start fetching the C tile now, so the loads at the end do not wait on memory */
    for (int i = 0; i < m; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + n - 1), _MM_HINT_T0);
    }
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c02 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd(), c12 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd(), c22 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd(), c32 = _mm256_setzero_pd();
    for (int64_t k = 0; k < kc; k++) {
        const __m256d b0 = _mm256_load_pd(b);
        const __m256d b1 = _mm256_load_pd(b + 4);
        const __m256d b2 = _mm256_load_pd(b + 8);
        __m256d ai;
        ai = _mm256_broadcast_sd(a + 0);
        c00 = _mm256_fmadd_pd(ai, b0, c00);
        c01 = _mm256_fmadd_pd(ai, b1, c01);
        c02 = _mm256_fmadd_pd(ai, b2, c02);
        ai = _mm256_broadcast_sd(a + 1);
        c10 = _mm256_fmadd_pd(ai, b0, c10);
        c11 = _mm256_fmadd_pd(ai, b1, c11);
        c12 = _mm256_fmadd_pd(ai, b2, c12);
        ai = _mm256_broadcast_sd(a + 2);
        c20 = _mm256_fmadd_pd(ai, b0, c20);
        c21 = _mm256_fmadd_pd(ai, b1, c21);
        c22 = _mm256_fmadd_pd(ai, b2, c22);
        ai = _mm256_broadcast_sd(a + 3);
        c30 = _mm256_fmadd_pd(ai, b0, c30);
        c31 = _mm256_fmadd_pd(ai, b1, c31);
        c32 = _mm256_fmadd_pd(ai, b2, c32);
        a += MR;
        b += NR;
    }
    __m256d acc[MR][3] = {{c00, c01, c02}, {c10, c11, c12}, {c20, c21, c22}, {c30, c31, c32}};
    if (n == NR) {
        for (int i = 0; i < m; i++) {
            double *ci = c + i * ldc;
            __m256d v0 = acc[i][0], v1 = acc[i][1], v2 = acc[i][2];
            if (p->accumulate) {
                v0 = _mm256_add_pd(_mm256_loadu_pd(ci), v0);
                v1 = _mm256_add_pd(_mm256_loadu_pd(ci + 4), v1);
                v2 = _mm256_add_pd(_mm256_loadu_pd(ci + 8), v2);
            } else if (p->row_bias) {
                const __m256d bias = _mm256_broadcast_sd(p->row_bias + i);
                v0 = _mm256_add_pd(v0, bias);
                v1 = _mm256_add_pd(v1, bias);
                v2 = _mm256_add_pd(v2, bias);
            }
            _mm256_storeu_pd(ci, v0);
            _mm256_storeu_pd(ci + 4, v1);
            _mm256_storeu_pd(ci + 8, v2);
        }
        return;
    }
    double tile[MR][NR];
    for (int i = 0; i < MR; i++) {
        _mm256_storeu_pd(tile[i], acc[i][0]);
        _mm256_storeu_pd(tile[i] + 4, acc[i][1]);
        _mm256_storeu_pd(tile[i] + 8, acc[i][2]);
    }
    for (int i = 0; i < m; i++) {
        double *ci = c + i * ldc;
        if (p->accumulate) {
            for (int j = 0; j < n; j++)
                ci[j] += tile[i][j];
        } else {
            const double bias = p->row_bias ? p->row_bias[i] : 0.0;
            for (int j = 0; j < n; j++)
                ci[j] = tile[i][j] + bias;
        }
    }
}
