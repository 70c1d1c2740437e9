"""The convolution, every pass, on the standard layer shapes: direct, im2col and auto, beside
PyTorch when installed and the best plain NumPy formulation: the matrix of `python -m fastconv
bench`, built from the same contenders (fastconv.bench). The dtype is float32, or
FASTCONV_BENCH_DTYPE=float64. The NumPy tests come last in the file: OpenBLAS's threads spin
after each call and would tax the next test (`-k "not numpy"` skips them)."""
import numpy as np
import pytest

from conftest import DTYPE
from fastconv import bench
from fastconv._benchlib import STANDARD_CONV_SHAPES, conv_flops

_cache = {}


def _data(shape):
    if shape not in _cache:
        _cache.clear()
        _cache[shape] = bench.conv_data(shape, DTYPE)
    return _cache[shape]


def _setup(benchmark, shape, pass_):
    benchmark.group = f"{shape.name} {pass_} {np.dtype(DTYPE).name}"
    benchmark.extra_info["gflop"] = conv_flops(shape) / 1e9
    return _data(shape)


@pytest.mark.parametrize("algorithm", bench.ALGORITHMS)
@pytest.mark.parametrize("pass_", bench.CONV_PASSES)
@pytest.mark.parametrize("shape", STANDARD_CONV_SHAPES, ids=lambda s: s.name)
def test_fastconv(benchmark, shape, pass_, algorithm):
    benchmark(bench.conv_call(_setup(benchmark, shape, pass_), pass_, algorithm))


@pytest.mark.parametrize("pass_", bench.CONV_PASSES)
@pytest.mark.parametrize("shape", STANDARD_CONV_SHAPES, ids=lambda s: s.name)
def test_torch(benchmark, torch_mod, shape, pass_):
    benchmark(bench.torch_conv_call(torch_mod, _setup(benchmark, shape, pass_), pass_))


@pytest.mark.parametrize("pass_", bench.CONV_PASSES)
@pytest.mark.parametrize("shape", STANDARD_CONV_SHAPES, ids=lambda s: s.name)
def test_numpy(benchmark, blas_threads, shape, pass_):
    d = _setup(benchmark, shape, pass_)
    benchmark(min(bench.numpy_conv_calls(d, pass_), key=bench.once))
