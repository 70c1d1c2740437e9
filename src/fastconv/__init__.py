"""fastconv: fast CPU kernels for convolutional networks, under a NumPy-first API.

Convolution by a cache-blocked direct kernel or by im2col + a packed GEMM, forward and backward,
with torch.nn.functional's semantics. See README.md for the API, the build options and the benchmarks.
"""
__version__ = "0.1.0"

from . import _ext
from ._config import apply_isa_env as _apply_isa_env
from ._config import get_config, show_config
from ._threads import get_num_threads, num_threads, set_num_threads
from .conv import (col2im, conv2d, conv2d_backward_bias, conv2d_backward_input,
                   conv2d_backward_weight, conv2d_output_shape, im2col)
from .explain import explain
from .gemm import matmul
from .activation import relu, relu_backward
from .linear import linear, linear_backward
from .pool import (adaptive_avg_pool2d, adaptive_avg_pool2d_backward, avg_pool2d,
                   avg_pool2d_backward, max_pool2d, max_pool2d_backward)

from . import nn  # the layer API (pure Python, on the functions above)

_apply_isa_env()

__all__ = [
    "conv2d", "conv2d_backward_input", "conv2d_backward_weight", "conv2d_backward_bias",
    "conv2d_output_shape", "explain", "im2col", "col2im", "matmul",
    "max_pool2d", "max_pool2d_backward", "avg_pool2d", "avg_pool2d_backward",
    "adaptive_avg_pool2d", "adaptive_avg_pool2d_backward", "relu", "relu_backward",
    "linear", "linear_backward",
    "set_num_threads", "get_num_threads", "num_threads", "show_config", "get_config",
]
