/* fc_f64_dconvw_ukernel_4x6__avx512
 * 4 output channels x 6 (channel, tap) pairs of 8-double lane accumulators.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 4
#define NT 6
#define DCONVW_FN fc_f64_dconvw_ukernel_4x6__avx512

#include "../dconv_simd.inc"
