"""ReLU and its gradient against the NumPy reference: special values (NaN, +-0, +-inf), sizes
around the vector steps, both kernel sets, out= and in place, thread determinism."""
import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa
from conftest import FLOAT_DTYPES
from reference_pool import relu_backward_ref, relu_ref

ISAS = _ext.isa_available()
SIZES = [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65, 1000, 70001]
SPECIAL = [np.nan, -np.nan, 0.0, -0.0, np.inf, -np.inf, 1e-40, -1e-40, 1.0, -1.0]


def _data(n, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n).astype(dtype)
    k = min(n, len(SPECIAL))
    x[rng.permutation(n)[:k]] = np.array(SPECIAL[:k], dtype=dtype)
    return x


def _same_bits(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype
    np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("isa", ISAS)
def test_relu_and_its_gradient(isa, dtype):
    with use_isa(isa):
        for n in SIZES:
            x = _data(n, dtype, n)
            g = np.random.default_rng(n + 1).standard_normal(n).astype(dtype)
            _same_bits(fastconv.relu(x), relu_ref(x))  # NaN kept, -0.0 kept
            _same_bits(fastconv.relu_backward(g, x), relu_backward_ref(g, x))


def test_relu_gradient_rule():
    x = np.array([np.nan, 0.0, -0.0, 1e-30, -1e-30, np.inf, -np.inf], np.float32)
    g = np.full(7, 3.0, np.float32)
    np.testing.assert_array_equal(fastconv.relu_backward(g, x), [3, 0, 0, 3, 0, 3, 0])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_relu_out_and_in_place(dtype):
    x = _data(1000, dtype).reshape(10, 100)
    expected = relu_ref(x)
    out = np.empty_like(x)
    assert fastconv.relu(x, out=out) is out
    _same_bits(out, expected)
    y = x.copy()
    assert fastconv.relu(y, out=y) is y
    _same_bits(y, expected)


def test_relu_any_shape_and_layout():
    x = _data(2 * 3 * 4 * 5, np.float64).reshape(2, 3, 4, 5)
    _same_bits(fastconv.relu(x), relu_ref(x))
    xf = np.asfortranarray(x)
    _same_bits(fastconv.relu(xf), relu_ref(x))
    _same_bits(fastconv.relu(x[:, ::2, :, ::-1]), relu_ref(x[:, ::2, :, ::-1]))
    assert fastconv.relu(np.float32(-2.0)).shape == ()
    assert fastconv.relu(np.zeros((0, 3), np.float32)).shape == (0, 3)
    assert fastconv.relu([-1.0, 2.0]).tolist() == [0.0, 2.0]
    g = np.ones_like(xf)
    _same_bits(fastconv.relu_backward(g, xf), relu_backward_ref(g, x))


def test_relu_threads_give_the_same_bits():
    x = _data(300_001, np.float32, 5)
    g = np.random.default_rng(6).standard_normal(x.shape).astype(np.float32)
    outs = []
    for t in (1, 2, 3):
        with fastconv.num_threads(t):
            outs.append((fastconv.relu(x), fastconv.relu_backward(g, x)))
    for a, b in outs[1:]:
        _same_bits(a, outs[0][0])
        _same_bits(b, outs[0][1])
    _same_bits(outs[0][0], relu_ref(x))
