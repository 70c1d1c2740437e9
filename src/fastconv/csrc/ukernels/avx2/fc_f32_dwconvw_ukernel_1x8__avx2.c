/* fc_f32_dwconvw_ukernel_1x8__avx2
 * Depthwise weight gradient, one row per call: the lane accumulators of 9 taps (a 3x3 kernel) at a
 * time, one load of dy and 9 of the tile per vector.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX2+FMA. Oracle: the scalar kernel; tests/test_direct.py. */

#include "../../internal.h"
#include "simd_avx2.h"

#define TB 9
#define DWCONVW_FN fc_f32_dwconvw_ukernel_1x8__avx2

#include "../dconv_simd.inc"
