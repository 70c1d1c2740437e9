"""pytest-benchmark suite: run with `python -m pytest benchmarks --benchmark-only`.
Every benchmark uses 2 threads unless FASTCONV_BENCH_THREADS says otherwise (NumPy's BLAS too,
where threadpoolctl is installed), float32 unless FASTCONV_BENCH_DTYPE=float64 says otherwise
(convolution and pooling); PyTorch contenders run only where torch is installed."""
import os

import numpy as np
import pytest

import fastconv
from fastconv import bench

THREADS = int(os.environ.get("FASTCONV_BENCH_THREADS", "2"))
DTYPE = np.dtype(os.environ.get("FASTCONV_BENCH_DTYPE", "float32"))


@pytest.fixture(autouse=True)
def _threads():
    with fastconv.num_threads(THREADS):
        yield


@pytest.fixture
def torch_mod():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(THREADS)
    return torch


@pytest.fixture
def blas_threads():
    with bench.blas_threads(THREADS):
        yield


def rand(shape, dtype, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)
