"""Pooling (max and average, forward and backward), ReLU and the dense layer, beside PyTorch when
installed. GB/s = bytes read + written (benchmark.extra_info["bytes"]) / time."""
import numpy as np
import pytest

import fastconv
from conftest import rand
from fastconv._benchlib import STANDARD_POOL_SHAPES, pool_bytes

POOL_OPS = ["max_fwd", "max_fwd_idx", "max_bwd", "avg_fwd", "avg_bwd"]
RELU_SHAPE = (8, 64, 112, 112)
LINEAR = [("fc_4096", 64, 4096, 4096), ("fc_1000", 64, 4096, 1000)]  # (name, batch, in, out)


def _pool_data(s):
    x = rand((s.N, s.C, s.H, s.W), np.float32, 1)
    y, idx = fastconv.max_pool2d(x, s.k, s.stride, s.pad, return_indices=True)
    g = rand(y.shape, np.float32, 2)
    return x, idx, g


def _fastconv_pool(s, op, x, idx, g):
    k, st, p = s.k, s.stride, s.pad
    return {
        "max_fwd": lambda: fastconv.max_pool2d(x, k, st, p),
        "max_fwd_idx": lambda: fastconv.max_pool2d(x, k, st, p, return_indices=True),
        "max_bwd": lambda: fastconv.max_pool2d_backward(g, idx, x.shape),
        "avg_fwd": lambda: fastconv.avg_pool2d(x, k, st, p),
        "avg_bwd": lambda: fastconv.avg_pool2d_backward(g, x.shape, k, st, p),
    }[op]


def _torch_pool(torch, s, op, x, idx, g):
    F = torch.nn.functional
    tx, ti, tg = (torch.from_numpy(a) for a in (x, idx, g))
    k, st, p = [s.k] * 2, [s.stride] * 2, [s.pad] * 2
    return {
        "max_fwd": lambda: F.max_pool2d(tx, k, st, p),
        "max_fwd_idx": lambda: F.max_pool2d(tx, k, st, p, return_indices=True),
        "max_bwd": lambda: torch.ops.aten.max_pool2d_with_indices_backward(
            tg, tx, k, st, p, [1, 1], False, ti),
        "avg_fwd": lambda: F.avg_pool2d(tx, k, st, p),
        "avg_bwd": lambda: torch.ops.aten.avg_pool2d_backward(tg, tx, k, st, p, False, True,
                                                               None),
    }[op]


@pytest.mark.parametrize("op", POOL_OPS)
@pytest.mark.parametrize("shape", STANDARD_POOL_SHAPES, ids=lambda s: s.name)
def test_fastconv_pool(benchmark, shape, op):
    benchmark.group = f"{shape.name} {op}"
    benchmark.extra_info["bytes"] = pool_bytes(shape, op)
    benchmark(_fastconv_pool(shape, op, *_pool_data(shape)))


@pytest.mark.parametrize("op", POOL_OPS)
@pytest.mark.parametrize("shape", STANDARD_POOL_SHAPES, ids=lambda s: s.name)
def test_torch_pool(benchmark, torch_mod, shape, op):
    benchmark.group = f"{shape.name} {op}"
    benchmark.extra_info["bytes"] = pool_bytes(shape, op)
    benchmark(_torch_pool(torch_mod, shape, op, *_pool_data(shape)))


@pytest.mark.parametrize("op", ["fwd", "bwd"])
def test_fastconv_relu(benchmark, op):
    x = rand(RELU_SHAPE, np.float32, 3)
    g = rand(RELU_SHAPE, np.float32, 4)
    benchmark.group = f"relu {op}"
    benchmark.extra_info["bytes"] = x.nbytes * (2 if op == "fwd" else 3)
    if op == "fwd":
        out = np.empty_like(x)
        benchmark(fastconv.relu, x, out=out)
    else:
        benchmark(fastconv.relu_backward, g, x)


@pytest.mark.parametrize("op", ["fwd", "bwd"])
def test_torch_relu(benchmark, torch_mod, op):
    x = torch_mod.from_numpy(rand(RELU_SHAPE, np.float32, 3))
    g = torch_mod.from_numpy(rand(RELU_SHAPE, np.float32, 4))
    benchmark.group = f"relu {op}"
    benchmark.extra_info["bytes"] = x.numel() * 4 * (2 if op == "fwd" else 3)
    if op == "fwd":
        benchmark(torch_mod.relu, x)
    else:
        benchmark(torch_mod.ops.aten.threshold_backward, g, x, 0)


def _linear_data(batch, fin, fout):
    return (rand((batch, fin), np.float32, 5), rand((fout, fin), np.float32, 6),
            rand((fout,), np.float32, 7), rand((batch, fout), np.float32, 8))


@pytest.mark.parametrize("op", ["fwd", "bwd"])
@pytest.mark.parametrize("case", LINEAR, ids=lambda c: c[0])
def test_fastconv_linear(benchmark, case, op):
    x, w, b, g = _linear_data(*case[1:])
    benchmark.group = f"{case[0]} {op}"
    passes = 1 if op == "fwd" else 2
    benchmark.extra_info["gflop"] = 2.0 * case[1] * case[2] * case[3] * passes / 1e9
    if op == "fwd":
        benchmark(fastconv.linear, x, w, b)
    else:
        benchmark(fastconv.linear_backward, g, x, w)


@pytest.mark.parametrize("op", ["fwd", "bwd"])
@pytest.mark.parametrize("case", LINEAR, ids=lambda c: c[0])
def test_torch_linear(benchmark, torch_mod, case, op):
    x, w, b, g = (torch_mod.from_numpy(a) for a in _linear_data(*case[1:]))
    benchmark.group = f"{case[0]} {op}"
    if op == "fwd":
        benchmark(torch_mod.nn.functional.linear, x, w, b)
    else:
        benchmark(lambda: (g @ w, g.t() @ x, g.sum(0)))
