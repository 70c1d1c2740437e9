/* fc_f64_dwconv_ukernel_1x4__scalar
 * Depthwise row kernel (one output row per call).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef double real;
#define VL 4
#define DWCONV_FN fc_f64_dwconv_ukernel_1x4__scalar

#include "../dconv_scalar.inc"
