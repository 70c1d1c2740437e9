"""ReLU and its gradient, with torch's semantics (torch.relu, threshold_backward), for float32
and float64 arrays of any shape."""
import numpy as np

from . import _ext
from ._args import as_float_array, check_out, contiguous, fail, new_array, same_dtype
from ._threads import get_num_threads


def relu(x, out=None):
    """max(x, 0) elementwise, like torch.relu: NaN stays NaN and -0.0 stays -0.0.

    out: an array of x's shape and dtype, C-contiguous and writeable, to write into; it may be x
    itself (in place) but must not otherwise overlap x. Returns out (or a new array)."""
    func = "relu"
    xa = as_float_array(x, "x", func)
    if out is not None and out is x and isinstance(x, np.ndarray):
        # in place: x must be writeable and C-contiguous, which check_out verifies
        y = check_out(func, out, xa.shape, xa.dtype, {})
        xc = y
    else:
        y = (check_out(func, out, xa.shape, xa.dtype, {"x": x}) if out is not None
             else new_array(func, xa.shape, xa.dtype))
        xc = contiguous(xa, func, "x")
    if y.size:
        _ext.relu_forward(xc.reshape(-1), y.reshape(-1), get_num_threads())
    return y


def relu_backward(grad_out, x):
    """Gradient of relu: grad_out where x > 0 or x is NaN, 0 elsewhere (torch's rule, so the
    gradient at x == 0 is 0)."""
    func = "relu_backward"
    ga = as_float_array(grad_out, "grad_out", func)
    xa = as_float_array(x, "x", func)
    same_dtype(func, grad_out=ga, x=xa)
    if ga.shape != xa.shape:
        fail(func, f"grad_out has shape {ga.shape} but x has shape {xa.shape}; they must match")
    dx = new_array(func, xa.shape, xa.dtype, "the gradient")
    if dx.size:
        _ext.relu_backward(contiguous(ga, func, "grad_out").reshape(-1),
                           contiguous(xa, func, "x").reshape(-1),
                           dx.reshape(-1), get_num_threads())
    return dx
