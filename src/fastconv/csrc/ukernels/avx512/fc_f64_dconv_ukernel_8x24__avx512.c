/* fc_f64_dconv_ukernel_8x24__avx512
 * 8 output channels x 3 runs of 8 doubles: 24 zmm accumulators (the float kernel's shape).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 8
#define NV 3
#define DCONV_FN fc_f64_dconv_ukernel_8x24__avx512
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
