/* fc_f32_dconv_ukernel_8x48__avx512
 * 8 output channels x 3 runs of 16 floats: 24 zmm accumulators; per tap 3 unaligned loads of
 * the tile and 8 broadcast weights (11 loads per 24 FMAs, only 3 of them 64 bytes wide).
 * Measured against 4 channels x 6 runs (10 loads, 6 of them 64 bytes wide), one core: VGG 3x3
 * 193 -> 220 GFLOP/s, ResNet 3x3 208 -> 213 (of a 273 GFLOP/s peak).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 8
#define NV 3
#define DCONV_FN fc_f32_dconv_ukernel_8x48__avx512
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
