/* fc_f32_dconvw_ukernel_1x9__scalar
 * One output channel x 9 (channel, tap) pairs of 8-float lane accumulators (depthwise).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef float real;
#define VL 8
#define MR 1
#define NT 9
#define DCONVW_FN fc_f32_dconvw_ukernel_1x9__scalar

#include "../dconv_scalar.inc"
