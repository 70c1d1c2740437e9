"""GEMM: fastconv.matmul against numpy.matmul (OpenBLAS), square sizes, float32 and float64."""
import numpy as np
import pytest

import fastconv
from conftest import rand

SIZES = [256, 512, 1024, 2048]
DTYPES = [np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("lib", ["fastconv", "numpy"])
def test_gemm(benchmark, lib, n, dtype):
    a, b = rand((n, n), dtype, 1), rand((n, n), dtype, 2)
    c = np.empty((n, n), dtype)
    fn = fastconv.matmul if lib == "fastconv" else np.matmul
    benchmark.group = f"gemm {np.dtype(dtype).name} n={n}"
    benchmark.extra_info["gflop"] = 2 * n**3 / 1e9
    benchmark(fn, a, b, out=c)
