/* fc_f64_dconvw_ukernel_4x2__scalar
 * 4 output channels x 2 (channel, tap) pairs of 4-double lane accumulators.
 * Contract: internal.h ("direct-convolution micro-kernels"); body: ../dconv_scalar.inc.
 * Threads: none; no allocation. Portable C: the fallback and the oracle of its family. */
#include "../../internal.h"

typedef double real;
#define VL 4
#define MR 4
#define NT 2
#define DCONVW_FN fc_f64_dconvw_ukernel_4x2__scalar

#include "../dconv_scalar.inc"
