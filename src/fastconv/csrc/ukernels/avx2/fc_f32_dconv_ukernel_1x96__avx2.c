/* fc_f32_dconv_ukernel_1x96__avx2
 * One output channel x 12 runs of 8 floats (depthwise): 12 accumulators, one broadcast weight
 * per tap, each tile load feeds one FMA (the layer is bound by memory, not FMAs). Needs AVX2+FMA.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_simd.inc.
 * Threads: none; no allocation. Oracle: the scalar kernel of the family; tests/test_direct.py. */
#include "../../internal.h"
#include "simd_avx2.h"

#define MR 1
#define NV 12
#define DCONV_FN fc_f32_dconv_ukernel_1x96__avx2
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_simd.inc"
