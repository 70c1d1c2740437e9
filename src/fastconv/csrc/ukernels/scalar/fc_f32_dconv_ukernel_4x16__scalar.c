/* fc_f32_dconv_ukernel_4x16__scalar
 * 4 output channels x 2 runs of 8 floats.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef float real;
#define VL 8
#define MR 4
#define NV 2
#define DCONV_FN fc_f32_dconv_ukernel_4x16__scalar
typedef fc_f32_dconv_params dconv_params_t;

#include "../dconv_scalar.inc"
