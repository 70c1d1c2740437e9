/* fc_f32_avgpool_ukernel_1x8__avx2
 * Average pooling of a run of n outputs along one output row (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 8 outputs per step in one ymm: y[i] = (0 + taps summed row by row,
 * tap by tap) / divisor, the scalar kernel's (and PyTorch's) order, so the same bits.
 * rows[r] IN: the in-bounds input rows, shifted to the first output's first tap; every tap the run
 * needs is in bounds. y OUT: n floats. Dilation 1. Vectorised for row strides 1 and 2 (stride 2
 * keeps the even floats of 16 with one shuffle and one permute), the 3-tap and 2-tap stride-2
 * windows specialised; runs shorter than 8 and other strides take the scalar definition. The last
 * step overlaps the one before and at stride 2 loads its last half under a mask, so no load
 * reaches past the last tap. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

INLINE __m256 load_taps(const float *p, int64_t sw, int last)
{
    if (sw == 1)
        return _mm256_loadu_ps(p);
    const __m256 lo = _mm256_loadu_ps(p);
    const __m256 hi = last ? _mm256_maskload_ps(p + 8, _mm256_setr_epi32(-1, -1, -1, -1, -1, -1,
                                                                          -1, 0))
                           : _mm256_loadu_ps(p + 8);
    const __m256 e = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e), _MM_SHUFFLE(3, 1, 2, 0)));
}

INLINE void avg_step(const float *const *rows, int64_t nrows, int64_t i, int64_t sw, int64_t S,
                     int last, __m256 divisor, float *y)
{
    const int64_t off = i * sw;
    __m256 acc = _mm256_setzero_ps();
    for (int64_t r = 0; r < nrows; r++) {
        const float *row = rows[r] + off;
        for (int64_t j = 0; j < S; j++)
            acc = _mm256_add_ps(acc, load_taps(row + j, sw, last));
    }
    _mm256_storeu_ps(y + i, _mm256_div_ps(acc, divisor));
}

INLINE void avg_run(int64_t n, const float *const *rows, int64_t nrows, int64_t sw, int64_t S,
                    float divisor, float *y)
{
    const __m256 d = _mm256_set1_ps(divisor);
    int64_t i = 0;
    for (; i + 8 < n; i += 8)
        avg_step(rows, nrows, i, sw, S, 0, d, y);
    avg_step(rows, nrows, n - 8, sw, S, 1, d, y);
}

void fc_f32_avgpool_ukernel_1x8__avx2(int64_t n, const float *const *rows, float divisor,
                                      float *y, const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S, nrows = p->nrows;
    assert(p->dw == 1);
    if (n < 8 || (sw != 1 && sw != 2))
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
