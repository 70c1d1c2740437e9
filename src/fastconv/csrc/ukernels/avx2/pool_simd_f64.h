/* AVX2 vector primitives of the double pooling kernels (maxpool_avx2.inc, avgpool_avx2.inc): the
 * includer defines `real` as double and includes <immintrin.h> and internal.h first. */
#define LANES 4
typedef __m256d vec;
typedef __m256i ivec; /* int64 offsets of the chosen taps, in the vectors' lane order */

static inline vec v_add(vec a, vec b) { return _mm256_add_pd(a, b); }
static inline vec v_div(vec a, vec b) { return _mm256_div_pd(a, b); }
static inline vec v_set1(double a) { return _mm256_set1_pd(a); }
static inline vec v_zero(void) { return _mm256_setzero_pd(); }
static inline vec v_loadu(const double *p) { return _mm256_loadu_pd(p); }
/* p[0..2]: the second load of a stride-2 pair whose last element p[3] may be past the row */
static inline vec v_load_pair_last(const double *p)
{
    return _mm256_maskload_pd(p, _mm256_setr_epi64x(-1, -1, -1, 0));
}
/* Even elements of lo:hi in the lane order 0 2 1 3 (one in-lane unpack). */
static inline vec v_even(vec lo, vec hi) { return _mm256_unpacklo_pd(lo, hi); }
/* Odd elements of lo:hi, same lane order. */
static inline vec v_odd(vec lo, vec hi) { return _mm256_unpackhi_pd(lo, hi); }
static inline vec v_max(vec a, vec b) { return _mm256_max_pd(a, b); }
static inline vec v_gt(vec a, vec b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
static inline vec v_unord(vec a, vec b) { return _mm256_cmp_pd(a, b, _CMP_UNORD_Q); }
static inline vec v_or(vec a, vec b) { return _mm256_or_pd(a, b); }
static inline vec v_blend(vec a, vec b, vec mask) { return _mm256_blendv_pd(a, b, mask); }
static inline int v_any(vec mask) { return _mm256_movemask_pd(mask) != 0; }
static inline void v_storeu(double *p, vec v) { _mm256_storeu_pd(p, v); }
/* lane order 0 2 1 3 -> 0..3 at stride 2 */
static inline __m256i in_order_si(__m256i v, int64_t sw)
{
    return sw == 1 ? v : _mm256_permute4x64_epi64(v, _MM_SHUFFLE(3, 1, 2, 0));
}
static inline vec v_in_order(vec v, int64_t sw)
{
    return _mm256_castsi256_pd(in_order_si(_mm256_castpd_si256(v), sw));
}
static inline ivec i_set1(int64_t rel) { return _mm256_set1_epi64x(rel); }
static inline ivec i_blend(ivec a, ivec b, vec mask)
{
    return _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(a),
                                                _mm256_castsi256_pd(b), mask));
}
/* idx[l] = base + l*sw + rel[l], l < 4 */
static inline void i_store(int64_t *idx, ivec rel, int64_t base, int64_t sw)
{
    const __m256i b = _mm256_add_epi64(_mm256_set1_epi64x(base),
                                       _mm256_setr_epi64x(0, sw, 2 * sw, 3 * sw));
    _mm256_storeu_si256((__m256i *)idx, _mm256_add_epi64(b, in_order_si(rel, sw)));
}
static inline int offsets_fit(const fc_pool_ukernel_params *p)
{
    (void)p;
    return 1; /* int64 lanes */
}


/* Four lanes, one output row each (border columns of 4-row blocks): ymm doubles, int64 offsets. */
typedef __m256d qvec;
typedef __m256i qivec;
static inline qvec q_set(double a, double b, double c, double d)
{
    return _mm256_setr_pd(a, b, c, d);
}
static inline qvec q_gt(qvec a, qvec b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
static inline qvec q_unord(qvec a, qvec b) { return _mm256_cmp_pd(a, b, _CMP_UNORD_Q); }
static inline qvec q_or(qvec a, qvec b) { return _mm256_or_pd(a, b); }
static inline qvec q_blend(qvec a, qvec b, qvec mask) { return _mm256_blendv_pd(a, b, mask); }
static inline qivec qi_set(int64_t a, int64_t b, int64_t c, int64_t d)
{
    return _mm256_setr_epi64x(a, b, c, d);
}
static inline qivec qi_add(qivec a, int64_t b)
{
    return _mm256_add_epi64(a, _mm256_set1_epi64x(b));
}
static inline qivec qi_blend(qivec a, qivec b, qvec mask)
{
    return _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(a), _mm256_castsi256_pd(b),
                                                mask));
}
static inline void q_store(double *y, int64_t *idx, int64_t ld, qvec v, qivec rel, int64_t base)
{
    double t[4];
    _mm256_storeu_pd(t, v);
    int64_t r[4];
    _mm256_storeu_si256((__m256i *)r, rel);
    for (int m = 0; m < 4; m++) {
        y[m * ld] = t[m];
        if (idx)
            idx[m * ld] = base + r[m];
    }
}
