/* fc_f64_dwconvw_ukernel_1x4__scalar
 * Depthwise weight gradient, lane accumulators of 4 (one output row per call).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef double real;
#define VL 4
#define DWCONVW_FN fc_f64_dwconvw_ukernel_1x4__scalar

#include "../dconv_scalar.inc"
