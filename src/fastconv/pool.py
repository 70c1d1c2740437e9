"""Pooling: max, average and adaptive average, forward and backward.

Semantics follow torch.nn.functional.max_pool2d / avg_pool2d / adaptive_avg_pool2d and their
gradients: NCHW arrays (or one unbatched (C, H, W) image), float32 or float64, kernel_size /
stride / padding / dilation as an int or an (h, w) pair, stride defaulting to kernel_size,
padding at most half the kernel, PyTorch's ceil_mode rule and average-pool divisors.
"""
import numpy as np

from . import _ext
from ._args import (as_float_array, as_int, check_sizes, contiguous, fail, new_array, pair,
                    shape_tuple)
from ._threads import get_num_threads

_LIMIT = 2**40  # kernel, stride, padding and dilation beyond this are refused as too large


def _pool_out(size, kernel, stride, pad, dilation, ceil_mode):
    """PyTorch's pooling output length: floor (or ceil) of (I + 2P - D*(K-1) - 1) / S, plus 1;
    with ceil_mode the last window must start inside the input or the left padding."""
    num = size + 2 * pad - dilation * (kernel - 1) - 1
    if ceil_mode:
        out = -(-num // stride) + 1
        if (out - 1) * stride >= size + pad:
            out -= 1
    else:
        out = num // stride + 1
    return out


def _geometry(func, x_shape, kernel_size, stride, padding, dilation, ceil_mode, x_name="x"):
    """Checks a pooling's arguments against an (N, C, H, W) shape. Returns (geom, output shape),
    geom being the tuple the C operators take."""
    N, C, H, W = x_shape
    R, S = pair(kernel_size, "kernel_size", func, 1)
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        sh, sw = R, S
    else:
        sh, sw = pair(stride, "stride", func, 1)
    ph, pw = pair(padding, "padding", func, 0)
    dh, dw = pair(dilation, "dilation", func, 1)
    for name, v in (("kernel_size", max(R, S)), ("stride", max(sh, sw)),
                    ("padding", max(ph, pw)), ("dilation", max(dh, dw))):
        if v > _LIMIT:
            fail(func, f"{name} = {v} is too large")
    if ph > R // 2 or pw > S // 2:
        fail(func, f"padding {(ph, pw)} must be at most half of kernel_size {(R, S)} "
             f"(at most {(R // 2, S // 2)})")
    if C < 1 or H < 1 or W < 1:
        fail(func, f"{x_name} must have non-zero channels, height and width, got shape "
             f"{tuple(x_shape)}")
    OH = _pool_out(H, R, sh, ph, dh, ceil_mode)
    OW = _pool_out(W, S, sw, pw, dw, ceil_mode)
    if OH < 1 or OW < 1:
        fail(func, f"kernel_size {(R, S)} with dilation {(dh, dw)} and padding {(ph, pw)} does "
             f"not fit the input ({H}, {W}): the output would be {(max(OH, 0), max(OW, 0))}")
    check_sizes(func, input=N * C * H * W, output=N * C * OH * OW)
    geom = (N, C, H, W, R, S, OH, OW, sh, sw, ph, pw, dh, dw)
    return geom, (N, C, OH, OW)


def _batched(a):
    """(4-D view, was it unbatched?)"""
    return (a[None], True) if a.ndim == 3 else (a, False)


def _input_shape(func, input_shape, grad_ndim):
    ishape = shape_tuple(input_shape, "input_shape", func, (3, 4))
    if len(ishape) != grad_ndim:
        fail(func, f"grad_out is {grad_ndim}-D, so input_shape must have {grad_ndim} entries, "
             f"got {ishape}")
    return ishape if len(ishape) == 4 else (1,) + ishape


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """2D max pooling, like torch.nn.functional.max_pool2d.

    x: (N, C, H, W) or unbatched (C, H, W). Padding counts as -inf (a window never returns a
    padded value). Returns y (N, C, OH, OW), and with return_indices also the int64 indices of
    the maxima, flat positions ih * W + iw within each input plane, as PyTorch returns them:
    ties go to the first maximum in row-major scan order, a NaN always takes the index (the
    last NaN wins and the output is NaN), and an all -inf window points at its first in-bounds
    element. A window with no input element at all (possible only with dilation on tiny inputs)
    gives -inf and index -1, which max_pool2d_backward skips.
    """
    func = "max_pool2d"
    xa = as_float_array(x, "x", func, (3, 4))
    x4, unbatched = _batched(xa)
    geom, oshape = _geometry(func, x4.shape, kernel_size, stride, padding, dilation,
                             bool(ceil_mode))
    y = new_array(func, oshape, xa.dtype, "the output")
    idx = new_array(func, oshape, np.int64, "the indices") if return_indices else None
    if oshape[0] > 0:
        _ext.max_pool2d_forward(geom, contiguous(x4, func, "x"), y, idx, get_num_threads())
    if unbatched:
        y = y[0]
        idx = idx[0] if idx is not None else None
    return (y, idx) if return_indices else y


def max_pool2d_backward(grad_out, indices, input_shape):
    """Gradient of max_pool2d with respect to its input: each grad_out element is added at the
    input position its index names (summed where windows overlap). indices are the int64 indices
    max_pool2d returned (the shape of grad_out); input_shape is the forward input's shape.
    Indices outside [0, H*W) raise ValueError (-1, a window without input, is skipped)."""
    func = "max_pool2d_backward"
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    if not isinstance(indices, np.ndarray):
        indices = np.asarray(indices)
    if indices.dtype.kind not in "iu":
        fail(func, f"indices must be an integer array, got dtype {indices.dtype}", TypeError)
    if indices.shape != ga.shape:
        fail(func, f"indices has shape {indices.shape}, but grad_out has shape {ga.shape}; "
             "they must match")
    full = _input_shape(func, input_shape, ga.ndim)
    N, C, H, W = full
    g4, unbatched = _batched(ga)
    if g4.shape[:2] != (N, C):
        fail(func, f"grad_out has shape {ga.shape}, which does not match input_shape "
             f"{tuple(input_shape)} in batch and channels")
    if H < 1 or W < 1:
        fail(func, f"input_shape must have non-zero height and width, got {tuple(input_shape)}")
    check_sizes(func, input=N * C * H * W)
    if indices.dtype != np.int64:
        if indices.dtype == np.uint64 and indices.size and indices.max() > np.iinfo(np.int64).max:
            fail(func, f"indices hold {indices.max()}, outside the input plane of {H * W} "
                 "elements")
        indices = indices.astype(np.int64)
    dx = new_array(func, full, ga.dtype, "the gradient for input_shape")
    planes, P = N * C, g4.shape[2] * g4.shape[3]
    if planes > 0:
        i4 = indices[None] if unbatched else indices
        ok = _ext.max_pool2d_backward(contiguous(g4, func, "grad_out").reshape(planes, P),
                                      contiguous(i4, func, "indices").reshape(planes, P),
                                      dx.reshape(planes, H * W), get_num_threads())
        if not ok:
            bad = indices[(indices < -1) | (indices >= H * W)]
            fail(func, f"indices hold {bad.flat[0]}, outside the input plane of {H}x{W} = "
                 f"{H * W} elements (valid: 0 to {H * W - 1}, or -1 for a window without input)")
    return dx[0] if unbatched else dx


def _divisor(func, divisor_override):
    if divisor_override is None:
        return 0
    d = as_int(divisor_override, "divisor_override", func)
    if d == 0:
        fail(func, "divisor_override must be a nonzero integer, got 0")
    return d


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """2D average pooling, like torch.nn.functional.avg_pool2d.

    Each output is the sum of its window's input elements divided by: divisor_override when
    given (any nonzero integer); else, with count_include_pad, the window's size clipped to the
    padded input (windows that ceil_mode lets run past the padded edge count only the part
    inside it, as PyTorch); else the number of input elements in the window. The sum runs row by
    row in the input's precision, as PyTorch's, so float32 results match PyTorch's bits.
    """
    func = "avg_pool2d"
    xa = as_float_array(x, "x", func, (3, 4))
    d = _divisor(func, divisor_override)
    x4, unbatched = _batched(xa)
    geom, oshape = _geometry(func, x4.shape, kernel_size, stride, padding, 1, bool(ceil_mode))
    y = new_array(func, oshape, xa.dtype, "the output")
    if oshape[0] > 0:
        _ext.avg_pool2d_forward(geom, bool(count_include_pad), d, contiguous(x4, func, "x"), y,
                                get_num_threads())
    return y[0] if unbatched else y


def avg_pool2d_backward(grad_out, input_shape, kernel_size, stride=None, padding=0,
                        ceil_mode=False, count_include_pad=True, divisor_override=None):
    """Gradient of avg_pool2d with respect to its input: every input element receives, from each
    window that covers it, that window's grad_out divided by its divisor. The arguments are the
    forward call's; input_shape is the forward input's shape."""
    func = "avg_pool2d_backward"
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    d = _divisor(func, divisor_override)
    full = _input_shape(func, input_shape, ga.ndim)
    g4, unbatched = _batched(ga)
    geom, oshape = _geometry(func, full, kernel_size, stride, padding, 1, bool(ceil_mode),
                             "input_shape")
    if g4.shape != oshape:
        fail(func, f"grad_out has shape {ga.shape}, but avg_pool2d of input_shape "
             f"{tuple(input_shape)} with these arguments gives "
             f"{oshape[1:] if unbatched else oshape}")
    dx = new_array(func, full, ga.dtype, "the gradient for input_shape")
    if full[0] > 0:
        _ext.avg_pool2d_backward(geom, bool(count_include_pad), d,
                                 contiguous(g4, func, "grad_out"), dx, get_num_threads())
    return dx[0] if unbatched else dx


def _adaptive_size(func, output_size, H, W):
    if isinstance(output_size, (tuple, list)):
        vals = list(output_size)
        if len(vals) == 1:
            vals = vals * 2
        if len(vals) != 2:
            fail(func, f"output_size must be an integer or a pair, got {output_size!r}")
    else:
        vals = [output_size, output_size]
    out = []
    for v, size in zip(vals, (H, W)):
        v = size if v is None else as_int(v, "output_size", func)
        if v < 0:
            shown = tuple(output_size) if isinstance(output_size, (tuple, list)) else output_size
            fail(func, f"output_size must be non-negative, got {shown}")
        out.append(v)
    return tuple(out)


def adaptive_avg_pool2d(x, output_size):
    """2D adaptive average pooling, like torch.nn.functional.adaptive_avg_pool2d: output (oh, ow)
    averages input rows floor(oh*H/OH) to ceil((oh+1)*H/OH) (exclusive), likewise columns.
    output_size is an int or a pair (None keeps that input size); 1 is global average pooling.
    Sums run in float64 for both dtypes."""
    func = "adaptive_avg_pool2d"
    xa = as_float_array(x, "x", func, (3, 4))
    x4, unbatched = _batched(xa)
    N, C, H, W = x4.shape
    if C < 1 or H < 1 or W < 1:
        fail(func, f"x must have non-zero channels, height and width, got shape {xa.shape}")
    OH, OW = _adaptive_size(func, output_size, H, W)
    check_sizes(func, output=N * C * OH * OW)
    y = new_array(func, (N, C, OH, OW), xa.dtype, "the output")
    if N > 0 and OH > 0 and OW > 0:
        _ext.adaptive_avg_pool2d_forward(contiguous(x4, func, "x").reshape(N * C, H, W),
                                         y.reshape(N * C, OH, OW), get_num_threads())
    return y[0] if unbatched else y


def adaptive_avg_pool2d_backward(grad_out, input_shape):
    """Gradient of adaptive_avg_pool2d with respect to its input: every input element receives
    grad_out / (window height * width) from each window that covers it. The output size is
    grad_out's; input_shape is the forward input's shape."""
    func = "adaptive_avg_pool2d_backward"
    ga = as_float_array(grad_out, "grad_out", func, (3, 4))
    full = _input_shape(func, input_shape, ga.ndim)
    N, C, H, W = full
    g4, unbatched = _batched(ga)
    if g4.shape[:2] != (N, C):
        fail(func, f"grad_out has shape {ga.shape}, which does not match input_shape "
             f"{tuple(input_shape)} in batch and channels")
    if C < 1 or H < 1 or W < 1:
        fail(func, f"input_shape must have non-zero channels, height and width, got "
             f"{tuple(input_shape)}")
    check_sizes(func, input=N * C * H * W)
    OH, OW = g4.shape[2:]
    dx = new_array(func, full, ga.dtype, "the gradient for input_shape")
    if N > 0:
        if OH == 0 or OW == 0:
            dx.fill(0)
        else:
            _ext.adaptive_avg_pool2d_backward(
                contiguous(g4, func, "grad_out").reshape(N * C, OH, OW),
                dx.reshape(N * C, H, W), get_num_threads())
    return dx[0] if unbatched else dx
