"""The dense layer, like torch.nn.functional.linear, and its gradients, on fastconv's GEMM."""
import numpy as np

from . import _ext
from ._args import as_float_array, check_sizes, contiguous, fail, new_array, same_dtype
from ._threads import get_num_threads


def _operands(func, x, weight):
    xa = as_float_array(x, "x", func)
    if xa.ndim == 0:
        fail(func, "x must have at least 1 dimension, (*, in_features), got a 0-D array")
    wa = as_float_array(weight, "weight", func, (2,))
    same_dtype(func, x=xa, weight=wa)
    if xa.shape[-1] != wa.shape[1]:
        fail(func, f"x has shape {xa.shape}: its last dimension ({xa.shape[-1]}) must equal "
             f"in_features, weight.shape[1] ({wa.shape[1]}) (weight shape {wa.shape})")
    M = int(np.prod(xa.shape[:-1], dtype=object))
    check_sizes(func, x=M * wa.shape[1], output=M * wa.shape[0])
    return xa, wa, M


def linear(x, weight, bias=None):
    """y = x @ weight.T + bias, like torch.nn.functional.linear.

    x: (*, in_features); weight: (out_features, in_features); bias: (out_features,) or None.
    Returns (*, out_features) of x's dtype."""
    func = "linear"
    xa, wa, M = _operands(func, x, weight)
    ba = None if bias is None else as_float_array(bias, "bias", func, (1,))
    same_dtype(func, x=xa, weight=wa, bias=ba)
    N, K = wa.shape
    if ba is not None and ba.shape != (N,):
        fail(func, f"bias must have shape ({N},) to match weight shape {wa.shape}, got "
             f"{ba.shape}")
    y = new_array(func, xa.shape[:-1] + (N,), xa.dtype, "the output")
    if M > 0 and N > 0:
        _ext.linear_forward(contiguous(xa, func, "x").reshape(M, K), contiguous(wa, func, "weight"),
                            None if ba is None else contiguous(ba, func, "bias"), y.reshape(M, N),
                            get_num_threads())
    return y


def linear_backward(grad_out, x, weight):
    """Gradients of linear: returns (grad_x, grad_weight, grad_bias) with
    grad_x = grad_out @ weight (x's shape), grad_weight = grad_out^T @ x summed over every
    leading index of x ((out_features, in_features)), grad_bias = grad_out summed over the same
    ((out_features,), accumulated in float64). Bitwise identical for any thread count."""
    func = "linear_backward"
    xa, wa, M = _operands(func, x, weight)
    ga = as_float_array(grad_out, "grad_out", func)
    same_dtype(func, grad_out=ga, x=xa)
    N, K = wa.shape
    if ga.shape != xa.shape[:-1] + (N,):
        fail(func, f"grad_out has shape {ga.shape}, but linear of x shape {xa.shape} with "
             f"weight shape {wa.shape} gives {xa.shape[:-1] + (N,)}")
    dx = new_array(func, xa.shape, xa.dtype, "the gradient for x")
    dw = new_array(func, (N, K), xa.dtype, "the weight gradient")
    db = new_array(func, (N,), xa.dtype, "the bias gradient")
    _ext.linear_backward(contiguous(ga, func, "grad_out").reshape(M, N),
                         contiguous(xa, func, "x").reshape(M, K), contiguous(wa, func, "weight"),
                         dx.reshape(M, K), dw, db, get_num_threads())
    return dx, dw, db
