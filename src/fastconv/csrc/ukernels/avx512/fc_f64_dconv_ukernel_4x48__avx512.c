/* fc_f64_dconv_ukernel_4x48__avx512
 * 4 output channels x 6 runs of 8 doubles: 24 zmm accumulators.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Needs AVX-512F. Oracle: the scalar kernel; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx512.h"

#define MR 4
#define NV 6
#define DCONV_FN fc_f64_dconv_ukernel_4x48__avx512
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
