/* fc_f32_dconvw_ukernel_3x3__avx2
 * 3 output channels x 3 (channel, tap) pairs of 8-float lane accumulators: 9 accumulators, per
 * run 3 loads of dy and 3 of the tile. A 3x4 tile (12 accumulators) left no register for the
 * partial runs' mask and spilled one accumulator: 57 -> 100 GFLOP/s on one core (ResNet 3x3),
 * where 2x5 and 4x2 reached 87 and 92. Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 3
#define NT 3
#define DCONVW_FN fc_f32_dconvw_ukernel_3x3__avx2

#include "../dconv_simd.inc"
