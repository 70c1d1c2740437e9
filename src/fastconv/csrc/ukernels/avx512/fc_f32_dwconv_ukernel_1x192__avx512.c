/* fc_f32_dwconv_ukernel_1x192__avx512
 * Depthwise row kernel: up to 12 vectors of outputs (a row of 192) in registers across the taps.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx512.h"

#define U 12
#define DWCONV_FN fc_f32_dwconv_ukernel_1x192__avx512

#include "../dconv_simd.inc"
