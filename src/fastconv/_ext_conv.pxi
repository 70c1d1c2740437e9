# Convolution: im2col / col2im and the passes, direct or im2col + GEMM. `geom` is the tuple
# (N, C, H, W, K, R, S, OH, OW, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups)
# built by fastconv._args; pad_h / pad_w are the leading (top / left) paddings.


cdef fc_conv2d_shape to_shape(tuple geom) except *:
    cdef fc_conv2d_shape sh
    (sh.N, sh.C, sh.H, sh.W, sh.K, sh.R, sh.S, sh.OH, sh.OW, sh.stride_h, sh.stride_w,
     sh.pad_h, sh.pad_w, sh.dil_h, sh.dil_w, sh.groups) = geom
    return sh


def im2col(tuple geom, const floating[:, :, ::1] x, floating[:, :, ::1] col):
    """x[N][C][H][W] viewed as [N][C][H*W] -> col[N][C*R*S][OH*OW]."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    cdef Py_ssize_t n
    cdef fc_status st = FC_OK
    with nogil:
        for n in range(x.shape[0]):
            if floating is float:
                st = fc_f32_im2col(&sh, &x[n, 0, 0], &col[n, 0, 0])
            else:
                st = fc_f64_im2col(&sh, &x[n, 0, 0], &col[n, 0, 0])
            if st != FC_OK:
                break
    check(st)


def col2im(tuple geom, const floating[:, :, ::1] col, floating[:, :, ::1] x):
    """Adds col[N][C*R*S][OH*OW] into x[N][C][H*W] (the caller zeroes x)."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    cdef Py_ssize_t n
    cdef fc_status st = FC_OK
    with nogil:
        for n in range(x.shape[0]):
            if floating is float:
                st = fc_f32_col2im(&sh, &col[n, 0, 0], &x[n, 0, 0])
            else:
                st = fc_f64_col2im(&sh, &col[n, 0, 0], &x[n, 0, 0])
            if st != FC_OK:
                break
    check(st)


def conv2d_forward(tuple geom, const floating[:, :, :, ::1] x, const floating[:, :, :, ::1] w,
                   const floating[::1] bias, floating[:, :, :, ::1] y, int nthreads,
                   bint direct):
    """y = conv2d(x, w) + bias, by the direct operator or by im2col + GEMM."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    cdef const floating *pb = &bias[0] if bias is not None else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            if direct:
                st = fc_f32_conv2d_direct_forward(&sh, &x[0, 0, 0, 0], &w[0, 0, 0, 0], pb,
                                                  &y[0, 0, 0, 0], nthreads)
            else:
                st = fc_f32_conv2d_im2col_forward(&sh, &x[0, 0, 0, 0], &w[0, 0, 0, 0], pb,
                                                  &y[0, 0, 0, 0], nthreads)
        else:
            if direct:
                st = fc_f64_conv2d_direct_forward(&sh, &x[0, 0, 0, 0], &w[0, 0, 0, 0], pb,
                                                  &y[0, 0, 0, 0], nthreads)
            else:
                st = fc_f64_conv2d_im2col_forward(&sh, &x[0, 0, 0, 0], &w[0, 0, 0, 0], pb,
                                                  &y[0, 0, 0, 0], nthreads)
    check(st)


def conv2d_backward_input(tuple geom, const floating[:, :, :, ::1] dy,
                          const floating[:, :, :, ::1] w, floating[:, :, :, ::1] dx,
                          int nthreads, bint direct):
    """dx = the gradient of conv2d with respect to its input."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    cdef fc_status st
    with nogil:
        if floating is float:
            if direct:
                st = fc_f32_conv2d_direct_backward_input(&sh, &dy[0, 0, 0, 0], &w[0, 0, 0, 0],
                                                         &dx[0, 0, 0, 0], nthreads)
            else:
                st = fc_f32_conv2d_im2col_backward_input(&sh, &dy[0, 0, 0, 0], &w[0, 0, 0, 0],
                                                         &dx[0, 0, 0, 0], nthreads)
        else:
            if direct:
                st = fc_f64_conv2d_direct_backward_input(&sh, &dy[0, 0, 0, 0], &w[0, 0, 0, 0],
                                                         &dx[0, 0, 0, 0], nthreads)
            else:
                st = fc_f64_conv2d_im2col_backward_input(&sh, &dy[0, 0, 0, 0], &w[0, 0, 0, 0],
                                                         &dx[0, 0, 0, 0], nthreads)
    check(st)


def conv2d_backward_weight(tuple geom, const floating[:, :, :, ::1] dy,
                           const floating[:, :, :, ::1] x, floating[:, :, :, ::1] dw,
                           int nthreads, bint direct):
    """dw = the gradient of conv2d with respect to its weight."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    # an empty batch has no first element; the operators read neither array then
    cdef const floating *pdy = &dy[0, 0, 0, 0] if dy.shape[0] > 0 else NULL
    cdef const floating *px = &x[0, 0, 0, 0] if x.shape[0] > 0 else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            if direct:
                st = fc_f32_conv2d_direct_backward_weight(&sh, pdy, px, &dw[0, 0, 0, 0], nthreads)
            else:
                st = fc_f32_conv2d_im2col_backward_weight(&sh, pdy, px, &dw[0, 0, 0, 0], nthreads)
        else:
            if direct:
                st = fc_f64_conv2d_direct_backward_weight(&sh, pdy, px, &dw[0, 0, 0, 0], nthreads)
            else:
                st = fc_f64_conv2d_im2col_backward_weight(&sh, pdy, px, &dw[0, 0, 0, 0], nthreads)
    check(st)


def conv2d_backward_bias(const floating[:, :, ::1] dy, floating[::1] db, int nthreads):
    """dy viewed as [N][K][P] -> db[K]."""
    cdef const floating *pdy = &dy[0, 0, 0] if dy.shape[0] > 0 and dy.shape[2] > 0 else NULL
    cdef fc_status st
    with nogil:
        if floating is float:
            st = fc_f32_conv2d_backward_bias(dy.shape[0], dy.shape[1], dy.shape[2], pdy,
                                             &db[0], nthreads)
        else:
            st = fc_f64_conv2d_backward_bias(dy.shape[0], dy.shape[1], dy.shape[2], pdy,
                                             &db[0], nthreads)
    check(st)


def conv2d_workspace(tuple geom, int pass_, bint is_f64, bint direct, int nthreads):
    """The extra memory (bytes) a pass takes (0 forward, 1 backward input, 2 backward weight)."""
    cdef fc_conv2d_shape sh = to_shape(geom)
    cdef int64_t r
    if is_f64:
        r = (fc_f64_conv2d_direct_workspace(&sh, pass_, nthreads) if direct
             else fc_f64_conv2d_im2col_workspace(&sh, pass_, nthreads))
    else:
        r = (fc_f32_conv2d_direct_workspace(&sh, pass_, nthreads) if direct
             else fc_f32_conv2d_im2col_workspace(&sh, pass_, nthreads))
    if r < 0:
        raise MemoryError("fastconv: could not plan the workspace")
    return r
