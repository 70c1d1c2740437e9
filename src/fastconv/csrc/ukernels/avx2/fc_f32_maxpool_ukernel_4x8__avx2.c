/* fc_f32_maxpool_ukernel_4x8__avx2
 * Max pooling of a block of 1 or 4 output rows by n outputs (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 8 outputs per ymm. rows IN: input rows, each shifted to the first
 * output's first tap; every tap the call needs is in bounds. y OUT: row m at y + m*ldy.
 * idx OUT (may be NULL): int64 flat indices, row_index[k] + i*sw + j*dw of the chosen tap.
 * Vectorised for row strides 1 and 2 (3-tap and 2-tap stride-2 windows specialised); runs
 * shorter than 8, other strides or row counts, and index spans beyond 32 bits (the chosen tap's
 * offset is carried in an int32 lane) take the scalar definition (pool_scalar.inc).
 * How (maxpool_avx2.inc): each input row folded once along its taps and shared by the output rows
 * whose windows hold it; one vmaxps per tap while no NaN is seen, the exact compare-and-blend rule
 * for a call whose inputs hold one. The exact rule's results always, the scalar kernel's bits.
 * Threads: none; no allocation. Needs AVX2 (compiled with -mavx2, called only after CPU
 * detection). Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>
#include <limits.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

#include "pool_simd_f32.h"

#define KERNEL_NAME fc_f32_maxpool_ukernel_4x8__avx2
#include "maxpool_avx2.inc"
