/* Internal interfaces between fastconv's C layers: the micro-kernel types, the dispatch table
 * (filled once from CPU detection), and the GEMM engine's problem description.
 * Operators reach micro-kernels only through fc_dispatch(), never by ISA name. */
#ifndef FASTCONV_INTERNAL_H
#define FASTCONV_INTERNAL_H

#include <assert.h>
#include <stdint.h>

#include "fastconv/fastconv.h"

#define FC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define FC_MAX(a, b) ((a) > (b) ? (a) : (b))
#define FC_ALIGN 64
#if defined(__GNUC__) || defined(__clang__)
#define FC_PREFETCH(p) __builtin_prefetch((const void *)(p))
#else
#define FC_PREFETCH(p) ((void)0)
#endif

/* ---- GEMM micro-kernels ----
 * Contract shared by every gemm ukernel (see each kernel's own comment for its tile):
 * c[0:m, 0:n] (=, or += when p->accumulate) a_panel[0:MR, 0:kc] x b_panel[0:kc, 0:NR].
 * a: packed A, MR values per k step; b: packed B, NR values per k step (panels are zero-padded
 * to MR / NR, so the kernel may always compute the full tile). c: row stride ldc elements.
 * When !p->accumulate, C is never read (it may hold NaN) and, if p->row_bias is not NULL,
 * row_bias[i] is added to row i. 1 <= m <= MR, 1 <= n <= NR, kc >= 1.
 * No allocation, no threads, no globals. */
typedef struct fc_f32_gemm_params {
    int accumulate;
    const float *row_bias;
} fc_f32_gemm_params;
typedef struct fc_f64_gemm_params {
    int accumulate;
    const double *row_bias;
} fc_f64_gemm_params;

typedef void (*fc_f32_gemm_ukernel_fn)(int64_t kc, const float *a, const float *b, float *c,
                                       int64_t ldc, int m, int n, const fc_f32_gemm_params *p);
typedef void (*fc_f64_gemm_ukernel_fn)(int64_t kc, const double *a, const double *b, double *c,
                                       int64_t ldc, int m, int n, const fc_f64_gemm_params *p);

void fc_f32_gemm_ukernel_6x16__scalar(int64_t kc, const float *a, const float *b, float *c,
                                      int64_t ldc, int m, int n, const fc_f32_gemm_params *p);
void fc_f64_gemm_ukernel_6x8__scalar(int64_t kc, const double *a, const double *b, double *c,
                                     int64_t ldc, int m, int n, const fc_f64_gemm_params *p);
#ifdef FC_HAVE_AVX2
void fc_f32_gemm_ukernel_4x24__avx2(int64_t kc, const float *a, const float *b, float *c,
                                    int64_t ldc, int m, int n, const fc_f32_gemm_params *p);
void fc_f64_gemm_ukernel_4x12__avx2(int64_t kc, const double *a, const double *b, double *c,
                                    int64_t ldc, int m, int n, const fc_f64_gemm_params *p);
#endif

/* ---- direct-convolution micro-kernels ----
 * The operator packs a block of input channels into a zero-padded tile whose columns are split
 * by stride phase, so that every tap of every "run" (up to V consecutive outputs of one output
 * row) reads V consecutive tile elements, with no bounds tests and no strided loads.
 *
 * dconv (forward, and backward to the input, which is the same correlation with another kernel):
 *   y[i*NV + v][l] (=, or += when p->accumulate) (+ bias[i])
 *       sum over c < cin, t < ntaps of w[(c*ntaps + t)*MR + i] * x[v][c*cstride + tap_off[t] + l]
 *   for rows i < m (of MR), runs v < NV and lanes l < len[v] (of V): y holds one output pointer
 *   per (row, run). Every run pointer x[v] must be valid (a run with len 0 repeats another's
 *   pointer and is not stored); lanes l >= len[v] read tile elements the operator keeps inside
 *   the tile and are never stored. w is zero-padded to MR rows. The sum for one output runs
 *   c outer, t inner, whatever the tile and run, so a value does not depend on where it falls.
 *   Overwrite never reads y. bias is added after the sum.
 * dconvw (backward to the weight), lanes kept apart until the operator folds them:
 *   acc[(i*NT + j)*V + l] += sum over runs v < nruns of dy[v][min(i, m-1)*ldk + l]
 *                                                     * x[v][ct_off[j] + l]
 *   for i < MR, j < NT, lanes l < len[v] (lanes past len[v] add nothing, whatever they hold).
 * dwconv (depthwise: one input channel per output channel), nrows output rows per call:
 *   y[r*ys + l] = sum over t < ntaps of w[t] * x[r*xs + tap_off[t] + l] (+ *bias), for r < nrows
 *   and l < n; x is readable up to lane n rounded up to V (the tile's slack), y is written for
 *   l < n only.
 * dwconvw (its weight gradient), one row per call:
 *   acc[t*V + l % V] += dy[l] * x[tap_off[t] + l] for t < ntaps, l < n, lanes kept apart; reads
 *   neither array past l < n.
 * No allocation, no threads, no globals. */
typedef struct fc_f32_dconv_params {
    int64_t cin, ntaps, cstride;
    const int64_t *tap_off;
    int accumulate;
    const float *bias;
} fc_f32_dconv_params;
typedef struct fc_f64_dconv_params {
    int64_t cin, ntaps, cstride;
    const int64_t *tap_off;
    int accumulate;
    const double *bias;
} fc_f64_dconv_params;

typedef void (*fc_f32_dconv_ukernel_fn)(const float *w, const float *const *x, float *const *y,
                                        const int *len, int m, const fc_f32_dconv_params *p);
typedef void (*fc_f64_dconv_ukernel_fn)(const double *w, const double *const *x,
                                        double *const *y, const int *len, int m,
                                        const fc_f64_dconv_params *p);
typedef void (*fc_f32_dconvw_ukernel_fn)(const float *const *dy, int64_t ldk,
                                         const float *const *x, const int *len, int nruns,
                                         const int64_t *ct_off, int m, float *acc);
typedef void (*fc_f64_dconvw_ukernel_fn)(const double *const *dy, int64_t ldk,
                                         const double *const *x, const int *len, int nruns,
                                         const int64_t *ct_off, int m, double *acc);

typedef void (*fc_f32_dwconv_ukernel_fn)(int64_t nrows, int64_t n, int64_t ntaps, const float *w,
                                         const float *x, int64_t xs, const int64_t *tap_off,
                                         const float *bias, float *y, int64_t ys);
typedef void (*fc_f64_dwconv_ukernel_fn)(int64_t nrows, int64_t n, int64_t ntaps,
                                         const double *w, const double *x, int64_t xs,
                                         const int64_t *tap_off, const double *bias, double *y,
                                         int64_t ys);
typedef void (*fc_f32_dwconvw_ukernel_fn)(int64_t n, int64_t ntaps, const float *dy,
                                          const float *x, const int64_t *tap_off, float *acc);
typedef void (*fc_f64_dwconvw_ukernel_fn)(int64_t n, int64_t ntaps, const double *dy,
                                          const double *x, const int64_t *tap_off, double *acc);

/* A dconv kernel with its tile: MR output channels x NV runs of V lanes. */
typedef struct fc_f32_dconv_config {
    fc_f32_dconv_ukernel_fn ukernel;
    int mr, nv, v;
} fc_f32_dconv_config;
typedef struct fc_f64_dconv_config {
    fc_f64_dconv_ukernel_fn ukernel;
    int mr, nv, v;
} fc_f64_dconv_config;
/* A depthwise row kernel and its lanes V. */
typedef struct fc_f32_dwconv_config {
    fc_f32_dwconv_ukernel_fn ukernel;
    fc_f32_dwconvw_ukernel_fn ukernel_w;
    int v;
} fc_f32_dwconv_config;
typedef struct fc_f64_dwconv_config {
    fc_f64_dwconv_ukernel_fn ukernel;
    fc_f64_dwconvw_ukernel_fn ukernel_w;
    int v;
} fc_f64_dwconv_config;
/* A dconvw kernel with its tile: MR output channels x NT (channel, tap) pairs x V lanes. */
typedef struct fc_f32_dconvw_config {
    fc_f32_dconvw_ukernel_fn ukernel;
    int mr, nt, v;
} fc_f32_dconvw_config;
typedef struct fc_f64_dconvw_config {
    fc_f64_dconvw_ukernel_fn ukernel;
    int mr, nt, v;
} fc_f64_dconvw_config;

#define FC_DECLARE_DCONV(dt, real, name)                                                          \
    void name(const real *w, const real *const *x, real *const *y, const int *len, int m,       \
              const fc_##dt##_dconv_params *p)
#define FC_DECLARE_DCONVW(real, name)                                                             \
    void name(const real *const *dy, int64_t ldk, const real *const *x, const int *len,          \
              int nruns, const int64_t *ct_off, int m, real *acc)
#define FC_DECLARE_DWCONV(real, name)                                                             \
    void name(int64_t nrows, int64_t n, int64_t ntaps, const real *w, const real *x, int64_t xs,  \
              const int64_t *tap_off, const real *bias, real *y, int64_t ys)
#define FC_DECLARE_DWCONVW(real, name)                                                            \
    void name(int64_t n, int64_t ntaps, const real *dy, const real *x, const int64_t *tap_off,   \
              real *acc)
FC_DECLARE_DCONV(f32, float, fc_f32_dconv_ukernel_4x16__scalar);
FC_DECLARE_DCONV(f64, double, fc_f64_dconv_ukernel_4x8__scalar);
FC_DECLARE_DCONVW(float, fc_f32_dconvw_ukernel_4x2__scalar);
FC_DECLARE_DCONVW(double, fc_f64_dconvw_ukernel_4x2__scalar);
FC_DECLARE_DWCONV(float, fc_f32_dwconv_ukernel_1x8__scalar);
FC_DECLARE_DWCONV(double, fc_f64_dwconv_ukernel_1x4__scalar);
FC_DECLARE_DWCONVW(float, fc_f32_dwconvw_ukernel_1x8__scalar);
FC_DECLARE_DWCONVW(double, fc_f64_dwconvw_ukernel_1x4__scalar);
#ifdef FC_HAVE_AVX2
FC_DECLARE_DCONV(f32, float, fc_f32_dconv_ukernel_4x24__avx2);
FC_DECLARE_DCONV(f64, double, fc_f64_dconv_ukernel_4x12__avx2);
FC_DECLARE_DCONVW(float, fc_f32_dconvw_ukernel_3x3__avx2);
FC_DECLARE_DCONVW(double, fc_f64_dconvw_ukernel_3x3__avx2);
FC_DECLARE_DWCONV(float, fc_f32_dwconv_ukernel_1x96__avx2);
FC_DECLARE_DWCONV(double, fc_f64_dwconv_ukernel_1x48__avx2);
FC_DECLARE_DWCONVW(float, fc_f32_dwconvw_ukernel_1x8__avx2);
FC_DECLARE_DWCONVW(double, fc_f64_dwconvw_ukernel_1x4__avx2);
#endif
#ifdef FC_HAVE_AVX512
void fc_f32_gemm_ukernel_8x32__avx512(int64_t kc, const float *a, const float *b, float *c,
                                      int64_t ldc, int m, int n, const fc_f32_gemm_params *p);
void fc_f64_gemm_ukernel_8x24__avx512(int64_t kc, const double *a, const double *b, double *c,
                                      int64_t ldc, int m, int n, const fc_f64_gemm_params *p);
FC_DECLARE_DCONV(f32, float, fc_f32_dconv_ukernel_8x48__avx512);
FC_DECLARE_DCONV(f64, double, fc_f64_dconv_ukernel_8x24__avx512);
FC_DECLARE_DCONVW(float, fc_f32_dconvw_ukernel_4x6__avx512);
FC_DECLARE_DCONVW(double, fc_f64_dconvw_ukernel_4x6__avx512);
FC_DECLARE_DWCONV(float, fc_f32_dwconv_ukernel_1x192__avx512);
FC_DECLARE_DWCONV(double, fc_f64_dwconv_ukernel_1x96__avx512);
FC_DECLARE_DWCONVW(float, fc_f32_dwconvw_ukernel_1x16__avx512);
FC_DECLARE_DWCONVW(double, fc_f64_dwconvw_ukernel_1x8__avx512);
#endif

/* FMA peak probes: `iters` steps of independent FMA chains; return the FLOPs done. */
typedef double (*fc_probe_fn)(int64_t iters, int is_f64);
double fc_fma_probe__scalar(int64_t iters, int is_f64);
#ifdef FC_HAVE_AVX2
double fc_fma_probe__avx2(int64_t iters, int is_f64);
#endif
#ifdef FC_HAVE_AVX512
double fc_fma_probe__avx512(int64_t iters, int is_f64);
#endif

/* ---- pooling and elementwise micro-kernels ----
 * A pooling kernel computes a block of M output rows (p->mrows) by n outputs. Output row m's
 * window rows are rows[m*rstep + r*rdil] for r < R (so the call reads input rows rows[0] ..
 * rows[(M-1)*rstep + (R-1)*rdil]); along a row, output i reads rows[k][i*sw + j*dw] for j < S.
 * The operator clips every window to the input before calling, so every read is in bounds and
 * no window holds padding (a border row is a call with M = 1 and only its in-bounds rows; a border
 * column is a call with n = 1 and only its in-bounds taps). Outputs of row m are at y + m*ldy
 * (idx likewise). M >= 1, R >= 1, S >= 1, sw >= 1, dw >= 1, rdil >= 1, n >= 0.
 *
 * maxpool: y = the maximum over the window's taps scanned r outer, j inner, by PyTorch's rule:
 *   the running maximum starts at tap (0, 0) and a tap replaces it when greater or NaN (ties keep
 *   the first, the last NaN wins). When idx is not NULL, idx = row_index[k] + i*sw + j*dw for the
 *   chosen tap (k its row in `rows`).
 * avgpool: y = (0 + taps summed r outer, j inner) / divisor, in the dtype (PyTorch's order).
 * avgpool_backward (one row: M, rstep, rdil unused; dw is 1): dx[t] = the sum over r < R
 *   (outer) and j < S (inner, ascending) with (a + t - j) divisible by sw of
 *   rows[r][(a + t - j) / sw], for t < n; 0 when no term. Every such index is in bounds (the
 *   operator clips). rows are rows of dy / divisor.
 * maxpool_backward: dx[idx[i]] += dy[i] for i < n in order, skipping idx == -1; returns 0, or -1
 *   at the first index outside [0, plane) (never writing out of bounds).
 * relu: y[i] = x[i] > 0 ? x[i] : 0 keeping NaN and -0 (y may equal x).
 * relu_backward: dx[i] = x[i] <= 0 ? 0 : dy[i] (NaN passes dy; dx may equal dy).
 * Every kernel of a family gives the same bits as its scalar twin. No allocation, no threads,
 * no globals. */
/* The pooling operators pass blocks of 4 output rows only when the block reads at most this
 * many input rows (the SIMD kernels keep a table of them on the stack). */
#define FC_POOL_BLOCK_ROWS_MAX 32
typedef struct fc_pool_ukernel_params {
    int64_t mrows;            /* M, output rows in the call */
    int64_t R, rstep, rdil;   /* window rows, rows between output rows, rows between taps */
    int64_t S, sw, dw;        /* taps per row, stride and dilation along the row */
    int64_t ldy;              /* row stride of y and idx, elements */
    const int64_t *row_index; /* maxpool with indices: flat index of rows[k][0] */
    int64_t a;                /* avgpool_backward: phase of dx[0] */
} fc_pool_ukernel_params;

typedef void (*fc_f32_maxpool_ukernel_fn)(int64_t n, const float *const *rows, float *y,
                                          int64_t *idx, const fc_pool_ukernel_params *p);
typedef void (*fc_f64_maxpool_ukernel_fn)(int64_t n, const double *const *rows, double *y,
                                          int64_t *idx, const fc_pool_ukernel_params *p);
typedef void (*fc_f32_avgpool_ukernel_fn)(int64_t n, const float *const *rows, float divisor,
                                          float *y, const fc_pool_ukernel_params *p);
typedef void (*fc_f64_avgpool_ukernel_fn)(int64_t n, const double *const *rows, double divisor,
                                          double *y, const fc_pool_ukernel_params *p);
typedef void (*fc_f32_avgpool_backward_ukernel_fn)(int64_t n, const float *const *rows,
                                                   float *dx, const fc_pool_ukernel_params *p);
typedef void (*fc_f64_avgpool_backward_ukernel_fn)(int64_t n, const double *const *rows,
                                                   double *dx, const fc_pool_ukernel_params *p);
typedef int (*fc_f32_maxpool_backward_ukernel_fn)(int64_t n, const float *dy, const int64_t *idx,
                                                  int64_t plane, float *dx);
typedef int (*fc_f64_maxpool_backward_ukernel_fn)(int64_t n, const double *dy,
                                                  const int64_t *idx, int64_t plane, double *dx);
typedef void (*fc_f32_relu_ukernel_fn)(int64_t n, const float *x, float *y);
typedef void (*fc_f64_relu_ukernel_fn)(int64_t n, const double *x, double *y);
typedef void (*fc_f32_relu_backward_ukernel_fn)(int64_t n, const float *dy, const float *x,
                                                float *dx);
typedef void (*fc_f64_relu_backward_ukernel_fn)(int64_t n, const double *dy, const double *x,
                                                double *dx);

void fc_f32_maxpool_ukernel_1x1__scalar(int64_t n, const float *const *rows, float *y,
                                        int64_t *idx, const fc_pool_ukernel_params *p);
void fc_f64_maxpool_ukernel_1x1__scalar(int64_t n, const double *const *rows, double *y,
                                        int64_t *idx, const fc_pool_ukernel_params *p);
void fc_f32_avgpool_ukernel_1x1__scalar(int64_t n, const float *const *rows, float divisor,
                                        float *y, const fc_pool_ukernel_params *p);
void fc_f64_avgpool_ukernel_1x1__scalar(int64_t n, const double *const *rows, double divisor,
                                        double *y, const fc_pool_ukernel_params *p);
void fc_f32_avgpool_backward_ukernel_1x1__scalar(int64_t n, const float *const *rows, float *dx,
                                                 const fc_pool_ukernel_params *p);
void fc_f64_avgpool_backward_ukernel_1x1__scalar(int64_t n, const double *const *rows,
                                                 double *dx, const fc_pool_ukernel_params *p);
int fc_f32_maxpool_backward_ukernel_1x1__scalar(int64_t n, const float *dy, const int64_t *idx,
                                                int64_t plane, float *dx);
int fc_f64_maxpool_backward_ukernel_1x1__scalar(int64_t n, const double *dy, const int64_t *idx,
                                                int64_t plane, double *dx);
void fc_f32_relu_ukernel_1x1__scalar(int64_t n, const float *x, float *y);
void fc_f64_relu_ukernel_1x1__scalar(int64_t n, const double *x, double *y);
void fc_f32_relu_backward_ukernel_1x1__scalar(int64_t n, const float *dy, const float *x,
                                              float *dx);
void fc_f64_relu_backward_ukernel_1x1__scalar(int64_t n, const double *dy, const double *x,
                                              double *dx);
#ifdef FC_HAVE_AVX2
void fc_f32_maxpool_ukernel_4x8__avx2(int64_t n, const float *const *rows, float *y,
                                      int64_t *idx, const fc_pool_ukernel_params *p);
void fc_f64_maxpool_ukernel_4x4__avx2(int64_t n, const double *const *rows, double *y,
                                      int64_t *idx, const fc_pool_ukernel_params *p);
void fc_f32_avgpool_ukernel_4x8__avx2(int64_t n, const float *const *rows, float divisor,
                                      float *y, const fc_pool_ukernel_params *p);
void fc_f64_avgpool_ukernel_4x4__avx2(int64_t n, const double *const *rows, double divisor,
                                      double *y, const fc_pool_ukernel_params *p);
void fc_f32_avgpool_backward_ukernel_1x8__avx2(int64_t n, const float *const *rows, float *dx,
                                               const fc_pool_ukernel_params *p);
void fc_f64_avgpool_backward_ukernel_1x4__avx2(int64_t n, const double *const *rows,
                                               double *dx, const fc_pool_ukernel_params *p);
void fc_f32_relu_ukernel_1x32__avx2(int64_t n, const float *x, float *y);
void fc_f64_relu_ukernel_1x16__avx2(int64_t n, const double *x, double *y);
void fc_f32_relu_backward_ukernel_1x32__avx2(int64_t n, const float *dy, const float *x,
                                             float *dx);
void fc_f64_relu_backward_ukernel_1x16__avx2(int64_t n, const double *dy, const double *x,
                                             double *dx);
#endif

/* A micro-kernel with its tile (MR x NR) and the cache blocks chosen for it. */
typedef struct fc_f32_gemm_config {
    fc_f32_gemm_ukernel_fn ukernel;
    int mr, nr;
    int64_t kc, mc, nc;
    int64_t ms; /* up to ms rows, A stays packed in L2 and B goes a few slivers at a time */
} fc_f32_gemm_config;
typedef struct fc_f64_gemm_config {
    fc_f64_gemm_ukernel_fn ukernel;
    int mr, nr;
    int64_t kc, mc, nc;
    int64_t ms; /* up to ms rows, A stays packed in L2 and B goes a few slivers at a time */
} fc_f64_gemm_config;

typedef struct fc_dispatch_table {
    fc_isa isa;
    fc_f32_gemm_config f32_gemm;
    fc_f64_gemm_config f64_gemm;
    fc_probe_fn fma_probe;
    fc_f32_dconv_config f32_dconv;
    fc_f64_dconv_config f64_dconv;
    fc_f32_dconvw_config f32_dconvw;
    fc_f64_dconvw_config f64_dconvw;
    fc_f32_dwconv_config f32_dwconv; /* depthwise row kernels */
    fc_f64_dwconv_config f64_dwconv;
    /* pooling and elementwise kernels: plain fields, so a new kernel set may reuse others' */
    fc_f32_maxpool_ukernel_fn f32_maxpool;
    fc_f64_maxpool_ukernel_fn f64_maxpool;
    fc_f32_avgpool_ukernel_fn f32_avgpool;
    fc_f64_avgpool_ukernel_fn f64_avgpool;
    fc_f32_avgpool_backward_ukernel_fn f32_avgpool_backward;
    fc_f64_avgpool_backward_ukernel_fn f64_avgpool_backward;
    fc_f32_maxpool_backward_ukernel_fn f32_maxpool_backward;
    fc_f64_maxpool_backward_ukernel_fn f64_maxpool_backward;
    fc_f32_relu_ukernel_fn f32_relu;
    fc_f64_relu_ukernel_fn f64_relu;
    fc_f32_relu_backward_ukernel_fn f32_relu_backward;
    fc_f64_relu_backward_ukernel_fn f64_relu_backward;
} fc_dispatch_table;

const fc_dispatch_table *fc_dispatch(void);

/* ---- GEMM engine ----
 * A packing source describes one operand without materialising it: `pack` writes the block
 * rows outer0..outer0+nouter ("outer" is M for A, N for B) x k0..k0+kc into panels of `r` outer
 * values per k step: dst[(o / r) * kc * r + k * r + o % r], zero-padding the last panel to r.
 * The fields after `pack` are the packer's own (a dense matrix, or a convolution view). */
typedef struct fc_f32_pack_src fc_f32_pack_src;
typedef struct fc_f64_pack_src fc_f64_pack_src;
typedef void (*fc_f32_pack_fn)(const fc_f32_pack_src *src, int64_t outer0, int64_t nouter,
                               int64_t k0, int64_t kc, int r, float *dst);
typedef void (*fc_f64_pack_fn)(const fc_f64_pack_src *src, int64_t outer0, int64_t nouter,
                               int64_t k0, int64_t kc, int r, double *dst);
struct fc_f32_pack_src {
    fc_f32_pack_fn pack;
    const float *data;
    int64_t so, sk;                /* dense: element (o, k) = data[o * so + k * sk] */
    const fc_conv2d_shape *conv;   /* convolution views */
    int64_t group, n0;             /* convolution views: group, first image */
};
struct fc_f64_pack_src {
    fc_f64_pack_fn pack;
    const double *data;
    int64_t so, sk;
    const fc_conv2d_shape *conv;
    int64_t group, n0;
};

/* C[M][N] (=, or += when accumulate) A x B, C row stride ldc; row_bias (optional, overwrite only)
 * is added to each row. */
typedef struct fc_f32_gemm_problem {
    int64_t M, N, K;
    fc_f32_pack_src a, b;
    float *c;
    int64_t ldc;
    int accumulate;
    const float *row_bias;
} fc_f32_gemm_problem;
typedef struct fc_f64_gemm_problem {
    int64_t M, N, K;
    fc_f64_pack_src a, b;
    double *c;
    int64_t ldc;
    int accumulate;
    const double *row_bias;
} fc_f64_gemm_problem;

/* Dense packer (fields data, so, sk). */
void fc_f32_pack_dense(const fc_f32_pack_src *src, int64_t outer0, int64_t nouter, int64_t k0,
                       int64_t kc, int r, float *dst);
void fc_f64_pack_dense(const fc_f64_pack_src *src, int64_t outer0, int64_t nouter, int64_t k0,
                       int64_t kc, int r, double *dst);

/* Runs the whole problem on the calling thread, with its scratch slots FC_SCRATCH_GEMM_A/B. */
fc_status fc_f32_gemm_serial(const fc_f32_gemm_problem *p);
fc_status fc_f64_gemm_serial(const fc_f64_gemm_problem *p);
/* Splits the problem's rows or columns between up to nthreads threads (one OpenMP region). */
fc_status fc_f32_gemm_parallel(const fc_f32_gemm_problem *p, int nthreads);
fc_status fc_f64_gemm_parallel(const fc_f64_gemm_problem *p, int nthreads);

/* Aligned allocation (FC_ALIGN bytes); fc_aligned_free(NULL) is a no-op. Counts overflow. */
void *fc_aligned_alloc(int64_t count, int64_t elem_size);
void fc_aligned_free(void *p);

/* The calling thread's scratch buffer for `slot`, at least `bytes` long, FC_ALIGN-aligned; kept
 * for the thread's lifetime (freed when it exits) and reused by later calls. NULL when out of
 * memory. A buffer is valid until the same thread asks for the same slot again. */
enum { FC_SCRATCH_GEMM_A = 0, FC_SCRATCH_GEMM_B = 1, FC_SCRATCH_OP = 2, FC_SCRATCH_SLOTS = 4 };
void *fc_scratch(int slot, int64_t bytes);

#endif
