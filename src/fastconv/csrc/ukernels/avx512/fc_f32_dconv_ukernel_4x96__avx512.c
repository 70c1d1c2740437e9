/* fc_f32_dconv_ukernel_4x96__avx512
 * 4 output channels x 6 runs of 16 floats: 24 zmm accumulators; per tap 6 unaligned loads of
 * the tile and 4 broadcast weights (10 loads per 24 FMAs).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 4
#define NV 6
#define DCONV_FN fc_f32_dconv_ukernel_4x96__avx512
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
