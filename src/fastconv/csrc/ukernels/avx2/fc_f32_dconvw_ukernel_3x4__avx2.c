/* fc_f32_dconvw_ukernel_3x4__avx2
 * 3 output channels x 4 (channel, tap) pairs of 8-float lane accumulators: 12 accumulators,
 * per run 3 loads of dy and 4 of the tile (7 loads per 12 FMAs). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 3
#define NT 4
#define DCONVW_FN fc_f32_dconvw_ukernel_3x4__avx2

#include "../dconv_simd.inc"
