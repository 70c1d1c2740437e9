/* fc_f32_dconv_ukernel_4x24__avx2
 * 4 output channels x 3 runs of 8 floats: 12 ymm accumulators; per tap 3 unaligned loads of
 * the tile and 4 broadcast weights (7 loads per 12 FMAs). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 4
#define NV 3
#define DCONV_FN fc_f32_dconv_ukernel_4x24__avx2
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
