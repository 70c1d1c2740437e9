"""The dense layer (linear) and its gradients against the NumPy float64 reference: leading
dimensions, bias or none, empty sizes, layouts, both kernel sets, thread determinism, and a
finite-difference check."""
import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa
from conftest import FLOAT_DTYPES, assert_close
from reference_pool import linear_ref

ISAS = _ext.isa_available()

# (x shape, out_features)
SHAPES = [((4, 7), 5), ((1, 1), 1), ((3,), 2), ((2, 3, 33), 17), ((2, 1, 3, 8), 24),
          ((64, 300), 129), ((7, 4), 100)]


def _data(xshape, out, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, xshape).astype(dtype)
    w = rng.uniform(-1, 1, (out, xshape[-1])).astype(dtype)
    b = rng.uniform(-1, 1, out).astype(dtype)
    g = rng.uniform(-1, 1, xshape[:-1] + (out,)).astype(dtype)
    return x, w, b, g


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("isa", ISAS)
def test_linear_forward_and_backward(isa, dtype):
    with use_isa(isa):
        for xshape, out in SHAPES:
            x, w, b, g = _data(xshape, out, dtype)
            K = xshape[-1]
            M = int(np.prod(xshape[:-1]))
            assert_close(fastconv.linear(x, w, b), linear_ref(x, w, b), K)
            assert_close(fastconv.linear(x, w), linear_ref(x, w), K)
            dx, dw, db = fastconv.linear_backward(g, x, w)
            g2, x2 = g.reshape(M, out).astype(np.float64), x.reshape(M, K).astype(np.float64)
            assert_close(dx, (g2 @ w.astype(np.float64)).reshape(xshape), out)
            assert_close(dw, g2.T @ x2, M)
            assert_close(db, g2.sum(axis=0), M)
            assert dx.dtype == dw.dtype == db.dtype == dtype


def test_linear_empty_sizes():
    x, w, b, _ = _data((3, 0), 4, np.float32)
    np.testing.assert_array_equal(fastconv.linear(x, w, b), np.broadcast_to(b, (3, 4)))
    np.testing.assert_array_equal(fastconv.linear(x, w), 0)
    dx, dw, db = fastconv.linear_backward(np.ones((3, 4), np.float32), x, w)
    assert dx.shape == (3, 0) and dw.shape == (4, 0)
    np.testing.assert_array_equal(db, 3)
    x, w, b, g = _data((0, 5), 4, np.float32)
    assert fastconv.linear(x, w, b).shape == (0, 4)
    dx, dw, db = fastconv.linear_backward(g, x, w)
    assert dx.shape == (0, 5)
    np.testing.assert_array_equal(dw, 0)
    np.testing.assert_array_equal(db, 0)
    x, w, b, g = _data((3, 5), 0, np.float32)
    assert fastconv.linear(x, w, b).shape == (3, 0)
    dx, dw, db = fastconv.linear_backward(g, x, w)
    np.testing.assert_array_equal(dx, 0)
    assert dw.shape == (0, 5) and db.shape == (0,)


def test_linear_layouts():
    x, w, b, g = _data((6, 9), 5, np.float64)
    ref = fastconv.linear(x, w, b)
    np.testing.assert_allclose(fastconv.linear(np.asfortranarray(x), np.asfortranarray(w), b),
                               ref, rtol=1e-14)
    xs = np.ascontiguousarray(x[::-1])[::-1]
    np.testing.assert_allclose(fastconv.linear(xs, w, b), ref, rtol=1e-14)
    dx, dw, db = fastconv.linear_backward(np.asfortranarray(g), xs, np.asfortranarray(w))
    np.testing.assert_allclose(dx, g @ w, rtol=1e-12)
    np.testing.assert_allclose(dw, g.T @ x, rtol=1e-12)


def test_linear_finite_differences():
    x, w, b, g = _data((3, 4), 2, np.float64, 1)
    dx, dw, db = fastconv.linear_backward(g, x, w)
    eps = 1e-6

    def loss(x_, w_, b_):
        return float(np.vdot(fastconv.linear(x_, w_, b_), g))

    for arr, grad in ((x, dx), (w, dw), (b, db)):
        for i in range(arr.size):
            plus, minus = arr.copy(), arr.copy()
            plus.flat[i] += eps
            minus.flat[i] -= eps
            args = [x, w, b]
            k = [a is arr for a in args].index(True)
            args[k] = plus
            lp = loss(*args)
            args[k] = minus
            numeric = (lp - loss(*args)) / (2 * eps)
            assert abs(numeric - grad.flat[i]) < 1e-7


def test_linear_threads_give_the_same_bits():
    x, w, b, g = _data((300, 257), 190, np.float32, 2)
    outs = []
    for t in (1, 2, 3):
        with fastconv.num_threads(t):
            outs.append((fastconv.linear(x, w, b),) + fastconv.linear_backward(g, x, w))
    for other in outs[1:]:
        for a, c in zip(outs[0], other):
            np.testing.assert_array_equal(a, c)
