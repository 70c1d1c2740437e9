"""Conv2d: a 2D convolution layer on fastconv.conv2d and its backward passes."""
import numpy as np

from ..conv import (ALGORITHMS, conv2d, conv2d_backward_bias, conv2d_backward_input,
                    conv2d_backward_weight)
from .._args import as_int, fail, pair
from .init import bias_uniform, check_dtype, kaiming_uniform, make_rng
from .module import Module
from .parameter import Parameter, accumulate_grad

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class Conv2d(Module):
    """torch.nn.Conv2d on fastconv: weight (out_channels, in_channels // groups, kH, kW), bias
    (out_channels,), both Kaiming-uniform as PyTorch initialises them (bound 1/sqrt(fan_in)),
    drawn from `rng` (None, an int seed or a numpy Generator). Input (N, C, H, W) or (C, H, W).

    algorithm: "auto" (each pass picks direct or im2col, see fastconv.explain), "direct" or
    "im2col". Only padding_mode="zeros" is supported."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros", *, algorithm="auto",
                 dtype=np.float32, rng=None):
        super().__init__()
        func = "Conv2d"
        in_channels = as_int(in_channels, "in_channels", func)
        out_channels = as_int(out_channels, "out_channels", func)
        groups = as_int(groups, "groups", func)
        for name, v in (("in_channels", in_channels), ("out_channels", out_channels),
                        ("groups", groups)):
            if v < 1:
                fail(func, f"{name} must be positive, got {v}")
        if in_channels % groups:
            fail(func, f"in_channels ({in_channels}) must be divisible by groups ({groups})")
        if out_channels % groups:
            fail(func, f"out_channels ({out_channels}) must be divisible by groups ({groups})")
        kernel_size = pair(kernel_size, "kernel_size", func, 1)
        stride = pair(stride, "stride", func, 1)
        dilation = pair(dilation, "dilation", func, 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                fail(func, f"padding must be 'valid', 'same', an integer or a pair, got "
                     f"{padding!r}")
            if padding == "same" and stride != (1, 1):
                fail(func, "padding='same' is not supported for strided convolutions "
                     f"(stride={stride})")
        else:
            padding = pair(padding, "padding", func, 0)
        if padding_mode not in _PADDING_MODES:
            fail(func, f"padding_mode must be one of {_PADDING_MODES}, got {padding_mode!r}")
        if padding_mode != "zeros":
            fail(func, f"padding_mode={padding_mode!r} is not supported (fastconv pads with "
                 "zeros only)")
        if algorithm not in ALGORITHMS:
            fail(func, f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
        dt = check_dtype(dtype if dtype is not None else "float32", func)
        gen = make_rng(rng, func)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.dilation, self.groups, self.padding_mode = dilation, groups, padding_mode
        self.algorithm = algorithm
        wshape = (out_channels, in_channels // groups) + kernel_size
        self.weight = Parameter(kaiming_uniform(wshape, gen, dt, func=func))
        if bias:
            self.bias = Parameter(bias_uniform(wshape, out_channels, gen, dt, func))
        else:
            self.register_parameter("bias", None)
        # the arguments every call passes on, normalised once
        self.__dict__["_geom"] = (stride, padding, dilation, groups)

    def forward(self, x):
        if not isinstance(x, np.ndarray):
            x = np.asarray(x)
        b = self.bias
        y = conv2d(x, self.weight.data, None if b is None else b.data, *self._geom,
                     algorithm=self.algorithm)
        self.__dict__["_saved"] = x
        return y

    def backward(self, grad_out, input_grad=True):
        x = self._take_saved()
        w, b = self.weight, self.bias
        if w.requires_grad:
            accumulate_grad(w, conv2d_backward_weight(grad_out, x, w.data.shape, *self._geom,
                                                        algorithm=self.algorithm))
        if b is not None and b.requires_grad:
            accumulate_grad(b, conv2d_backward_bias(grad_out))
        if not input_grad:
            return None
        return conv2d_backward_input(grad_out, w.data, x.shape, *self._geom,
                                       algorithm=self.algorithm)

    def extra_repr(self):
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.algorithm != "auto":
            s += f", algorithm={self.algorithm!r}"
        return s
