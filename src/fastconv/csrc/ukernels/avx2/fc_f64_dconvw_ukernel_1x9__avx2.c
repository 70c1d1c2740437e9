/* fc_f64_dconvw_ukernel_1x9__avx2
 * One output channel x 9 (channel, tap) pairs (depthwise 3x3). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 1
#define NT 9
#define DCONVW_FN fc_f64_dconvw_ukernel_1x9__avx2

#include "../dconv_simd.inc"
