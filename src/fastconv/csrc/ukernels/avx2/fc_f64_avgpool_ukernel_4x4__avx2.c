/* fc_f64_avgpool_ukernel_4x4__avx2
 * Average pooling of a block of 1 or 4 output rows by n outputs (contract: internal.h, "pooling
 * and elementwise micro-kernels"), 4 outputs per ymm: y = (0 + taps summed row by row, tap by
 * tap) / divisor, the scalar kernel's (and PyTorch's) order, so the same bits. rows IN: input
 * rows, each shifted to the first output's first tap; every tap the call needs is in bounds.
 * y OUT: row m at y + m*ldy. Dilation 1. Vectorised for row strides 1 and 2 (3-tap and 2-tap
 * stride-2 windows specialised; avgpool_avx2.inc); runs shorter than 4 and other strides or row
 * counts take the scalar definition (pool_scalar.inc). Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

#include "pool_simd_f64.h"

#define KERNEL_NAME fc_f64_avgpool_ukernel_4x4__avx2
#include "avgpool_avx2.inc"
