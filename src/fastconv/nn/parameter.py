"""Parameter: a trainable array and its gradient."""
import numpy as np


class Parameter:
    """A layer's trainable array, like torch.nn.Parameter, in NumPy terms.

    data: the values (a float32 or float64 ndarray; optimizers and load_state_dict update it in
    place, so references to it stay valid). grad: None until a backward pass, then the gradient
    of the loss with respect to data, of data's shape and dtype; every backward pass adds (+=)
    to it, and zero_grad() sets it back to None. requires_grad: when False, backward passes leave
    grad alone (a frozen parameter) and optimizers skip it.
    """
    __slots__ = ("data", "grad", "requires_grad")

    def __init__(self, data, requires_grad=True):
        a = np.asarray(data)
        if a.dtype not in (np.float32, np.float64):
            raise TypeError(f"Parameter: data must have dtype float32 or float64, got {a.dtype}")
        self.data = np.ascontiguousarray(a)
        self.grad = None
        self.requires_grad = bool(requires_grad)

    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def size(self):
        return self.data.size

    def __array__(self, dtype=None, copy=None):
        if dtype is None or np.dtype(dtype) == self.data.dtype:
            return self.data.copy() if copy else self.data
        return self.data.astype(dtype)

    def __repr__(self):
        return (f"Parameter(shape={self.data.shape}, dtype={self.data.dtype}"
                f"{'' if self.requires_grad else ', requires_grad=False'})")


def accumulate_grad(p, g):
    """p.grad += g (g becomes p.grad when there is none yet: fastconv's backward functions
    return fresh arrays, so no copy is needed)."""
    if p.grad is None:
        p.grad = g
    else:
        p.grad += g
