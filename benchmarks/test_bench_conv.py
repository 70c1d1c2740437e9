"""The convolution, every pass, on the standard layer shapes: direct, im2col and auto, beside
PyTorch when installed."""
import numpy as np
import pytest

import fastconv
from conftest import rand
from fastconv._benchlib import STANDARD_CONV_SHAPES, conv_flops

PASSES = ["fwd", "bwd_input", "bwd_weight"]


def _data(s, dtype=np.float32):
    x = rand((s.N, s.C, s.H, s.W), dtype, 1)
    w = rand((s.K, s.C // s.groups, s.R, s.S), dtype, 2)
    b = rand((s.K,), dtype, 3)
    kw = dict(stride=s.stride, padding=s.pad, groups=s.groups)
    g = rand(fastconv.conv2d_output_shape(x.shape, w.shape, **kw), dtype, 4)
    return x, w, b, g, kw


@pytest.mark.parametrize("algorithm", ["direct", "im2col", "auto"])
@pytest.mark.parametrize("pass_", PASSES)
@pytest.mark.parametrize("shape", STANDARD_CONV_SHAPES, ids=lambda s: s.name)
def test_fastconv(benchmark, shape, pass_, algorithm):
    x, w, b, g, kw = _data(shape)
    benchmark.group = f"{shape.name} {pass_}"
    benchmark.extra_info["gflop"] = conv_flops(shape) / 1e9
    if pass_ == "fwd":
        benchmark(fastconv.conv2d, x, w, b, algorithm=algorithm, **kw)
    elif pass_ == "bwd_input":
        benchmark(fastconv.conv2d_backward_input, g, w, x.shape, algorithm=algorithm, **kw)
    else:
        benchmark(fastconv.conv2d_backward_weight, g, x, w.shape, algorithm=algorithm, **kw)


@pytest.mark.parametrize("pass_", PASSES)
@pytest.mark.parametrize("shape", STANDARD_CONV_SHAPES, ids=lambda s: s.name)
def test_torch(benchmark, torch_mod, shape, pass_):
    torch = torch_mod
    x, w, b, g, kw = (torch.from_numpy(a) if isinstance(a, np.ndarray) else a
                      for a in _data(shape))
    benchmark.group = f"{shape.name} {pass_}"
    benchmark.extra_info["gflop"] = conv_flops(shape) / 1e9
    if pass_ == "fwd":
        benchmark(torch.nn.functional.conv2d, x, w, b, **kw)
    elif pass_ == "bwd_input":
        benchmark(torch.nn.grad.conv2d_input, x.shape, w, g, **kw)
    else:
        benchmark(torch.nn.grad.conv2d_weight, x, w.shape, g, **kw)
