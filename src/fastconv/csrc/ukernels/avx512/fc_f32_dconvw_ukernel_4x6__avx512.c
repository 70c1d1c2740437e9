/* fc_f32_dconvw_ukernel_4x6__avx512
 * 4 output channels x 6 (channel, tap) pairs of 16-float lane accumulators: 24 accumulators,
 * per run 4 loads of dy and 6 of the tile.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 4
#define NT 6
#define DCONVW_FN fc_f32_dconvw_ukernel_4x6__avx512

#include "../dconv_simd.inc"
