/* fc_f32_gemm_ukernel_8x32__avx512
 * Computes c[0:m,0:n] (=, or += when p->accumulate) a[0:8,0:kc] x b[0:kc,0:32], then adds
 * p->row_bias[i] to row i when overwriting.
 * a IN: packed A, 8 floats per k step. b IN: packed B, 32 floats per k step (64-byte aligned is
 * fastest, any alignment is correct). c OUT (INOUT when accumulating): row stride ldc elements,
 * any alignment. Overwrite never reads C (it may hold NaN).
 * Accepts 1<=m<=8, 1<=n<=32, kc>=1. Rows past m are not stored and columns past n are masked
 * off: nothing outside C[0:m, 0:n] is read or written. Threads: none; no allocation. Needs
 * AVX-512 F, DQ, BW and VL (written with F intrinsics, compiled with -mavx512f -mavx512vl
 * -mavx512dq -mavx512bw, called only after CPU detection).
 * Registers: 16 zmm accumulators (8 rows x 2 vectors of 16), 2 loads of B and 8 broadcasts of A
 * per k step (16 FMAs). 8 rows divide the usual channel counts. The body is gemm_avx512.inc.
 * Oracle: the scalar kernel and numpy; tests/test_gemm.py. */
#include <immintrin.h>

#include "../../internal.h"

#define MR 8
#define NR 32
#define GEMM_F64 0
#include "gemm_avx512.inc"

void fc_f32_gemm_ukernel_8x32__avx512(int64_t kc, const float *a, const float *b, float *c,
                                      int64_t ldc, int m, int n, const fc_f32_gemm_params *p)
{
    assert(kc >= 1 && m >= 1 && m <= MR && n >= 1 && n <= NR);
    gemm_tile_avx512(kc, a, b, c, ldc, m, n, p->accumulate, p->row_bias);
}
