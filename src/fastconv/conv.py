"""2D convolution: forward, the three backward passes, im2col / col2im, the output shape.

Semantics follow torch.nn.functional.conv2d (and torch.nn.grad.conv2d_input / conv2d_weight,
F.unfold / F.fold): NCHW arrays, weight (K, C // groups, R, S), stride / padding / dilation as
an int or an (h, w) pair, padding also "valid" or "same" (stride 1; the odd extra padding goes
to the bottom / right). A 3-D (C, H, W) input is one unbatched image.
"""
import functools

from . import _ext
from ._args import (as_float_array, as_int, check_out, check_sizes, contiguous, fail,
                    new_array, out_size, pair, same_dtype, shape_tuple)
from ._choice import choose_algorithm
from ._threads import get_num_threads

ALGORITHMS = ("auto", "im2col", "direct")


def _algorithm(func, algorithm):
    if not isinstance(algorithm, str) or algorithm not in ALGORITHMS:
        fail(func, f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
    return algorithm


@functools.lru_cache(maxsize=1024)
def _auto_choice(pass_, geom, dtype):
    return choose_algorithm(pass_, geom, dtype)


def _use_direct(algorithm, pass_, geom, dtype):
    """True when the pass runs on the direct operator: as asked, or as the rule picks for auto
    (a pure function of the pass, the geometry and the dtype: remembered)."""
    if algorithm == "auto":
        return _auto_choice(pass_, geom, dtype) == "direct"
    return algorithm == "direct"


def _plain(v):
    t = type(v)
    return t is int or t is str or (t is tuple and all(type(e) is int for e in v))


def _geometry(func, x_shape, w_shape, stride, padding, dilation, groups, x_name="x",
              w_name="weight"):
    """Checks a convolution's sizes and arguments. Returns (geom, output shape (N, K, OH, OW)),
    where geom is the tuple the C operators take.

    A layer calls the same functions with the same arguments every step, and checking them costs
    more than a small layer's kernel, so the results for plain arguments are remembered: ints,
    strings and tuples of ints, exact types, so that 2.0 or True, which compare equal to 2 and 1,
    are still checked and refused. Errors are never remembered."""
    args = (func, x_shape, w_shape, stride, padding, dilation, groups, x_name, w_name)
    check = _remembered_geometry if all(_plain(a) for a in args) else _check_geometry
    return check(*args)


def _check_geometry(func, x_shape, w_shape, stride, padding, dilation, groups, x_name, w_name):
    N, C, H, W = x_shape
    K, Cg, R, S = w_shape
    sh, sw = pair(stride, "stride", func, 1)
    dh, dw = pair(dilation, "dilation", func, 1)
    groups = as_int(groups, "groups", func)
    if groups < 1:
        fail(func, f"groups must be positive, got {groups}")
    if C < 1 or H < 1 or W < 1:
        what = "size" if x_name == "output_size" else "shape"
        fail(func, f"{x_name} must have non-zero channels, height and width, got {what} "
             f"{tuple(x_shape) if what == 'shape' else tuple(x_shape[2:])}")
    if K < 1 or Cg < 1 or R < 1 or S < 1:
        fail(func, f"{w_name} must have non-zero sizes, got shape {tuple(w_shape)}")
    if C % groups != 0 or K % groups != 0:
        fail(func, f"groups={groups} must divide both the input channels ({C}) and the output "
             f"channels ({K}) ({x_name} shape {tuple(x_shape)}, {w_name} shape {tuple(w_shape)})")
    if Cg * groups != C:
        fail(func, f"{w_name} shape {tuple(w_shape)} expects {Cg * groups} input channels with "
             f"groups={groups}, but {x_name} shape {tuple(x_shape)} has {C}")
    if isinstance(padding, str):
        if padding == "valid":
            pads = (0, 0, 0, 0)
        elif padding == "same":
            if (sh, sw) != (1, 1):
                fail(func, f"padding='same' is not supported for strided convolutions "
                     f"(stride={(sh, sw)})")
            th, tw = dh * (R - 1), dw * (S - 1)
            pads = (th // 2, th - th // 2, tw // 2, tw - tw // 2)
        else:
            fail(func, f"padding must be 'valid', 'same', an integer or a pair, got {padding!r}")
    else:
        ph, pw = pair(padding, "padding", func, 0)
        pads = (ph, ph, pw, pw)
    for name, v in (("stride", sh), ("stride", sw), ("dilation", dh), ("dilation", dw),
                    ("padding", max(pads))):
        if v > 2**40:
            fail(func, f"{name} = {v} is too large")
    span_h, span_w = dh * (R - 1) + 1, dw * (S - 1) + 1
    if span_h > H + pads[0] + pads[1] or span_w > W + pads[2] + pads[3]:
        shapes = f"{x_name} shape {tuple(x_shape)}"
        if w_name != "kernel_size":
            shapes += f", {w_name} shape {tuple(w_shape)}"
        fail(func, f"kernel size ({R}, {S}) with dilation {(dh, dw)} spans {(span_h, span_w)}, "
             f"larger than the padded input ({H + pads[0] + pads[1]}, {W + pads[2] + pads[3]}) "
             f"({shapes})")
    OH = out_size(H, R, sh, pads[0] + pads[1], dh)
    OW = out_size(W, S, sw, pads[2] + pads[3], dw)
    check_sizes(func, input=N * C * H * W, weight=K * Cg * R * S, output=N * K * OH * OW,
                workspace=Cg * R * S * OH * OW)
    geom = (N, C, H, W, K, R, S, OH, OW, sh, sw, pads[0], pads[2], dh, dw, groups)
    return geom, (N, K, OH, OW)


_remembered_geometry = functools.lru_cache(maxsize=4096)(_check_geometry)


def conv2d_output_shape(input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    """The shape conv2d would return: (N, K, OH, OW), or (K, OH, OW) for a 3-D input shape,
    with OH = floor((H + 2P - D*(R-1) - 1) / S) + 1 (likewise OW)."""
    func = "conv2d_output_shape"
    ishape = shape_tuple(input_shape, "input_shape", func, (3, 4))
    wshape = shape_tuple(weight_shape, "weight_shape", func, (4,))
    full = ishape if len(ishape) == 4 else (1,) + ishape
    _, oshape = _geometry(func, full, wshape, stride, padding, dilation, groups,
                          "input_shape", "weight_shape")
    return oshape if len(ishape) == 4 else oshape[1:]


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *,
           algorithm="auto", out=None):
    """2D convolution (cross-correlation, as in deep learning), like torch.nn.functional.conv2d.

    x: (N, C, H, W) or unbatched (C, H, W); weight: (K, C // groups, R, S); bias: (K,) or None.
    Returns (N, K, OH, OW) (or (K, OH, OW)) of x's dtype, written into `out` when given.
    """
    func = "conv2d"
    algorithm = _algorithm(func, algorithm)
    xa = as_float_array(x, "x", func, (3, 4))
    wa = as_float_array(weight, "weight", func, (4,))
    ba = None if bias is None else as_float_array(bias, "bias", func, (1,))
    same_dtype(func, x=xa, weight=wa, bias=ba)
    unbatched = xa.ndim == 3
    x4 = xa[None] if unbatched else xa
    geom, oshape = _geometry(func, x4.shape, wa.shape, stride, padding, dilation, groups)
    if ba is not None and ba.shape != (oshape[1],):
        fail(func, f"bias must have shape ({oshape[1]},) to match weight shape {wa.shape}, "
             f"got {ba.shape}")
    final_shape = oshape[1:] if unbatched else oshape
    if out is not None:
        y = check_out(func, out, final_shape, xa.dtype, {"x": x, "weight": weight, "bias": bias})
    else:
        y = new_array(func, final_shape, xa.dtype, "the output")
    if oshape[0] == 0:
        return y
    y4 = y[None] if unbatched else y
    _ext.conv2d_forward(geom, contiguous(x4, func, "x"), contiguous(wa, func, "weight"),
                        None if ba is None else contiguous(ba, func, "bias"), y4,
                        get_num_threads(),
                        _use_direct(algorithm, "forward", geom, xa.dtype))
    return y


def conv2d_backward_input(grad_out, weight, input_shape, stride=1, padding=0, dilation=1,
                          groups=1, *, algorithm="auto"):
    """Gradient of conv2d with respect to its input (torch.nn.grad.conv2d_input): the
    "full" convolution of grad_out with the kernel. input_shape is the forward input's shape
    (4 entries, or 3 with a 3-D grad_out); it fixes the rows and columns that stride > 1
    leaves unread, whose gradient is zero."""
    func = "conv2d_backward_input"
    algorithm = _algorithm(func, algorithm)
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    wa = as_float_array(weight, "weight", func, (4,))
    same_dtype(func, grad_out=ga, weight=wa)
    unbatched = ga.ndim == 3
    ishape = shape_tuple(input_shape, "input_shape", func, (3, 4))
    if len(ishape) != ga.ndim:
        fail(func, f"grad_out is {ga.ndim}-D of shape {ga.shape}, so input_shape must have "
             f"{ga.ndim} entries, got {ishape}")
    full = (1,) + ishape if unbatched else ishape
    g4 = ga[None] if unbatched else ga
    geom, oshape = _geometry(func, full, wa.shape, stride, padding, dilation, groups,
                             "input_shape", "weight")
    if g4.shape != oshape:
        fail(func, f"grad_out has shape {ga.shape}, but the forward output of input_shape "
             f"{ishape} with weight shape {wa.shape} has shape "
             f"{oshape[1:] if unbatched else oshape}")
    dx = new_array(func, full, ga.dtype, "the gradient for input_shape")
    if full[0] > 0:
        _ext.conv2d_backward_input(geom, contiguous(g4, func, "grad_out"),
                                   contiguous(wa, func, "weight"), dx, get_num_threads(),
                                   _use_direct(algorithm, "backward_input", geom, ga.dtype))
    return dx[0] if unbatched else dx


def conv2d_backward_weight(grad_out, x, weight_shape, stride=1, padding=0, dilation=1, groups=1,
                           *, algorithm="auto"):
    """Gradient of conv2d with respect to its weight (torch.nn.grad.conv2d_weight): the
    correlation of x with grad_out, summed over the batch and every output position, in a fixed
    order (bitwise identical for any thread count)."""
    func = "conv2d_backward_weight"
    algorithm = _algorithm(func, algorithm)
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    xa = as_float_array(x, "x", func, (3, 4))
    same_dtype(func, grad_out=ga, x=xa)
    if ga.ndim != xa.ndim:
        fail(func, f"grad_out ({ga.ndim}-D) and x ({xa.ndim}-D) must both be batched or both "
             "unbatched")
    wshape = shape_tuple(weight_shape, "weight_shape", func, (4,))
    g4, x4 = (ga[None], xa[None]) if xa.ndim == 3 else (ga, xa)
    geom, oshape = _geometry(func, x4.shape, wshape, stride, padding, dilation, groups,
                             "x", "weight_shape")
    if g4.shape != oshape:
        fail(func, f"grad_out has shape {ga.shape}, but the forward output of x shape "
             f"{xa.shape} with weight_shape {wshape} has shape "
             f"{oshape if xa.ndim == 4 else oshape[1:]}")
    dw = new_array(func, wshape, ga.dtype, "the gradient for weight_shape")
    _ext.conv2d_backward_weight(geom, contiguous(g4, func, "grad_out"),
                                contiguous(x4, func, "x"), dw, get_num_threads(),
                                _use_direct(algorithm, "backward_weight", geom, ga.dtype))
    return dw


def conv2d_backward_bias(grad_out):
    """Gradient of conv2d with respect to its bias: grad_out summed over N, H and W -> (K,).
    float32 sums are accumulated in float64, in a fixed order."""
    func = "conv2d_backward_bias"
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    g4 = ga[None] if ga.ndim == 3 else ga
    N, K, OH, OW = g4.shape
    db = new_array(func, (K,), ga.dtype, "the bias gradient")
    if K > 0:
        g3 = contiguous(g4, func, "grad_out").reshape(N, K, OH * OW)
        _ext.conv2d_backward_bias(g3, db, get_num_threads())
    return db


def _window_geometry(func, shape, kernel_size, stride, padding, dilation, name):
    """Geometry of a plain sliding window over an (N, C, H, W) shape (im2col / col2im)."""
    R, S = pair(kernel_size, "kernel_size", func, 1)
    if isinstance(padding, str):
        fail(func, f"padding must be an integer or a pair, got {padding!r}")
    return _geometry(func, shape, (1, shape[1], R, S), stride, padding, dilation, 1, name,
                     "kernel_size")


def im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    """The im2col matrix, like torch.nn.functional.unfold: x (N, C, H, W) -> (N, C*R*S, OH*OW),
    or (C, H, W) -> (C*R*S, OH*OW). Row (c, r, s) holds, for every output position, the input
    value that kernel tap (r, s) of channel c multiplies (zero where it reads padding)."""
    func = "im2col"
    xa = as_float_array(x, "x", func, (3, 4))
    x4 = xa[None] if xa.ndim == 3 else xa
    geom, (N, _, OH, OW) = _window_geometry(func, x4.shape, kernel_size, stride, padding,
                                            dilation, "x")
    C, R, S = geom[1], geom[5], geom[6]
    col = new_array(func, (N, C * R * S, OH * OW), xa.dtype, "the im2col matrix")
    if N > 0:
        _ext.im2col(geom, contiguous(x4, func, "x").reshape(N, C, -1), col)
    return col[0] if xa.ndim == 3 else col


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    """The adjoint of im2col, like torch.nn.functional.fold: sums the columns back into an
    image of size output_size = (H, W), adding where windows overlap.
    cols (N, C*R*S, L) -> (N, C, H, W), or (C*R*S, L) -> (C, H, W); L must be OH*OW."""
    func = "col2im"
    ca = as_float_array(cols, "cols", func, (2, 3))
    c3 = ca[None] if ca.ndim == 2 else ca
    H, W = pair(output_size, "output_size", func, 1)
    R, S = pair(kernel_size, "kernel_size", func, 1)
    N, CRS, L = c3.shape
    if CRS % (R * S) != 0 or CRS == 0:
        fail(func, f"cols has {CRS} rows, which is not a positive multiple of the kernel's "
             f"{R}x{S} = {R * S} taps")
    C = CRS // (R * S)
    geom, (_, _, OH, OW) = _window_geometry(func, (N, C, H, W), (R, S), stride, padding,
                                            dilation, "output_size")
    if L != OH * OW:
        fail(func, f"cols has {L} columns, but output_size {(H, W)} with kernel_size {(R, S)} "
             f"gives {OH}x{OW} = {OH * OW} sliding windows")
    x = new_array(func, (N, C, H, W), ca.dtype, "the image", zero=True)
    if N > 0:
        _ext.col2im(geom, contiguous(c3, func, "cols"), x.reshape(N, C, H * W))
    return x[0] if ca.ndim == 2 else x
