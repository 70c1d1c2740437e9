# GEMM: c = op(a) @ op(b) (or c += ... when accumulate), where op transposes when asked.
# a, b, c are C-contiguous; a transposed operand is passed as the C-contiguous array it is.


def gemm(bint trans_a, bint trans_b, const floating[:, ::1] a, const floating[:, ::1] b,
         floating[:, ::1] c, bint accumulate, int nthreads):
    cdef int64_t M = c.shape[0], N = c.shape[1]
    cdef int64_t K = a.shape[0] if trans_a else a.shape[1]
    cdef int64_t lda = a.shape[1], ldb = b.shape[1], ldc = c.shape[1]
    cdef fc_status st
    if M == 0 or N == 0:
        return
    if (a.shape[1] if trans_a else a.shape[0]) != M or \
            (b.shape[1] if trans_b else b.shape[0]) != K or \
            (b.shape[0] if trans_b else b.shape[1]) != N:
        raise ValueError("gemm: operand shapes do not match")
    # a zero-length dimension has no first element; the kernels never read it then
    cdef const floating *pa = &a[0, 0] if a.shape[0] > 0 and a.shape[1] > 0 else NULL
    cdef const floating *pb = &b[0, 0] if b.shape[0] > 0 and b.shape[1] > 0 else NULL
    with nogil:
        if floating is float:
            st = fc_f32_gemm(trans_a, trans_b, M, N, K, pa, lda, pb, ldb, accumulate,
                             &c[0, 0], ldc, nthreads)
        else:
            st = fc_f64_gemm(trans_a, trans_b, M, N, K, pa, lda, pb, ldb, accumulate,
                             &c[0, 0], ldc, nthreads)
    check(st)
