# Pooling: max, average and adaptive average, forward and backward. `geom` is the tuple
# (N, C, H, W, R, S, OH, OW, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w) built by
# fastconv.pool; pad_h / pad_w are the leading (top / left) paddings.


cdef fc_pool2d_shape to_pool_shape(tuple geom) except *:
    cdef fc_pool2d_shape sh
    (sh.N, sh.C, sh.H, sh.W, sh.R, sh.S, sh.OH, sh.OW, sh.stride_h, sh.stride_w,
     sh.pad_h, sh.pad_w, sh.dil_h, sh.dil_w) = geom
    return sh


def max_pool2d_forward(tuple geom, const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y,
                       int64_t[:, :, :, ::1] indices, int nthreads):
    """x[N][C][H][W] -> y[N][C][OH][OW] and, when indices is not None, the argmax positions."""
    cdef fc_pool2d_shape sh = to_pool_shape(geom)
    cdef int64_t *pi = &indices[0, 0, 0, 0] if indices is not None else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_max_pool2d_forward(&sh, &x[0, 0, 0, 0], &y[0, 0, 0, 0], pi, nthreads)
        else:
            st = fc_f64_max_pool2d_forward(&sh, &x[0, 0, 0, 0], &y[0, 0, 0, 0], pi, nthreads)
    check(st)


def max_pool2d_backward(const floating[:, ::1] dy, const int64_t[:, ::1] indices,
                        floating[:, ::1] dx, int nthreads):
    """dy, indices [planes][OH*OW] -> dx [planes][H*W]. Returns False (dx incomplete) when an
    index lies outside its plane; nothing is written out of bounds."""
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_max_pool2d_backward(dx.shape[0], dx.shape[1], dy.shape[1], &dy[0, 0],
                                            &indices[0, 0], &dx[0, 0], nthreads)
        else:
            st = fc_f64_max_pool2d_backward(dx.shape[0], dx.shape[1], dy.shape[1], &dy[0, 0],
                                            &indices[0, 0], &dx[0, 0], nthreads)
    if st == FC_ERR_INDEX:
        return False
    check(st)
    return True


def avg_pool2d_forward(tuple geom, bint count_include_pad, int64_t divisor_override,
                       const floating[:, :, :, ::1] x, floating[:, :, :, ::1] y, int nthreads):
    cdef fc_pool2d_shape sh = to_pool_shape(geom)
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_avg_pool2d_forward(&sh, count_include_pad, divisor_override,
                                           &x[0, 0, 0, 0], &y[0, 0, 0, 0], nthreads)
        else:
            st = fc_f64_avg_pool2d_forward(&sh, count_include_pad, divisor_override,
                                           &x[0, 0, 0, 0], &y[0, 0, 0, 0], nthreads)
    check(st)


def avg_pool2d_backward(tuple geom, bint count_include_pad, int64_t divisor_override,
                        const floating[:, :, :, ::1] dy, floating[:, :, :, ::1] dx,
                        int nthreads):
    cdef fc_pool2d_shape sh = to_pool_shape(geom)
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_avg_pool2d_backward(&sh, count_include_pad, divisor_override,
                                            &dy[0, 0, 0, 0], &dx[0, 0, 0, 0], nthreads)
        else:
            st = fc_f64_avg_pool2d_backward(&sh, count_include_pad, divisor_override,
                                            &dy[0, 0, 0, 0], &dx[0, 0, 0, 0], nthreads)
    check(st)


def adaptive_avg_pool2d_forward(const floating[:, :, ::1] x, floating[:, :, ::1] y,
                                int nthreads):
    """x[planes][H][W] -> y[planes][OH][OW]."""
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_adaptive_avg_pool2d_forward(x.shape[0], x.shape[1], x.shape[2],
                                                    y.shape[1], y.shape[2], &x[0, 0, 0],
                                                    &y[0, 0, 0], nthreads)
        else:
            st = fc_f64_adaptive_avg_pool2d_forward(x.shape[0], x.shape[1], x.shape[2],
                                                    y.shape[1], y.shape[2], &x[0, 0, 0],
                                                    &y[0, 0, 0], nthreads)
    check(st)


def adaptive_avg_pool2d_backward(const floating[:, :, ::1] dy, floating[:, :, ::1] dx,
                                 int nthreads):
    """dy[planes][OH][OW] -> dx[planes][H][W]."""
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_adaptive_avg_pool2d_backward(dx.shape[0], dx.shape[1], dx.shape[2],
                                                     dy.shape[1], dy.shape[2], &dy[0, 0, 0],
                                                     &dx[0, 0, 0], nthreads)
        else:
            st = fc_f64_adaptive_avg_pool2d_backward(dx.shape[0], dx.shape[1], dx.shape[2],
                                                     dy.shape[1], dy.shape[2], &dy[0, 0, 0],
                                                     &dx[0, 0, 0], nthreads)
    check(st)
