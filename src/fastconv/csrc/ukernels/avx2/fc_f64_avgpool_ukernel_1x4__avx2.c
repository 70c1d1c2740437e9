/* fc_f64_avgpool_ukernel_1x4__avx2
 * Average pooling of a run of n outputs along one output row (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 4 outputs per step in one ymm: y[i] = (0 + taps summed row by row,
 * tap by tap) / divisor, the scalar kernel's (and PyTorch's) order, so the same bits.
 * rows[r] IN: the in-bounds input rows, shifted to the first output's first tap; every tap the run
 * needs is in bounds. y OUT: n doubles. Dilation 1. Vectorised for row strides 1 and 2 (stride 2
 * keeps the even doubles of 8 with one unpack and one permute), the 3-tap and 2-tap stride-2
 * windows specialised; runs shorter than 4 and other strides take the scalar definition. The last
 * step overlaps the one before and at stride 2 loads its last half under a mask, so no load
 * reaches past the last tap. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

INLINE __m256d load_taps(const double *p, int64_t sw, int last)
{
    if (sw == 1)
        return _mm256_loadu_pd(p);
    const __m256d lo = _mm256_loadu_pd(p);
    const __m256d hi = last ? _mm256_maskload_pd(p + 4, _mm256_setr_epi64x(-1, -1, -1, 0))
                            : _mm256_loadu_pd(p + 4);
    return _mm256_permute4x64_pd(_mm256_unpacklo_pd(lo, hi), _MM_SHUFFLE(3, 1, 2, 0));
}

INLINE void avg_step(const double *const *rows, int64_t nrows, int64_t i, int64_t sw, int64_t S,
                     int last, __m256d divisor, double *y)
{
    const int64_t off = i * sw;
    __m256d acc = _mm256_setzero_pd();
    for (int64_t r = 0; r < nrows; r++) {
        const double *row = rows[r] + off;
        for (int64_t j = 0; j < S; j++)
            acc = _mm256_add_pd(acc, load_taps(row + j, sw, last));
    }
    _mm256_storeu_pd(y + i, _mm256_div_pd(acc, divisor));
}

INLINE void avg_run(int64_t n, const double *const *rows, int64_t nrows, int64_t sw, int64_t S,
                    double divisor, double *y)
{
    const __m256d d = _mm256_set1_pd(divisor);
    int64_t i = 0;
    for (; i + 4 < n; i += 4)
        avg_step(rows, nrows, i, sw, S, 0, d, y);
    avg_step(rows, nrows, n - 4, sw, S, 1, d, y);
}

void fc_f64_avgpool_ukernel_1x4__avx2(int64_t n, const double *const *rows, double divisor,
                                      double *y, const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S, nrows = p->nrows;
    assert(p->dw == 1);
    if (n < 4 || (sw != 1 && sw != 2))
        avgpool_scalar(n, rows, divisor, y, p);
    else if (sw == 2 && S == 3)
        avg_run(n, rows, nrows, 2, 3, divisor, y);
    else if (sw == 2 && S == 2)
        avg_run(n, rows, nrows, 2, 2, divisor, y);
    else if (sw == 2)
        avg_run(n, rows, nrows, 2, S, divisor, y);
    else
        avg_run(n, rows, nrows, 1, S, divisor, y);
}
