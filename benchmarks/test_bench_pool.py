"""Pooling (max and average, forward and backward), ReLU and the dense layer, beside PyTorch when
installed; pooling beside the plain NumPy formulations too (last in the file: OpenBLAS's spinning
threads would tax the next test). The pooling contenders are those of `python -m fastconv bench`
(fastconv.bench). GB/s = bytes read + written (benchmark.extra_info["bytes"]) / time."""
import numpy as np
import pytest

import fastconv
from conftest import DTYPE, rand
from fastconv import bench
from fastconv._benchlib import STANDARD_POOL_SHAPES, pool_bytes

RELU_SHAPE = (8, 64, 112, 112)
LINEAR = [("fc_4096", 64, 4096, 4096), ("fc_1000", 64, 4096, 1000)]  # (name, batch, in, out)


def _setup(benchmark, shape, op):
    benchmark.group = f"{shape.name} {op} {DTYPE.name}"
    benchmark.extra_info["bytes"] = pool_bytes(shape, op, DTYPE.itemsize)
    return bench.pool_data(shape, DTYPE)


@pytest.mark.parametrize("op", bench.POOL_OPS)
@pytest.mark.parametrize("shape", STANDARD_POOL_SHAPES, ids=lambda s: s.name)
def test_fastconv_pool(benchmark, shape, op):
    benchmark(bench.pool_call(shape, _setup(benchmark, shape, op), op))


@pytest.mark.parametrize("op", bench.POOL_OPS)
@pytest.mark.parametrize("shape", STANDARD_POOL_SHAPES, ids=lambda s: s.name)
def test_torch_pool(benchmark, torch_mod, shape, op):
    benchmark(bench.torch_pool_call(torch_mod, shape, _setup(benchmark, shape, op), op))


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


@pytest.mark.parametrize("op", bench.POOL_OPS)
@pytest.mark.parametrize("shape", STANDARD_POOL_SHAPES, ids=lambda s: s.name)
def test_numpy_pool(benchmark, blas_threads, shape, op):
    benchmark(bench.numpy_pool_call(shape, _setup(benchmark, shape, op), op))
