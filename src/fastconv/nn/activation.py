"""ReLU as a layer."""
import numpy as np

from ..activation import relu, relu_backward
from .module import Module


class ReLU(Module):
    """torch.nn.ReLU: max(x, 0), NaN kept. inplace=True writes the result into x (which must be
    a writeable C-contiguous array) instead of a new array. Backward needs only the output
    (y > 0 exactly where x > 0; NaN where x is NaN), so in-place is safe for backward."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = bool(inplace)

    def forward(self, x):
        if self.inplace and isinstance(x, np.ndarray):
            y = relu(x, out=x)
        else:
            y = relu(x)
        self.__dict__["_saved"] = y
        return y

    def backward(self, grad_out, input_grad=True):
        y = self._take_saved()
        return relu_backward(grad_out, y) if input_grad else None

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""
