/* fc_f64_maxpool_ukernel_4x4__avx2
 * Max pooling of a block of 1 or 4 output rows by n outputs (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 4 outputs per ymm. rows IN: input rows, each shifted to the first
 * output's first tap; every tap the call needs is in bounds. y OUT: row m at y + m*ldy.
 * idx OUT (may be NULL): int64 flat indices, row_index[k] + i*sw + j*dw of the chosen tap.
 * Vectorised for row strides 1 and 2 (3-tap and 2-tap stride-2 windows specialised); runs
 * shorter than 4 and other strides or row counts take the scalar definition (pool_scalar.inc).
 * How (maxpool_avx2.inc): each input row folded once along its taps and shared by the output rows
 * whose windows hold it; one vmaxpd per tap while no NaN is seen, the exact compare-and-blend rule
 * for a call whose inputs hold one. The exact rule's results always, the scalar kernel's bits.
 * Threads: none; no allocation. Needs AVX2. Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

#include "pool_simd_f64.h"

#define KERNEL_NAME fc_f64_maxpool_ukernel_4x4__avx2
#include "maxpool_avx2.inc"
