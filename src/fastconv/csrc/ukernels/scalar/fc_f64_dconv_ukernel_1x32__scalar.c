/* fc_f64_dconv_ukernel_1x32__scalar
 * One output channel x 8 runs of 4 doubles (depthwise).
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef double real;
#define VL 4
#define MR 1
#define NV 8
#define DCONV_FN fc_f64_dconv_ukernel_1x32__scalar
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_scalar.inc"
