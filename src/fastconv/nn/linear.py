"""Linear: the dense layer on fastconv.linear and its gradients."""
import numpy as np

from ..linear import linear, linear_backward
from .._args import as_int, fail
from .init import bias_uniform, check_dtype, kaiming_uniform, make_rng
from .module import Module
from .parameter import Parameter, accumulate_grad


class Linear(Module):
    """torch.nn.Linear on fastconv: y = x @ weight.T + bias for x of shape (*, in_features);
    weight (out_features, in_features) and bias (out_features,) Kaiming-uniform as PyTorch
    initialises them (bound 1/sqrt(in_features)), drawn from `rng`."""

    def __init__(self, in_features, out_features, bias=True, *, dtype=np.float32, rng=None):
        super().__init__()
        func = "Linear"
        in_features = as_int(in_features, "in_features", func)
        out_features = as_int(out_features, "out_features", func)
        for name, v in (("in_features", in_features), ("out_features", out_features)):
            if v < 0:
                fail(func, f"{name} must be non-negative, got {v}")
        dt = check_dtype(dtype if dtype is not None else "float32", func)
        gen = make_rng(rng, func)
        self.in_features, self.out_features = in_features, out_features
        wshape = (out_features, in_features)
        self.weight = Parameter(kaiming_uniform(wshape, gen, dt, func=func))
        if bias:
            self.bias = Parameter(bias_uniform(wshape, out_features, gen, dt, func))
        else:
            self.register_parameter("bias", None)

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        b = self.bias
        y = linear(x, self.weight.data, None if b is None else b.data)
        self.__dict__["_saved"] = x
        return y

    def backward(self, grad_out, input_grad=True):
        x = self._take_saved()
        w, b = self.weight, self.bias
        dx, dw, db = linear_backward(grad_out, x, w.data)
        if w.requires_grad:
            accumulate_grad(w, dw)
        if b is not None and b.requires_grad:
            accumulate_grad(b, db)
        return dx if input_grad else None

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
