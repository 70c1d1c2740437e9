# ReLU over flat arrays, and the dense layer on the GEMM: x[M][K], weight[N][K], y[M][N].


def relu_forward(const floating[::1] x, floating[::1] y, int nthreads):
    """y = relu(x); y may be x itself."""
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_relu_forward(x.shape[0], &x[0], &y[0], nthreads)
        else:
            st = fc_f64_relu_forward(x.shape[0], &x[0], &y[0], nthreads)
    check(st)


def relu_backward(const floating[::1] dy, const floating[::1] x, floating[::1] dx,
                  int nthreads):
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_relu_backward(x.shape[0], &dy[0], &x[0], &dx[0], nthreads)
        else:
            st = fc_f64_relu_backward(x.shape[0], &dy[0], &x[0], &dx[0], nthreads)
    check(st)


def linear_forward(const floating[:, ::1] x, const floating[:, ::1] w, const floating[::1] bias,
                   floating[:, ::1] y, int nthreads):
    """y = x @ w.T (+ bias). y must not be empty."""
    cdef int64_t M = y.shape[0], N = y.shape[1], K = x.shape[1]
    # with K == 0 there is no first element; the GEMM reads neither operand then
    cdef const floating *px = &x[0, 0] if K > 0 else NULL
    cdef const floating *pw = &w[0, 0] if K > 0 else NULL
    cdef const floating *pb = &bias[0] if bias is not None else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_linear_forward(M, N, K, px, pw, pb, &y[0, 0], nthreads)
        else:
            st = fc_f64_linear_forward(M, N, K, px, pw, pb, &y[0, 0], nthreads)
    check(st)


def linear_backward(const floating[:, ::1] dy, const floating[:, ::1] x,
                    const floating[:, ::1] w, floating[:, ::1] dx, floating[:, ::1] dw,
                    floating[::1] db, int nthreads):
    """dx = dy @ w, dw = dy.T @ x, db = dy summed over rows (each skipped when empty)."""
    cdef int64_t M = dy.shape[0], N = dy.shape[1], K = x.shape[1]
    cdef const floating *pdy = &dy[0, 0] if M > 0 and N > 0 else NULL
    cdef const floating *px = &x[0, 0] if M > 0 and K > 0 else NULL
    cdef const floating *pw = &w[0, 0] if N > 0 and K > 0 else NULL
    cdef floating *pdx = &dx[0, 0] if M > 0 and K > 0 else NULL
    cdef floating *pdw = &dw[0, 0] if N > 0 and K > 0 else NULL
    cdef floating *pdb = &db[0] if N > 0 else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_linear_backward(M, N, K, pdy, px, pw, pdx, pdw, pdb, nthreads)
        else:
            st = fc_f64_linear_backward(M, N, K, pdy, px, pw, pdx, pdw, pdb, nthreads)
    check(st)


def stream_copy(const unsigned char[::1] src, unsigned char[::1] dst, int nthreads):
    """Copy src into dst (same length) on nthreads threads: the benchmarks' bandwidth yardstick."""
    if src.shape[0] != dst.shape[0]:
        raise ValueError("stream_copy: src and dst must have the same length")
    if src.shape[0] == 0:
        return
    with nogil:
        fc_stream_copy(&src[0], &dst[0], src.shape[0], nthreads)
