"""Pooling, ReLU and the dense layer against PyTorch (skipped when torch is not installed):
values, indices and gradients. Max pooling and average pooling forward match PyTorch's bits."""
import numpy as np
import pytest

import fastconv
from conftest import FLOAT_DTYPES

torch = pytest.importorskip("torch")
F = torch.nn.functional

# (input shape, kernel, stride, padding, dilation, ceil_mode)
MAX_CASES = [
    ((2, 3, 17, 23), 3, 2, 1, 1, False),   # the ResNet stem max-pool, small
    ((2, 3, 17, 23), 3, 2, 1, 1, True),
    ((2, 4, 27, 27), 3, 2, 0, 1, False),   # AlexNet
    ((2, 4, 27, 27), 3, 2, 0, 1, True),
    ((1, 2, 16, 40), 2, 2, 0, 1, False),
    ((1, 2, 15, 41), 2, 2, 0, 1, True),
    ((1, 3, 12, 35), 3, 1, 1, 1, False),
    ((2, 2, 11, 30), 5, 3, 2, 1, True),
    ((1, 2, 14, 33), 3, 2, 1, 2, True),
    ((2, 1, 13, 37), (2, 3), (1, 2), (1, 1), (2, 1), False),
    ((1, 1, 9, 9), 4, 3, 2, 1, True),
    ((3, 2, 6, 7), 1, 1, 0, 1, False),
    ((1, 2, 10, 21), (5, 4), (3, 3), (2, 2), (1, 2), True),
]
# (input shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
AVG_CASES = [
    ((2, 3, 17, 23), 3, 2, 1, False, True, None),
    ((2, 3, 17, 23), 3, 2, 1, True, True, None),    # windows past the padded edge
    ((2, 3, 17, 23), 3, 2, 1, True, False, None),
    ((2, 4, 27, 27), 3, 2, 0, True, True, None),
    ((1, 2, 16, 40), 2, 2, 0, False, True, None),
    ((1, 2, 15, 41), 2, 2, 1, True, True, None),
    ((1, 2, 15, 41), 2, 2, 1, True, False, None),
    ((1, 3, 12, 35), 3, 1, 1, False, False, 4),
    ((2, 2, 11, 30), 5, 3, 2, True, True, -3),
    ((2, 1, 13, 37), (2, 3), (1, 2), (1, 1), True, True, None),
    ((1, 1, 9, 9), 4, 3, 2, True, False, 7),
    ((1, 2, 10, 21), (5, 4), (3, 3), (2, 2), True, True, None),
]


def _data(shape, dtype, seed, special=True):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    if special:
        x[rng.random(shape) < 0.03] = np.nan
        x[rng.random(shape) < 0.05] = 0.5  # ties
        x[rng.random(shape) < 0.02] = -np.inf
    return x


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", MAX_CASES, ids=[str(c) for c in MAX_CASES])
def test_max_pool2d_matches_torch(case, dtype):
    shape, k, s, p, d, ceil = case
    x = _data(shape, dtype, 1)
    y, idx = fastconv.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
    ty, tidx = F.max_pool2d(torch.from_numpy(x), k, s, p, d, ceil, return_indices=True)
    np.testing.assert_array_equal(y, ty.numpy())      # bits, NaN where torch has NaN
    np.testing.assert_array_equal(idx, tidx.numpy())  # ties, NaN and -inf rules
    # gradient through torch's autograd, on finite data (the gradient of NaN outputs is the same
    # scatter, but comparing is simpler without them)
    xf = _data(shape, dtype, 2, special=False)
    xf[:, :, ::3, ::2] = 0.25  # ties again
    y, idx = fastconv.max_pool2d(xf, k, s, p, d, ceil, return_indices=True)
    g = np.random.default_rng(3).standard_normal(y.shape).astype(dtype)
    tx = torch.from_numpy(xf).requires_grad_(True)
    F.max_pool2d(tx, k, s, p, d, ceil).backward(torch.from_numpy(g))
    dx = fastconv.max_pool2d_backward(g, idx, xf.shape)
    tol = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", AVG_CASES, ids=[str(c) for c in AVG_CASES])
def test_avg_pool2d_matches_torch(case, dtype):
    shape, k, s, p, ceil, cip, dov = case
    x = _data(shape, dtype, 4, special=False)
    y = fastconv.avg_pool2d(x, k, s, p, ceil, cip, dov)
    tx = torch.from_numpy(x).requires_grad_(True)
    ty = F.avg_pool2d(tx, k, s, p, ceil, cip, dov)
    np.testing.assert_array_equal(y, ty.detach().numpy())  # PyTorch's order and divisor: bits
    g = np.random.default_rng(5).standard_normal(y.shape).astype(dtype)
    ty.backward(torch.from_numpy(g))
    dx = fastconv.avg_pool2d_backward(g, x.shape, k, s, p, ceil, cip, dov)
    tol = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("hw, out", [((7, 7), 1), ((13, 11), (5, 4)), ((6, 9), (4, None)),
                                     ((4, 3), (9, 7)), ((56, 56), (7, 7))])
def test_adaptive_avg_pool2d_matches_torch(hw, out, dtype):
    x = _data((2, 3) + hw, dtype, 6, special=False)
    y = fastconv.adaptive_avg_pool2d(x, out)
    tx = torch.from_numpy(x).requires_grad_(True)
    ty = F.adaptive_avg_pool2d(tx, out)
    tol = 2e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=tol, atol=tol)
    g = np.random.default_rng(7).standard_normal(y.shape).astype(dtype)
    ty.backward(torch.from_numpy(g))
    np.testing.assert_allclose(fastconv.adaptive_avg_pool2d_backward(g, x.shape),
                               tx.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_relu_matches_torch(dtype):
    x = _data((3, 1000), dtype, 8)
    x[0, :7] = [-0.0, 0.0, np.nan, np.inf, -np.inf, -1e-30, 1e-30]
    y = fastconv.relu(x)
    ty = torch.relu(torch.from_numpy(x)).numpy()
    np.testing.assert_array_equal(y, ty)
    np.testing.assert_array_equal(np.signbit(y), np.signbit(ty))  # -0.0 stays -0.0
    g = np.random.default_rng(9).standard_normal(x.shape).astype(dtype)
    tdx = torch.ops.aten.threshold_backward(torch.from_numpy(g), torch.from_numpy(x), 0)
    np.testing.assert_array_equal(fastconv.relu_backward(g, x), tdx.numpy())


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("xshape, out, bias", [((4, 7), 5, True), ((2, 3, 33), 17, False),
                                               ((19,), 6, True), ((64, 256), 100, True)])
def test_linear_matches_torch(xshape, out, bias, dtype):
    rng = np.random.default_rng(10)
    x = rng.standard_normal(xshape).astype(dtype)
    w = rng.standard_normal((out, xshape[-1])).astype(dtype)
    b = rng.standard_normal(out).astype(dtype) if bias else None
    tx = torch.from_numpy(x).requires_grad_(True)
    tw = torch.from_numpy(w).requires_grad_(True)
    tb = torch.from_numpy(b).requires_grad_(True) if bias else None
    ty = F.linear(tx, tw, tb)
    tol = 1e-4 if dtype == np.float32 else 1e-11
    np.testing.assert_allclose(fastconv.linear(x, w, b), ty.detach().numpy(), rtol=tol, atol=tol)
    g = rng.standard_normal(ty.shape).astype(dtype)
    ty.backward(torch.from_numpy(g))
    dx, dw, db = fastconv.linear_backward(g, x, w)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=tol, atol=tol)
    if bias:
        np.testing.assert_allclose(db, tb.grad.numpy(), rtol=tol, atol=tol)
