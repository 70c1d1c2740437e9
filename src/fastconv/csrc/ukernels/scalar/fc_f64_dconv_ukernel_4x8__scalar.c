/* fc_f64_dconv_ukernel_4x8__scalar
 * 4 output channels x 2 runs of 4 doubles.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef double real;
#define VL 4
#define MR 4
#define NV 2
#define DCONV_FN fc_f64_dconv_ukernel_4x8__scalar
typedef fc_f64_dconv_params dconv_params_t;

#include "../dconv_scalar.inc"
