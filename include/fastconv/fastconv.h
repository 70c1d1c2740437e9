/* fastconv public C API.
 *
 * Layouts: every array is dense, row-major (C order); strides count elements, never bytes.
 * Convolution tensors are NCHW: input x[N][C][H][W], weight w[K][C/groups][R][S],
 * output y[N][K][OH][OW]. Padding given here is the leading (top/left) padding; the trailing
 * padding is implied by OH/OW, so asymmetric "same" padding needs no extra field.
 *
 * Threads: every operator takes `nthreads` (>= 1) and owns its OpenMP region; callers never nest
 * parallel regions around these functions. Results do not depend on nthreads (bitwise).
 * Errors: operators return fc_status; they never abort and never write out of bounds for
 * arguments that satisfy the documented preconditions (the Python layer validates). */
#ifndef FASTCONV_FASTCONV_H
#define FASTCONV_FASTCONV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fc_status {
    FC_OK = 0,
    FC_ERR_NOMEM = 1,   /* a workspace allocation failed */
    FC_ERR_INVALID = 2, /* an argument broke a precondition (a bug in the caller) */
    FC_ERR_INDEX = 3    /* max-pool backward: an index outside its input plane (nothing was
                         * written out of bounds; the output is incomplete) */
} fc_status;

/* ---- runtime: CPU detection, kernel selection, OpenMP ---- */

/* Kernel sets, in increasing order of preference. FC_ISA_AVX2 means AVX2 + FMA micro-kernels
 * (256-bit), FC_ISA_AVX512 AVX-512 micro-kernels (512-bit; the CPU needs F, DQ, BW and VL). */
typedef enum fc_isa { FC_ISA_GENERIC = 0, FC_ISA_AVX2 = 1, FC_ISA_AVX512 = 2 } fc_isa;

int fc_cpu_has_avx2_fma(void);        /* CPU and OS support AVX2+FMA (ymm state enabled) */
int fc_cpu_has_avx512f(void);         /* CPU and OS support AVX-512 F (zmm/opmask state enabled) */
int fc_cpu_has_avx512(void);          /* ... and DQ, BW, VL, AVX2, FMA: the AVX-512 kernel set runs */
int fc_isa_compiled(fc_isa isa);      /* this build contains the kernels of `isa` */
fc_isa fc_isa_current(void);          /* at first use, the best set compiled and runnable here */
const char *fc_isa_name(fc_isa isa);  /* "generic", "avx2", "avx512" */
/* Selects the kernel set; returns FC_ERR_INVALID if the CPU or the build lacks it.
 * Not thread-safe against running operators: call it between calls. */
fc_status fc_isa_select(fc_isa isa);
int fc_openmp_enabled(void);
int fc_openmp_max_threads(void);      /* omp_get_max_threads(), or 1 without OpenMP */
const char *fc_compiler_description(void); /* the compiler that built the C kernels */
/* The FMA peak in GFLOP/s of the current kernel set on nthreads threads, measured for about
 * `seconds` (float32, or float64 when is_f64). */
double fc_peak_gflops(int is_f64, int nthreads, double seconds);
/* Copies `bytes` from src to dst on nthreads threads with ordinary loads and stores: the
 * memory-bandwidth yardstick of the benchmarks. */
void fc_stream_copy(const void *src, void *dst, int64_t bytes, int nthreads);
/* Micro-kernel tile of the current kernel set (for tests of edge tiles). */
void fc_gemm_tile(int is_f64, int *mr, int *nr);
/* Cache blocks of the current kernel set's GEMM (for tests of block edges): KC, MC, NC, and MS
 * (up to MS rows, the packed A stays in L2 and B is packed a few slivers at a time). */
void fc_gemm_blocks(int is_f64, int64_t *kc, int64_t *mc, int64_t *nc, int64_t *ms);

/* ---- GEMM ----
 * C[M][N] = op(A)[M][K] x op(B)[K][N]            (accumulate == 0; C is never read)
 * C[M][N] += op(A)[M][K] x op(B)[K][N]           (accumulate != 0)
 * op(A) = A (trans_a == 0, A is M x K with row stride lda) or A^T (A is K x M, row stride lda);
 * likewise B. The reduction over K runs in the same order for any nthreads. */
fc_status fc_f32_gemm(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K,
                      const float *A, int64_t lda, const float *B, int64_t ldb,
                      int accumulate, float *C, int64_t ldc, int nthreads);
fc_status fc_f64_gemm(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K,
                      const double *A, int64_t lda, const double *B, int64_t ldb,
                      int accumulate, double *C, int64_t ldc, int nthreads);

/* ---- 2D convolution ---- */
typedef struct fc_conv2d_shape {
    int64_t N, C, H, W;        /* input */
    int64_t K, R, S;           /* output channels, kernel height, kernel width */
    int64_t OH, OW;            /* output size (callers compute it; trailing padding implied) */
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;      /* leading padding */
    int64_t dil_h, dil_w;
    int64_t groups;            /* C % groups == 0 and K % groups == 0 */
} fc_conv2d_shape;

/* Checks the shape's internal consistency (positive sizes, groups divide C and K, OH/OW within
 * what the padding allows). Returns FC_OK or FC_ERR_INVALID. Every operator calls it. */
fc_status fc_conv2d_shape_check(const fc_conv2d_shape *sh);

/* im2col, for one image: x[C][H][W] -> col[C*R*S][OH*OW] (rows ordered c, r, s; zeros where a
 * window reads padding).
 * col2im: the adjoint; ADDS col[C*R*S][OH*OW] into x[C][H][W] (x is not zeroed).
 * `sh` gives C, H, W, R, S, OH, OW, stride, pad, dilation (N, K and groups are ignored). */
fc_status fc_f32_im2col(const fc_conv2d_shape *sh, const float *x, float *col);
fc_status fc_f64_im2col(const fc_conv2d_shape *sh, const double *x, double *col);
fc_status fc_f32_col2im(const fc_conv2d_shape *sh, const float *col, float *x);
fc_status fc_f64_col2im(const fc_conv2d_shape *sh, const double *col, double *x);

/* Convolution through im2col + GEMM. bias may be NULL. Outputs are overwritten. */
fc_status fc_f32_conv2d_im2col_forward(const fc_conv2d_shape *sh, const float *x, const float *w,
                                       const float *bias, float *y, int nthreads);
fc_status fc_f64_conv2d_im2col_forward(const fc_conv2d_shape *sh, const double *x, const double *w,
                                       const double *bias, double *y, int nthreads);
fc_status fc_f32_conv2d_im2col_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                              const float *w, float *dx, int nthreads);
fc_status fc_f64_conv2d_im2col_backward_input(const fc_conv2d_shape *sh, const double *dy,
                                              const double *w, double *dx, int nthreads);
fc_status fc_f32_conv2d_im2col_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                               const float *x, float *dw, int nthreads);
fc_status fc_f64_conv2d_im2col_backward_weight(const fc_conv2d_shape *sh, const double *dy,
                                               const double *x, double *dw, int nthreads);
/* Direct convolution (no im2col matrix; see csrc/ops/conv_direct_impl.inc). Same arguments and
 * results as the im2col operators; outputs are overwritten. */
fc_status fc_f32_conv2d_direct_forward(const fc_conv2d_shape *sh, const float *x, const float *w,
                                       const float *bias, float *y, int nthreads);
fc_status fc_f64_conv2d_direct_forward(const fc_conv2d_shape *sh, const double *x, const double *w,
                                       const double *bias, double *y, int nthreads);
fc_status fc_f32_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                              const float *w, float *dx, int nthreads);
fc_status fc_f64_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const double *dy,
                                              const double *w, double *dx, int nthreads);
fc_status fc_f32_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                               const float *x, float *dw, int nthreads);
fc_status fc_f64_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const double *dy,
                                               const double *x, double *dw, int nthreads);
/* The extra memory (bytes) a pass would take on nthreads threads: buffers allocated for the call
 * and the per-thread scratch it uses (pass 0 forward, 1 backward to the input, 2 backward to the
 * weight); -1 for an invalid shape. */
int64_t fc_f32_conv2d_im2col_workspace(const fc_conv2d_shape *sh, int pass, int nthreads);
int64_t fc_f64_conv2d_im2col_workspace(const fc_conv2d_shape *sh, int pass, int nthreads);
int64_t fc_f32_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass, int nthreads);
int64_t fc_f64_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass, int nthreads);
/* db[K] = sum over n, p of dy[n][K][P]; fixed order (n outer, p inner, pairwise blocks). */
fc_status fc_f32_conv2d_backward_bias(int64_t N, int64_t K, int64_t P, const float *dy, float *db,
                                      int nthreads);
fc_status fc_f64_conv2d_backward_bias(int64_t N, int64_t K, int64_t P, const double *dy,
                                      double *db, int nthreads);

/* ---- pooling ----
 * Every (n, c) plane of x[N][C][H][W] is pooled on its own into y[N][C][OH][OW]. Window (oh, ow)
 * covers input rows oh*stride_h - pad_h + r*dil_h (r < R) and columns ow*stride_w - pad_w +
 * s*dil_w (s < S); taps outside the input are padding. The caller computes OH and OW (ceil_mode
 * is the caller's choice of OH/OW); any OH/OW is memory-safe, windows are clipped to the input. */
typedef struct fc_pool2d_shape {
    int64_t N, C, H, W;        /* input */
    int64_t R, S;              /* window height and width */
    int64_t OH, OW;            /* output size */
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;      /* leading (top / left) padding */
    int64_t dil_h, dil_w;      /* dilation: max-pool only (average pooling needs 1) */
} fc_pool2d_shape;

/* Positive sizes and strides, non-negative padding (N may be 0). FC_OK or FC_ERR_INVALID. */
fc_status fc_pool2d_shape_check(const fc_pool2d_shape *sh);

/* Max pooling, PyTorch's rules: padding never wins; scanning each window row by row, a tap
 * replaces the running maximum when it is greater or NaN (ties keep the first maximum, the last
 * NaN wins); the running maximum starts at the window's first in-bounds tap, so an all -inf
 * window points at that tap. indices (may be NULL) receive the flat position ih*W + iw within
 * the plane; a window with no in-bounds tap (possible only with dilation) gives -inf and -1. */
fc_status fc_f32_max_pool2d_forward(const fc_pool2d_shape *sh, const float *x, float *y,
                                    int64_t *indices, int nthreads);
fc_status fc_f64_max_pool2d_forward(const fc_pool2d_shape *sh, const double *x, double *y,
                                    int64_t *indices, int nthreads);
/* dx[p][0:in_plane] = sum of dy[p][i] over the i with indices[p][i] == position, for each of
 * `planes` planes (dy and indices have out_plane elements per plane). Index -1 is skipped (as
 * PyTorch does); any other index outside [0, in_plane) returns FC_ERR_INDEX, never writing out
 * of bounds (dx is then incomplete). */
fc_status fc_f32_max_pool2d_backward(int64_t planes, int64_t in_plane, int64_t out_plane,
                                     const float *dy, const int64_t *indices, float *dx,
                                     int nthreads);
fc_status fc_f64_max_pool2d_backward(int64_t planes, int64_t in_plane, int64_t out_plane,
                                     const double *dy, const int64_t *indices, double *dx,
                                     int nthreads);

/* Average pooling (dilation must be 1), PyTorch's divisor: divisor_override when nonzero; else,
 * with count_include_pad, the window's size once clipped to the padded input [-pad, H + pad);
 * else the number of in-bounds taps. y = (0 + in-bounds taps summed row by row) / divisor, in
 * the input's precision, exactly as PyTorch computes it. A window with no in-bounds tap gives 0.
 * Backward: dx = the sum, over the windows covering each input, of dy / divisor (each input
 * row written once; the order of the sum is fixed, so any nthreads gives the same bits). */
fc_status fc_f32_avg_pool2d_forward(const fc_pool2d_shape *sh, int count_include_pad,
                                    int64_t divisor_override, const float *x, float *y,
                                    int nthreads);
fc_status fc_f64_avg_pool2d_forward(const fc_pool2d_shape *sh, int count_include_pad,
                                    int64_t divisor_override, const double *x, double *y,
                                    int nthreads);
fc_status fc_f32_avg_pool2d_backward(const fc_pool2d_shape *sh, int count_include_pad,
                                     int64_t divisor_override, const float *dy, float *dx,
                                     int nthreads);
fc_status fc_f64_avg_pool2d_backward(const fc_pool2d_shape *sh, int count_include_pad,
                                     int64_t divisor_override, const double *dy, double *dx,
                                     int nthreads);

/* Adaptive average pooling over `planes` planes of H x W -> OH x OW (OH, OW >= 1): output
 * (oh, ow) averages rows [floor(oh*H/OH), ceil((oh+1)*H/OH)) and the same for columns, as
 * PyTorch. Sums run in double for both dtypes, then sum / kh / kw. Backward spreads
 * dy / kh / kw over each window (each input summed over its windows in a fixed order). */
fc_status fc_f32_adaptive_avg_pool2d_forward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                             int64_t OW, const float *x, float *y, int nthreads);
fc_status fc_f64_adaptive_avg_pool2d_forward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                             int64_t OW, const double *x, double *y,
                                             int nthreads);
fc_status fc_f32_adaptive_avg_pool2d_backward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                              int64_t OW, const float *dy, float *dx,
                                              int nthreads);
fc_status fc_f64_adaptive_avg_pool2d_backward(int64_t planes, int64_t H, int64_t W, int64_t OH,
                                              int64_t OW, const double *dy, double *dx,
                                              int nthreads);

/* ---- ReLU (any layout: n elements) ----
 * forward:  y = x > 0 ? x : 0, NaN stays NaN and -0 stays -0 (torch.relu). y may equal x.
 * backward: dx = x > 0 or x is NaN ? dy : 0 (torch's threshold_backward). dx may equal dy. */
fc_status fc_f32_relu_forward(int64_t n, const float *x, float *y, int nthreads);
fc_status fc_f64_relu_forward(int64_t n, const double *x, double *y, int nthreads);
fc_status fc_f32_relu_backward(int64_t n, const float *dy, const float *x, float *dx,
                               int nthreads);
fc_status fc_f64_relu_backward(int64_t n, const double *dy, const double *x, double *dx,
                               int nthreads);

/* ---- dense layer on the GEMM ----
 * forward:  y[M][N] = x[M][K] x w[N][K]^T (+ bias[N], may be NULL)
 * backward: dx[M][K] = dy[M][N] x w[N][K];  dw[N][K] = dy^T x x;  db[N] = dy summed over M
 *           (accumulated in double, rows in order). Any of dx, dw, db may be NULL (skipped). */
fc_status fc_f32_linear_forward(int64_t M, int64_t N, int64_t K, const float *x, const float *w,
                                const float *bias, float *y, int nthreads);
fc_status fc_f64_linear_forward(int64_t M, int64_t N, int64_t K, const double *x,
                                const double *w, const double *bias, double *y, int nthreads);
fc_status fc_f32_linear_backward(int64_t M, int64_t N, int64_t K, const float *dy,
                                 const float *x, const float *w, float *dx, float *dw, float *db,
                                 int nthreads);
fc_status fc_f64_linear_backward(int64_t M, int64_t N, int64_t K, const double *dy,
                                 const double *x, const double *w, double *dx, double *dw,
                                 double *db, int nthreads);

#ifdef __cplusplus
}
#endif
#endif
