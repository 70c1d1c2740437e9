/* fc_f64_maxpool_ukernel_1x4__avx2
 * Max pooling of a run of n outputs along one output row (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 4 outputs per step in one ymm. rows[r] IN: the in-bounds input rows
 * of the windows, shifted to the first output's first tap; every tap the run needs is in bounds.
 * y OUT: n doubles. idx OUT (may be NULL): n int64, row_index[r] + i*sw + j*dw of the chosen tap.
 * Vectorised for row strides 1 and 2 (stride 2 loads 8 doubles per tap and keeps the even ones
 * with one unpack and one permute), with the 3-tap and 2-tap stride-2 windows specialised; runs
 * shorter than 4 and other strides take the scalar definition (pool_scalar.inc). Per tap, one
 * mask (greater, or NaN) updates the running maximum and, with indices, the 64-bit offset of the
 * chosen tap: the scalar kernel's scan order, tie and NaN rules, and bits. The last step of a run
 * overlaps the step before it and at stride 2 loads its last half under a mask, so no load
 * reaches past the last tap. Threads: none; no allocation. Needs AVX2.
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>

#include "../../internal.h"

typedef double real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

/* Taps of 4 consecutive outputs: p[0..3] at stride 1, p[0], p[2], p[4], p[6] at stride 2. With
 * `last`, the stride-2 load stops at p[6]. */
INLINE __m256d load_taps(const double *p, int64_t sw, int last)
{
    if (sw == 1)
        return _mm256_loadu_pd(p);
    const __m256d lo = _mm256_loadu_pd(p);
    const __m256d hi = last ? _mm256_maskload_pd(p + 4, _mm256_setr_epi64x(-1, -1, -1, 0))
                            : _mm256_loadu_pd(p + 4);
    const __m256d e = _mm256_unpacklo_pd(lo, hi); /* p0 p4 p2 p6 */
    return _mm256_permute4x64_pd(e, _MM_SHUFFLE(3, 1, 2, 0));
}

INLINE void max_step(const double *const *rows, const fc_pool_ukernel_params *p, int64_t i,
                     int64_t sw, int64_t S, int64_t dw, int last, int with_idx, double *y,
                     int64_t *idx)
{
    const int64_t off = i * sw, nrows = p->nrows;
    __m256d m = load_taps(rows[0] + off, sw, last);
    __m256d best = _mm256_setzero_pd(); /* int64 offsets, blended as doubles */
    for (int64_t r = 0; r < nrows; r++) {
        const double *row = rows[r] + off;
        const int64_t rbase = with_idx ? p->row_index[r] - p->row_index[0] : 0;
        for (int64_t j = (r == 0); j < S; j++) {
            const __m256d v = load_taps(row + j * dw, sw, last);
            const __m256d take = _mm256_or_pd(_mm256_cmp_pd(v, m, _CMP_GT_OQ),
                                              _mm256_cmp_pd(v, v, _CMP_UNORD_Q));
            m = _mm256_blendv_pd(m, v, take);
            if (with_idx)
                best = _mm256_blendv_pd(best,
                                        _mm256_castsi256_pd(_mm256_set1_epi64x(rbase + j * dw)),
                                        take);
        }
    }
    _mm256_storeu_pd(y + i, m);
    if (with_idx) {
        const __m256i b0 = _mm256_add_epi64(_mm256_set1_epi64x(p->row_index[0] + off),
                                            _mm256_setr_epi64x(0, sw, 2 * sw, 3 * sw));
        _mm256_storeu_si256((__m256i *)(idx + i),
                            _mm256_add_epi64(b0, _mm256_castpd_si256(best)));
    }
}

INLINE void max_run(int64_t n, const double *const *rows, const fc_pool_ukernel_params *p,
                    int64_t sw, int64_t S, int64_t dw, int with_idx, double *y, int64_t *idx)
{
    int64_t i = 0;
    for (; i + 4 < n; i += 4)
        max_step(rows, p, i, sw, S, dw, 0, with_idx, y, idx);
    max_step(rows, p, n - 4, sw, S, dw, 1, with_idx, y, idx);
}

void fc_f64_maxpool_ukernel_1x4__avx2(int64_t n, const double *const *rows, double *y,
                                      int64_t *idx, const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S, dw = p->dw;
    if (n < 4 || (sw != 1 && sw != 2)) {
        maxpool_scalar(n, rows, y, idx, p);
        return;
    }
    if (idx) {
        if (sw == 2 && S == 3 && dw == 1)
            max_run(n, rows, p, 2, 3, 1, 1, y, idx);
        else if (sw == 2 && S == 2 && dw == 1)
            max_run(n, rows, p, 2, 2, 1, 1, y, idx);
        else if (sw == 2)
            max_run(n, rows, p, 2, S, dw, 1, y, idx);
        else
            max_run(n, rows, p, 1, S, dw, 1, y, idx);
    } else {
        if (sw == 2 && S == 3 && dw == 1)
            max_run(n, rows, p, 2, 3, 1, 0, y, NULL);
        else if (sw == 2 && S == 2 && dw == 1)
            max_run(n, rows, p, 2, 2, 1, 0, y, NULL);
        else if (sw == 2)
            max_run(n, rows, p, 2, S, dw, 0, y, NULL);
        else
            max_run(n, rows, p, 1, S, dw, 0, y, NULL);
    }
}
