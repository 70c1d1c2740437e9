/* fc_f64_dwconvw_ukernel_1x8__avx512
 * Depthwise weight gradient, one row per call: up to 25 taps' lane accumulators at a time.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx512.h"

#define TB 25
#define DWCONVW_FN fc_f64_dwconvw_ukernel_1x8__avx512

#include "../dconv_simd.inc"
