/* The vector macros of csrc/ukernels/dconv_simd.inc for AVX-512F, float (FC_SIMD_F64 undefined)
 * or double (FC_SIMD_F64 defined). Partial loads and stores use opmasks, which neither read nor
 * write the masked-off lanes (no fault past the end of an array). */
#include <immintrin.h>

#ifndef FC_SIMD_F64
typedef float real;
typedef __m512 vec;
#define VL 16
#define VZERO() _mm512_setzero_ps()
#define VLOADU(p) _mm512_loadu_ps(p)
#define VSTOREU(p, v) _mm512_storeu_ps((p), (v))
#define VSET1(x) _mm512_set1_ps(x)
#define VFMA(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define VADD(a, b) _mm512_add_ps((a), (b))
#define PART_MASK(n) ((__mmask16)((1u << (n)) - 1u))
#define VLOAD_PART(p, n) _mm512_maskz_loadu_ps(PART_MASK(n), (p))
#define VSTORE_PART(p, v, n) _mm512_mask_storeu_ps((p), PART_MASK(n), (v))
#else
typedef double real;
typedef __m512d vec;
#define VL 8
#define VZERO() _mm512_setzero_pd()
#define VLOADU(p) _mm512_loadu_pd(p)
#define VSTOREU(p, v) _mm512_storeu_pd((p), (v))
#define VSET1(x) _mm512_set1_pd(x)
#define VFMA(a, b, c) _mm512_fmadd_pd((a), (b), (c))
#define VADD(a, b) _mm512_add_pd((a), (b))
#define PART_MASK(n) ((__mmask8)((1u << (n)) - 1u))
#define VLOAD_PART(p, n) _mm512_maskz_loadu_pd(PART_MASK(n), (p))
#define VSTORE_PART(p, v, n) _mm512_mask_storeu_pd((p), PART_MASK(n), (v))
#endif
