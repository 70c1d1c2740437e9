/* fc_f32_maxpool_ukernel_1x8__avx2
 * Max pooling of a run of n outputs along one output row (contract: internal.h, "pooling and
 * elementwise micro-kernels"), 8 outputs per step in one ymm. rows[r] IN: the in-bounds input rows
 * of the windows, shifted to the first output's first tap; every tap the run needs is in bounds.
 * y OUT: n floats. idx OUT (may be NULL): n int64, row_index[r] + i*sw + j*dw of the chosen tap.
 * Vectorised for row strides 1 and 2 (stride 2 loads 16 floats per tap and keeps the even ones
 * with one shuffle and one permute), with the 3-tap and 2-tap stride-2 windows specialised.
 * Runs shorter than 8, other strides, and index offsets beyond 32 bits take the scalar
 * definition (pool_scalar.inc). Per tap, one mask (greater, or NaN) updates the running maximum
 * and, with indices, the 32-bit offset of the chosen tap from the window's first tap: the scan
 * order and the tie and NaN rules are the scalar kernel's, so are the bits. The last step of a
 * run overlaps the step before it (recomputing the same values) and at stride 2 loads its last
 * half under a mask, so no load reaches past the last tap. Threads: none; no allocation.
 * Needs AVX2 (compiled with -mavx2, called only after CPU detection).
 * Oracle: the scalar kernel; tests/test_pool.py. */
#include <immintrin.h>
#include <limits.h>

#include "../../internal.h"

typedef float real;
#include "../pool_scalar.inc"

#define INLINE static inline __attribute__((always_inline))

/* Taps of 8 consecutive outputs: p[0..7] at stride 1, p[0], p[2], ..., p[14] at stride 2. With
 * `last`, the stride-2 load stops at p[14] (p[15] may lie past the row). */
INLINE __m256 load_taps(const float *p, int64_t sw, int last)
{
    if (sw == 1)
        return _mm256_loadu_ps(p);
    const __m256 lo = _mm256_loadu_ps(p);
    const __m256 hi = last ? _mm256_maskload_ps(p + 8, _mm256_setr_epi32(-1, -1, -1, -1, -1, -1,
                                                                          -1, 0))
                           : _mm256_loadu_ps(p + 8);
    /* 64-bit lanes (p0 p2) (p8 p10) (p4 p6) (p12 p14) -> in order */
    const __m256 e = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e), _MM_SHUFFLE(3, 1, 2, 0)));
}

/* Outputs i..i+7. sw, S, dw and with_idx are constants in the specialised callers. */
INLINE void max_step(const float *const *rows, const fc_pool_ukernel_params *p, int64_t i,
                     int64_t sw, int64_t S, int64_t dw, int last, int with_idx, float *y,
                     int64_t *idx)
{
    const int64_t off = i * sw, nrows = p->nrows;
    __m256 m = load_taps(rows[0] + off, sw, last);
    __m256i best = _mm256_setzero_si256();
    for (int64_t r = 0; r < nrows; r++) {
        const float *row = rows[r] + off;
        const int32_t rbase = with_idx ? (int32_t)(p->row_index[r] - p->row_index[0]) : 0;
        for (int64_t j = (r == 0); j < S; j++) {
            const __m256 v = load_taps(row + j * dw, sw, last);
            const __m256 take = _mm256_or_ps(_mm256_cmp_ps(v, m, _CMP_GT_OQ),
                                             _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
            m = _mm256_blendv_ps(m, v, take);
            if (with_idx) {
                const __m256i rel = _mm256_set1_epi32(rbase + (int32_t)(j * dw));
                best = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(best),
                                                            _mm256_castsi256_ps(rel), take));
            }
        }
    }
    _mm256_storeu_ps(y + i, m);
    if (with_idx) {
        /* index of output i + l's first tap: row_index[0] + (i + l) * sw */
        const __m256i b0 = _mm256_add_epi64(_mm256_set1_epi64x(p->row_index[0] + off),
                                            _mm256_setr_epi64x(0, sw, 2 * sw, 3 * sw));
        const __m256i b1 = _mm256_add_epi64(b0, _mm256_set1_epi64x(4 * sw));
        _mm256_storeu_si256((__m256i *)(idx + i),
                            _mm256_add_epi64(b0, _mm256_cvtepi32_epi64(
                                                     _mm256_castsi256_si128(best))));
        _mm256_storeu_si256((__m256i *)(idx + i + 4),
                            _mm256_add_epi64(b1, _mm256_cvtepi32_epi64(
                                                     _mm256_extracti128_si256(best, 1))));
    }
}

/* n >= 8: full steps, then a last step ending at n that overlaps the one before. */
INLINE void max_run(int64_t n, const float *const *rows, const fc_pool_ukernel_params *p,
                    int64_t sw, int64_t S, int64_t dw, int with_idx, float *y, int64_t *idx)
{
    int64_t i = 0;
    for (; i + 8 < n; i += 8)
        max_step(rows, p, i, sw, S, dw, 0, with_idx, y, idx);
    max_step(rows, p, n - 8, sw, S, dw, 1, with_idx, y, idx);
}

/* Every tap offset from the window's first tap fits in int32. */
static int offsets_fit_int32(const fc_pool_ukernel_params *p)
{
    const int64_t span = p->row_index[p->nrows - 1] - p->row_index[0] + (p->S - 1) * p->dw;
    return span >= 0 && span <= INT32_MAX;
}

void fc_f32_maxpool_ukernel_1x8__avx2(int64_t n, const float *const *rows, float *y,
                                      int64_t *idx, const fc_pool_ukernel_params *p)
{
    const int64_t sw = p->sw, S = p->S, dw = p->dw;
    if (n < 8 || (sw != 1 && sw != 2) || (idx && !offsets_fit_int32(p))) {
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
