"""Flatten: merges a range of dimensions into one (a view; no copy for C-ordered input)."""
import math
import operator

import numpy as np

from .module import Module


class Flatten(Module):
    """torch.nn.Flatten: dimensions start_dim to end_dim (inclusive, negative counts from the
    end) become one; the default (1, -1) turns (N, C, H, W) into (N, C*H*W). Backward reshapes
    the gradient back to the input's shape."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        for name, v in (("start_dim", start_dim), ("end_dim", end_dim)):
            if isinstance(v, bool):
                raise TypeError(f"Flatten: {name} must be an integer, got {v!r}")
            try:
                operator.index(v)
            except TypeError:
                raise TypeError(f"Flatten: {name} must be an integer, got {v!r}") from None
        self.start_dim, self.end_dim = int(start_dim), int(end_dim)

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        shape = x.shape
        nd = max(len(shape), 1)
        s = self.start_dim + nd if self.start_dim < 0 else self.start_dim
        e = self.end_dim + nd if self.end_dim < 0 else self.end_dim
        if not (0 <= s < nd and 0 <= e < nd):
            raise ValueError(f"Flatten(start_dim={self.start_dim}, end_dim={self.end_dim}): "
                             f"dimension out of range for an input of shape {shape}")
        if s > e:
            raise ValueError(f"Flatten: start_dim ({self.start_dim}) cannot come after end_dim "
                             f"({self.end_dim}) for an input of shape {shape}")
        y = x.reshape(shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])
        self.__dict__["_saved"] = shape
        return y

    def backward(self, grad_out, input_grad=True):
        shape = self._take_saved()
        return np.reshape(grad_out, shape) if input_grad else None

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
