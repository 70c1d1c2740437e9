/* fc_f32_dconv_ukernel_1x64__scalar
 * One output channel x 8 runs of 8 floats (depthwise).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef float real;
#define VL 8
#define MR 1
#define NV 8
#define DCONV_FN fc_f32_dconv_ukernel_1x64__scalar
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_scalar.inc"
