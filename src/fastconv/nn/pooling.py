"""Pooling layers: MaxPool2d, AvgPool2d, AdaptiveAvgPool2d."""
import numpy as np

from ..pool import (adaptive_avg_pool2d, adaptive_avg_pool2d_backward, avg_pool2d,
                    avg_pool2d_backward, max_pool2d, max_pool2d_backward)
from .._args import as_int, fail, pair
from .module import Module


def _check_padding(kernel_size, padding, func):
    """Padding at most half the kernel (PyTorch's rule), checked once, at construction."""
    (kh, kw), (ph, pw) = pair(kernel_size, "kernel_size", func, 1), pair(padding, "padding",
                                                                          func, 0)
    if ph > kh // 2 or pw > kw // 2:
        fail(func, f"padding {(ph, pw)} must be at most half of kernel_size {(kh, kw)} "
             f"(at most {(kh // 2, kw // 2)})")


def _stride(stride, kernel_size, func):
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        return kernel_size
    pair(stride, "stride", func, 1)
    return stride


class MaxPool2d(Module):
    """torch.nn.MaxPool2d on fastconv.max_pool2d: stride defaults to kernel_size; padding (at
    most half the kernel) counts as -inf. With return_indices=True, forward returns
    (y, indices) (int64 flat positions within each input plane, as PyTorch's); backward takes
    the gradient of y. Backward sends each output's gradient to the position of its maximum."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        func = "MaxPool2d"
        _check_padding(kernel_size, padding, func)
        pair(dilation, "dilation", func, 1)
        self.kernel_size, self.stride = kernel_size, _stride(stride, kernel_size, func)
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = bool(return_indices), bool(ceil_mode)
        self.__dict__["_args"] = (self.kernel_size, self.stride, padding, dilation,
                                  self.ceil_mode)

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        y, idx = max_pool2d(x, *self._args, return_indices=True)
        self.__dict__["_saved"] = (idx, x.shape)
        return (y, idx) if self.return_indices else y

    def backward(self, grad_out, input_grad=True):
        idx, shape = self._take_saved()
        return max_pool2d_backward(grad_out, idx, shape) if input_grad else None

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool2d(Module):
    """torch.nn.AvgPool2d on fastconv.avg_pool2d, PyTorch's divisor rules (count_include_pad,
    divisor_override, ceil_mode)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        func = "AvgPool2d"
        _check_padding(kernel_size, padding, func)
        if divisor_override is not None:
            if as_int(divisor_override, "divisor_override", func) == 0:
                fail(func, "divisor_override must be a nonzero integer, got 0")
        self.kernel_size, self.stride = kernel_size, _stride(stride, kernel_size, func)
        self.padding, self.ceil_mode = padding, bool(ceil_mode)
        self.count_include_pad, self.divisor_override = bool(count_include_pad), divisor_override
        self.__dict__["_args"] = (self.kernel_size, self.stride, padding, self.ceil_mode,
                                  self.count_include_pad, divisor_override)

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        y = avg_pool2d(x, *self._args)
        self.__dict__["_saved"] = x.shape
        return y

    def backward(self, grad_out, input_grad=True):
        shape = self._take_saved()
        return avg_pool2d_backward(grad_out, shape, *self._args) if input_grad else None

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """torch.nn.AdaptiveAvgPool2d on fastconv.adaptive_avg_pool2d: output_size an int, a pair
    (None keeps that input size); 1 is global average pooling."""

    def __init__(self, output_size):
        super().__init__()
        func = "AdaptiveAvgPool2d"
        vals = list(output_size) if isinstance(output_size, (tuple, list)) else [output_size]
        if len(vals) not in (1, 2):
            fail(func, f"output_size must be an integer or a pair, got {output_size!r}")
        for v in vals:
            if v is not None and as_int(v, "output_size", func) < 0:
                fail(func, f"output_size must be non-negative, got {output_size!r}")
        self.output_size = output_size

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        y = adaptive_avg_pool2d(x, self.output_size)
        self.__dict__["_saved"] = x.shape
        return y

    def backward(self, grad_out, input_grad=True):
        shape = self._take_saved()
        return adaptive_avg_pool2d_backward(grad_out, shape) if input_grad else None

    def extra_repr(self):
        return f"output_size={self.output_size}"
