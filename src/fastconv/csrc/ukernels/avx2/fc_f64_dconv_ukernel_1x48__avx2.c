/* fc_f64_dconv_ukernel_1x48__avx2
 * One output channel x 12 runs of 4 doubles (depthwise). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#define FC_SIMD_F64 1
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 1
#define NV 12
#define DCONV_FN fc_f64_dconv_ukernel_1x48__avx2
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
