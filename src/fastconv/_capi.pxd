# Declarations of fastconv's public C API (include/fastconv/fastconv.h) for the Cython wrappers.
from libc.stdint cimport int64_t

cdef extern from "fastconv/fastconv.h" nogil:
    ctypedef enum fc_status:
        FC_OK
        FC_ERR_NOMEM
        FC_ERR_INVALID
        FC_ERR_INDEX

    ctypedef enum fc_isa:
        FC_ISA_GENERIC
        FC_ISA_AVX2
        FC_ISA_AVX512

    int fc_cpu_has_avx2_fma()
    int fc_cpu_has_avx512f()
    int fc_cpu_has_avx512()
    int fc_isa_compiled(fc_isa isa)
    fc_isa fc_isa_current()
    const char *fc_isa_name(fc_isa isa)
    fc_status fc_isa_select(fc_isa isa)
    int fc_openmp_enabled()
    int fc_openmp_max_threads()
    void fc_gemm_tile(int is_f64, int *mr, int *nr)
    void fc_gemm_blocks(int is_f64, int64_t *kc, int64_t *mc, int64_t *nc, int64_t *ms)
    double fc_peak_gflops(int is_f64, int nthreads, double seconds)
    const char *fc_compiler_description()
    void fc_stream_copy(const void *src, void *dst, int64_t bytes, int nthreads)

    fc_status fc_f32_gemm(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K,
                          const float *A, int64_t lda, const float *B, int64_t ldb,
                          int accumulate, float *C, int64_t ldc, int nthreads)
    fc_status fc_f64_gemm(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K,
                          const double *A, int64_t lda, const double *B, int64_t ldb,
                          int accumulate, double *C, int64_t ldc, int nthreads)

    ctypedef struct fc_conv2d_shape:
        int64_t N, C, H, W
        int64_t K, R, S
        int64_t OH, OW
        int64_t stride_h, stride_w
        int64_t pad_h, pad_w
        int64_t dil_h, dil_w
        int64_t groups

    fc_status fc_f32_im2col(const fc_conv2d_shape *sh, const float *x, float *col)
    fc_status fc_f64_im2col(const fc_conv2d_shape *sh, const double *x, double *col)
    fc_status fc_f32_col2im(const fc_conv2d_shape *sh, const float *col, float *x)
    fc_status fc_f64_col2im(const fc_conv2d_shape *sh, const double *col, double *x)

    fc_status fc_f32_conv2d_im2col_forward(const fc_conv2d_shape *sh, const float *x,
                                           const float *w, const float *bias, float *y,
                                           int nthreads)
    fc_status fc_f64_conv2d_im2col_forward(const fc_conv2d_shape *sh, const double *x,
                                           const double *w, const double *bias, double *y,
                                           int nthreads)
    fc_status fc_f32_conv2d_im2col_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                                  const float *w, float *dx, int nthreads)
    fc_status fc_f64_conv2d_im2col_backward_input(const fc_conv2d_shape *sh, const double *dy,
                                                  const double *w, double *dx, int nthreads)
    fc_status fc_f32_conv2d_im2col_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                                   const float *x, float *dw, int nthreads)
    fc_status fc_f64_conv2d_im2col_backward_weight(const fc_conv2d_shape *sh, const double *dy,
                                                   const double *x, double *dw, int nthreads)
    fc_status fc_f32_conv2d_direct_forward(const fc_conv2d_shape *sh, const float *x,
                                           const float *w, const float *bias, float *y,
                                           int nthreads)
    fc_status fc_f64_conv2d_direct_forward(const fc_conv2d_shape *sh, const double *x,
                                           const double *w, const double *bias, double *y,
                                           int nthreads)
    fc_status fc_f32_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const float *dy,
                                                  const float *w, float *dx, int nthreads)
    fc_status fc_f64_conv2d_direct_backward_input(const fc_conv2d_shape *sh, const double *dy,
                                                  const double *w, double *dx, int nthreads)
    fc_status fc_f32_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const float *dy,
                                                   const float *x, float *dw, int nthreads)
    fc_status fc_f64_conv2d_direct_backward_weight(const fc_conv2d_shape *sh, const double *dy,
                                                   const double *x, double *dw, int nthreads)
    int64_t fc_f32_conv2d_im2col_workspace(const fc_conv2d_shape *sh, int pass_, int nthreads)
    int64_t fc_f64_conv2d_im2col_workspace(const fc_conv2d_shape *sh, int pass_, int nthreads)
    int64_t fc_f32_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass_, int nthreads)
    int64_t fc_f64_conv2d_direct_workspace(const fc_conv2d_shape *sh, int pass_, int nthreads)
    fc_status fc_f32_conv2d_backward_bias(int64_t N, int64_t K, int64_t P, const float *dy,
                                          float *db, int nthreads)
    fc_status fc_f64_conv2d_backward_bias(int64_t N, int64_t K, int64_t P, const double *dy,
                                          double *db, int nthreads)

    ctypedef struct fc_pool2d_shape:
        int64_t N, C, H, W
        int64_t R, S
        int64_t OH, OW
        int64_t stride_h, stride_w
        int64_t pad_h, pad_w
        int64_t dil_h, dil_w

    fc_status fc_f32_max_pool2d_forward(const fc_pool2d_shape *sh, const float *x, float *y,
                                        int64_t *indices, int nthreads)
    fc_status fc_f64_max_pool2d_forward(const fc_pool2d_shape *sh, const double *x, double *y,
                                        int64_t *indices, int nthreads)
    fc_status fc_f32_max_pool2d_backward(int64_t planes, int64_t in_plane, int64_t out_plane,
                                         const float *dy, const int64_t *indices, float *dx,
                                         int nthreads)
    fc_status fc_f64_max_pool2d_backward(int64_t planes, int64_t in_plane, int64_t out_plane,
                                         const double *dy, const int64_t *indices, double *dx,
                                         int nthreads)
    fc_status fc_f32_avg_pool2d_forward(const fc_pool2d_shape *sh, int count_include_pad,
                                        int64_t divisor_override, const float *x, float *y,
                                        int nthreads)
    fc_status fc_f64_avg_pool2d_forward(const fc_pool2d_shape *sh, int count_include_pad,
                                        int64_t divisor_override, const double *x, double *y,
                                        int nthreads)
    fc_status fc_f32_avg_pool2d_backward(const fc_pool2d_shape *sh, int count_include_pad,
                                         int64_t divisor_override, const float *dy, float *dx,
                                         int nthreads)
    fc_status fc_f64_avg_pool2d_backward(const fc_pool2d_shape *sh, int count_include_pad,
                                         int64_t divisor_override, const double *dy, double *dx,
                                         int nthreads)
    fc_status fc_f32_adaptive_avg_pool2d_forward(int64_t planes, int64_t H, int64_t W,
                                                 int64_t OH, int64_t OW, const float *x,
                                                 float *y, int nthreads)
    fc_status fc_f64_adaptive_avg_pool2d_forward(int64_t planes, int64_t H, int64_t W,
                                                 int64_t OH, int64_t OW, const double *x,
                                                 double *y, int nthreads)
    fc_status fc_f32_adaptive_avg_pool2d_backward(int64_t planes, int64_t H, int64_t W,
                                                  int64_t OH, int64_t OW, const float *dy,
                                                  float *dx, int nthreads)
    fc_status fc_f64_adaptive_avg_pool2d_backward(int64_t planes, int64_t H, int64_t W,
                                                  int64_t OH, int64_t OW, const double *dy,
                                                  double *dx, int nthreads)

    fc_status fc_f32_relu_forward(int64_t n, const float *x, float *y, int nthreads)
    fc_status fc_f64_relu_forward(int64_t n, const double *x, double *y, int nthreads)
    fc_status fc_f32_relu_backward(int64_t n, const float *dy, const float *x, float *dx,
                                   int nthreads)
    fc_status fc_f64_relu_backward(int64_t n, const double *dy, const double *x, double *dx,
                                   int nthreads)

    fc_status fc_f32_linear_forward(int64_t M, int64_t N, int64_t K, const float *x,
                                    const float *w, const float *bias, float *y, int nthreads)
    fc_status fc_f64_linear_forward(int64_t M, int64_t N, int64_t K, const double *x,
                                    const double *w, const double *bias, double *y,
                                    int nthreads)
    fc_status fc_f32_linear_backward(int64_t M, int64_t N, int64_t K, const float *dy,
                                     const float *x, const float *w, float *dx, float *dw,
                                     float *db, int nthreads)
    fc_status fc_f64_linear_backward(int64_t M, int64_t N, int64_t K, const double *dy,
                                     const double *x, const double *w, double *dx, double *dw,
                                     double *db, int nthreads)
