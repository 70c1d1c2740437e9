/* fc_f64_dconvw_ukernel_3x3__avx2
 * 3 output channels x 3 (channel, tap) pairs of 4-double lane accumulators (see the float
 * kernel for why 3x3). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 3
#define NT 3
#define DCONVW_FN fc_f64_dconvw_ukernel_3x3__avx2

#include "../dconv_simd.inc"
