/* AVX2 vector primitives of the float pooling kernels (maxpool_avx2.inc, avgpool_avx2.inc): the
 * includer defines `real` as float and includes <immintrin.h> and internal.h first. */
#define LANES 8
typedef __m256 vec;
typedef __m256i ivec; /* int32 offsets of the chosen taps, in the vectors' lane order */

static inline vec v_add(vec a, vec b) { return _mm256_add_ps(a, b); }
static inline vec v_div(vec a, vec b) { return _mm256_div_ps(a, b); }
static inline vec v_set1(float a) { return _mm256_set1_ps(a); }
static inline vec v_zero(void) { return _mm256_setzero_ps(); }
static inline vec v_loadu(const float *p) { return _mm256_loadu_ps(p); }
/* p[0..6]: the second load of a stride-2 pair whose last element p[7] may be past the row */
static inline vec v_load_pair_last(const float *p)
{
    return _mm256_maskload_ps(p, _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, -1, 0));
}
/* Even elements of lo:hi in the lane order 0 1 4 5 2 3 6 7 (one in-lane shuffle). */
static inline vec v_even(vec lo, vec hi)
{
    return _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
}
/* Odd elements of lo:hi, same lane order. */
static inline vec v_odd(vec lo, vec hi)
{
    return _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
}
static inline vec v_max(vec a, vec b) { return _mm256_max_ps(a, b); }
static inline vec v_gt(vec a, vec b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline vec v_unord(vec a, vec b) { return _mm256_cmp_ps(a, b, _CMP_UNORD_Q); }
static inline vec v_or(vec a, vec b) { return _mm256_or_ps(a, b); }
static inline vec v_blend(vec a, vec b, vec mask) { return _mm256_blendv_ps(a, b, mask); }
static inline int v_any(vec mask) { return _mm256_movemask_ps(mask) != 0; }
static inline void v_storeu(float *p, vec v) { _mm256_storeu_ps(p, v); }
/* lane order 0 1 4 5 2 3 6 7 -> 0..7 at stride 2: swap the middle 64-bit lanes */
static inline __m256i in_order_si(__m256i v, int64_t sw)
{
    return sw == 1 ? v : _mm256_permute4x64_epi64(v, _MM_SHUFFLE(3, 1, 2, 0));
}
static inline vec v_in_order(vec v, int64_t sw)
{
    return _mm256_castsi256_ps(in_order_si(_mm256_castps_si256(v), sw));
}
static inline ivec i_set1(int64_t rel) { return _mm256_set1_epi32((int32_t)rel); }
static inline ivec i_blend(ivec a, ivec b, vec mask)
{
    return _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(a),
                                                _mm256_castsi256_ps(b), mask));
}
/* idx[l] = base + l*sw + rel[l], l < 8 (base: the flat index of output 0's first tap) */
static inline void i_store(int64_t *idx, ivec rel, int64_t base, int64_t sw)
{
    const __m256i r = in_order_si(rel, sw);
    const __m256i b0 = _mm256_add_epi64(_mm256_set1_epi64x(base),
                                        _mm256_setr_epi64x(0, sw, 2 * sw, 3 * sw));
    const __m256i b1 = _mm256_add_epi64(b0, _mm256_set1_epi64x(4 * sw));
    _mm256_storeu_si256((__m256i *)idx,
                        _mm256_add_epi64(b0, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(r))));
    const __m128i r_hi = _mm256_extracti128_si256(r, 1);
    _mm256_storeu_si256((__m256i *)(idx + 4), _mm256_add_epi64(b1, _mm256_cvtepi32_epi64(r_hi)));
}
/* Every offset from the call's first tap fits in an int32 lane. */
static inline int offsets_fit(const fc_pool_ukernel_params *p)
{
    const int64_t K = (p->mrows - 1) * p->rstep + (p->R - 1) * p->rdil + 1;
    const int64_t span = p->row_index[K - 1] - p->row_index[0] + (p->S - 1) * p->dw;
    return span >= 0 && span <= INT32_MAX;
}


/* Four lanes, one output row each (border columns of 4-row blocks): xmm floats, int32 offsets. */
typedef __m128 qvec;
typedef __m128i qivec;
static inline qvec q_set(float a, float b, float c, float d) { return _mm_setr_ps(a, b, c, d); }
static inline qvec q_gt(qvec a, qvec b) { return _mm_cmpgt_ps(a, b); }
static inline qvec q_unord(qvec a, qvec b) { return _mm_cmpunord_ps(a, b); }
static inline qvec q_or(qvec a, qvec b) { return _mm_or_ps(a, b); }
static inline qvec q_blend(qvec a, qvec b, qvec mask) { return _mm_blendv_ps(a, b, mask); }
static inline qivec qi_set(int64_t a, int64_t b, int64_t c, int64_t d)
{
    return _mm_setr_epi32((int32_t)a, (int32_t)b, (int32_t)c, (int32_t)d);
}
static inline qivec qi_add(qivec a, int64_t b)
{
    return _mm_add_epi32(a, _mm_set1_epi32((int32_t)b));
}
static inline qivec qi_blend(qivec a, qivec b, qvec mask)
{
    return _mm_castps_si128(_mm_blendv_ps(_mm_castsi128_ps(a), _mm_castsi128_ps(b), mask));
}
/* lane m to y[m * ld] (and base + rel[m] to idx[m * ld]) */
static inline void q_store(float *y, int64_t *idx, int64_t ld, qvec v, qivec rel, int64_t base)
{
    float t[4];
    _mm_storeu_ps(t, v);
    int32_t r[4];
    _mm_storeu_si128((__m128i *)r, rel);
    for (int m = 0; m < 4; m++) {
        y[m * ld] = t[m];
        if (idx)
            idx[m * ld] = base + r[m];
    }
}
