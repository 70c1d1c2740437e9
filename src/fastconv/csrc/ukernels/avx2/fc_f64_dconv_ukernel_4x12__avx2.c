/* fc_f64_dconv_ukernel_4x12__avx2
 * 4 output channels x 3 runs of 4 doubles: 12 ymm accumulators; per tap 3 unaligned loads of
 * the tile and 4 broadcast weights. Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 4
#define NV 3
#define DCONV_FN fc_f64_dconv_ukernel_4x12__avx2
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
