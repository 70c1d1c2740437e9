/* The vector macros of csrc/ukernels/dconv_simd.inc for AVX2+FMA, float (FC_SIMD_F64 undefined)
 * or double (FC_SIMD_F64 defined). Partial loads and stores use vmaskmov, which neither reads nor
 * writes the masked-off lanes (no fault past the end of an array). */
#include <immintrin.h>

#ifndef FC_SIMD_F64
typedef float real;
typedef __m256 vec;
#define VL 8
#define VZERO() _mm256_setzero_ps()
#define VLOADU(p) _mm256_loadu_ps(p)
#define VSTOREU(p, v) _mm256_storeu_ps((p), (v))
#define VSET1(x) _mm256_set1_ps(x)
#define VFMA(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define VADD(a, b) _mm256_add_ps((a), (b))
static const int32_t fc_avx2_mask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
#define PART_MASK(n) _mm256_loadu_si256((const __m256i *)(fc_avx2_mask32 + 8 - (n)))
#define VLOAD_PART(p, n) _mm256_maskload_ps((p), PART_MASK(n))
#define VSTORE_PART(p, v, n) _mm256_maskstore_ps((p), PART_MASK(n), (v))
#else
typedef double real;
typedef __m256d vec;
#define VL 4
#define VZERO() _mm256_setzero_pd()
#define VLOADU(p) _mm256_loadu_pd(p)
#define VSTOREU(p, v) _mm256_storeu_pd((p), (v))
#define VSET1(x) _mm256_set1_pd(x)
#define VFMA(a, b, c) _mm256_fmadd_pd((a), (b), (c))
#define VADD(a, b) _mm256_add_pd((a), (b))
static const int64_t fc_avx2_mask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};
#define PART_MASK(n) _mm256_loadu_si256((const __m256i *)(fc_avx2_mask64 + 4 - (n)))
#define VLOAD_PART(p, n) _mm256_maskload_pd((p), PART_MASK(n))
#define VSTORE_PART(p, v, n) _mm256_maskstore_pd((p), PART_MASK(n), (v))
#endif
