/* fc_f32_dwconvw_ukernel_1x16__avx512
 * Depthwise weight gradient, one row per call: the lane accumulators of up to 25 taps (a 5x5
 * kernel) in registers at a time.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx512.h"

#define TB 25
#define DWCONVW_FN fc_f32_dwconvw_ukernel_1x16__avx512

#include "../dconv_simd.inc"
