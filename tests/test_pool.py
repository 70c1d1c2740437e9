"""Pooling (max, average, adaptive average; forward and backward) against the NumPy float64
reference (tests/reference_pool.py), on both kernel sets, with ties, NaNs, -inf windows, thread
determinism and the edges of the vectorised runs. PyTorch comparisons are in test_pool_torch.py;
argument checking in test_pool_validation.py."""
import itertools

import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa
from conftest import FLOAT_DTYPES
from reference_pool import (adaptive_avg_pool2d_backward_ref, adaptive_avg_pool2d_ref,
                            avg_pool2d_backward_ref, avg_pool2d_ref, max_pool2d_backward_ref,
                            max_pool2d_ref, pool_output_size)

ISAS = _ext.isa_available()


def _rng(seed=0):
    return np.random.default_rng(seed)


def _tol(dtype, n_terms=9):
    return (1e-12, 1e-12) if np.dtype(dtype) == np.float64 else (1e-5, 2e-6 * np.sqrt(n_terms))


def _close(actual, expected, dtype, n_terms=9):
    rtol, atol = _tol(dtype, n_terms)
    np.testing.assert_allclose(np.asarray(actual, np.float64), expected, rtol=rtol, atol=atol)


# ---- the grid: kernel 1-5 (non-square too), stride 1-3, padding 0..k/2, dilation 1-2,
# ceil_mode, odd sizes, N=1 / C=1; a fixed sample of the full product ----

def _grid(count, seed, with_dilation):
    rng = _rng(seed)
    cases = []
    while len(cases) < count:
        kh, kw = (int(v) for v in rng.integers(1, 6, 2))
        if rng.random() < 0.5:
            kw = kh
        sh, sw = (int(v) for v in rng.integers(1, 4, 2))
        ph, pw = int(rng.integers(0, kh // 2 + 1)), int(rng.integers(0, kw // 2 + 1))
        dh, dw = ((int(v) for v in rng.integers(1, 3, 2)) if with_dilation else (1, 1))
        ceil = bool(rng.random() < 0.5)
        n, c = int(rng.choice([1, 2])), int(rng.choice([1, 3]))
        h, w = (int(v) for v in rng.integers(1, 14, 2))
        oh = pool_output_size(h, kh, sh, ph, dh, ceil)
        ow = pool_output_size(w, kw, sw, pw, dw, ceil)
        if oh < 1 or ow < 1:
            continue
        cases.append(((n, c, h, w), (kh, kw), (sh, sw), (ph, pw), (dh, dw), ceil))
    return cases


MAX_GRID = _grid(60, 1, True)
AVG_GRID = _grid(60, 2, False)


def _ids(cases):
    return ["x{}-k{}-s{}-p{}-d{}-{}".format("x".join(map(str, c[0])), *("x".join(map(str, v))
            for v in c[1:5]), "ceil" if c[5] else "floor") for c in cases]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", MAX_GRID, ids=_ids(MAX_GRID))
def test_max_pool_grid(case, dtype):
    shape, k, s, p, d, ceil = case
    x = _rng(3).standard_normal(shape).astype(dtype)
    y, idx = fastconv.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
    ry, ridx = max_pool2d_ref(x, k, s, p, d, ceil)
    np.testing.assert_array_equal(y, ry.astype(dtype))
    np.testing.assert_array_equal(idx, ridx)
    assert idx.dtype == np.int64
    np.testing.assert_array_equal(fastconv.max_pool2d(x, k, s, p, d, ceil), y)
    g = _rng(4).standard_normal(y.shape).astype(dtype)
    dx = fastconv.max_pool2d_backward(g, idx, shape)
    _close(dx, max_pool2d_backward_ref(g, idx, shape), dtype, k[0] * k[1])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", AVG_GRID, ids=_ids(AVG_GRID))
def test_avg_pool_grid(case, dtype):
    shape, k, s, p, _, ceil = case
    x = _rng(5).standard_normal(shape).astype(dtype)
    taps = k[0] * k[1]
    for cip, dov in ((True, None), (False, None), (True, 3), (False, -2)):
        y = fastconv.avg_pool2d(x, k, s, p, ceil, cip, dov)
        _close(y, avg_pool2d_ref(x, k, s, p, ceil, cip, dov), dtype, taps)
        g = _rng(6).standard_normal(y.shape).astype(dtype)
        dx = fastconv.avg_pool2d_backward(g, shape, k, s, p, ceil, cip, dov)
        _close(dx, avg_pool2d_backward_ref(g, shape, k, s, p, ceil, cip, dov), dtype, taps)


def test_output_size_formula_matches_counting():
    """fastconv's closed form (PyTorch's) against the reference that counts windows."""
    for size, k, s, p, d, ceil in itertools.product(range(1, 12), range(1, 5), range(1, 4),
                                                    range(0, 3), (1, 2), (False, True)):
        if p > k // 2 or size + 2 * p < d * (k - 1) + 1:
            continue
        y = fastconv.max_pool2d(np.zeros((1, 1, size, 1)), (k, 1), (s, 1), (p, 0), (d, 1), ceil)
        assert y.shape[2] == pool_output_size(size, k, s, p, d, ceil), (size, k, s, p, d, ceil)


# ---- PyTorch's max-pool rules: ties, NaN, -inf ----

@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_max_pool_ties_take_the_first_maximum(isa, dtype):
    rng = _rng(7)
    x = rng.integers(-2, 1, (2, 3, 21, 45)).astype(dtype)  # many equal values per window
    x *= rng.choice([-1.0, 1.0], x.shape).astype(dtype)    # and zeros of both signs
    with use_isa(isa):
        for k, s, p, d in ((3, 2, 1, 1), (2, 2, 0, 1), (3, 1, 1, 1), (4, 3, 2, 2), (3, 2, 0, 2)):
            y, idx = fastconv.max_pool2d(x, k, s, p, d, return_indices=True)
            ry, ridx = max_pool2d_ref(x, k, s, p, d)
            np.testing.assert_array_equal(y, ry)
            np.testing.assert_array_equal(np.signbit(y), np.signbit(ry))  # the first zero wins
            np.testing.assert_array_equal(idx, ridx)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_max_pool_nan_takes_the_index(isa, dtype):
    rng = _rng(8)
    x = rng.standard_normal((2, 2, 19, 41)).astype(dtype)
    x[rng.random(x.shape) < 0.15] = np.nan  # windows with none, one and several NaNs
    x[rng.random(x.shape) < 0.05] = np.inf
    with use_isa(isa):
        for k, s, p, d, ceil in ((3, 2, 1, 1, False), (2, 2, 0, 1, True), (3, 1, 1, 1, False),
                                 (5, 2, 2, 1, True), (3, 3, 1, 2, False)):
            y, idx = fastconv.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
            ry, ridx = max_pool2d_ref(x, k, s, p, d, ceil)
            np.testing.assert_array_equal(y, ry)  # NaN where the window has one
            np.testing.assert_array_equal(idx, ridx)  # the last NaN in scan order
            assert np.isnan(y).any()


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_max_pool_all_minus_inf_window_points_at_its_first_element(isa, dtype):
    x = np.full((1, 2, 9, 33), -np.inf, dtype=dtype)
    x[0, 1, 4, 5] = 1.0
    with use_isa(isa):
        for k, s, p in ((3, 2, 1), (2, 2, 0), (3, 1, 1)):
            y, idx = fastconv.max_pool2d(x, k, s, p, return_indices=True)
            ry, ridx = max_pool2d_ref(x, k, s, p)
            np.testing.assert_array_equal(y, ry)
            np.testing.assert_array_equal(idx, ridx)
    # the top-left window with padding 1: its first in-bounds element is (0, 0)
    _, idx = fastconv.max_pool2d(x, 3, 2, 1, return_indices=True)
    assert idx[0, 0, 0, 0] == 0 and idx[0, 0, 1, 1] == 1 * 33 + 1


def test_max_pool_window_without_input_gives_minus_inf_and_index_minus_one():
    """Dilation can leave a window on padding only; PyTorch returns -inf there (and an index
    outside the plane); fastconv returns -inf and -1, which the backward skips."""
    x = np.arange(3, dtype=np.float64).reshape(1, 1, 1, 3)
    y, idx = fastconv.max_pool2d(x, 2, 1, 1, dilation=2, return_indices=True)
    assert y.shape == (1, 1, 1, 3) and np.all(y == -np.inf) and np.all(idx == -1)
    dx = fastconv.max_pool2d_backward(np.ones_like(y), idx, x.shape)
    np.testing.assert_array_equal(dx, 0)


# ---- both kernel sets: the vectorised runs, their tails and strides ----

# (width, kernel width, stride, padding, dilation): runs of 1..~40 outputs around the step sizes
RUN_CASES = [(w, k, s, p, d) for w in (7, 8, 9, 15, 16, 17, 18, 31, 33, 34, 35, 50)
             for k, s, p, d in ((3, 2, 1, 1), (2, 2, 0, 1), (3, 2, 0, 1), (3, 1, 1, 1),
                                (1, 1, 0, 1), (4, 2, 2, 1), (5, 2, 1, 1), (3, 2, 1, 2),
                                (2, 1, 0, 3), (3, 3, 1, 1))]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("isa", ISAS)
def test_runs_match_the_reference_on_every_kernel_set(isa, dtype):
    """Square windows over 19 rows: blocks of 4 output rows (the shared-row paths) and single
    rows, with and without NaN (the exact recompute), in every run length."""
    rng = _rng(9)
    with use_isa(isa):
        for w, k, s, p, d in RUN_CASES:
            x = rng.standard_normal((1, 2, 19, w)).astype(dtype)
            x[0, 1, 7, ::5] = np.nan  # plane 1 only: plane 0 stays on the fast rule
            kk, ss, pp = (k, k), (s, s), (p, p)
            y, idx = fastconv.max_pool2d(x, kk, ss, pp, d, return_indices=True)
            ry, ridx = max_pool2d_ref(x, kk, ss, pp, d)
            np.testing.assert_array_equal(y, ry.astype(dtype), err_msg=str((w, k, s, p, d)))
            np.testing.assert_array_equal(idx, ridx, err_msg=str((w, k, s, p, d)))
            np.testing.assert_array_equal(fastconv.max_pool2d(x, kk, ss, pp, d), y)
            g = rng.standard_normal(y.shape).astype(dtype)
            _close(fastconv.max_pool2d_backward(g, idx, x.shape),
                   max_pool2d_backward_ref(g, idx, x.shape), dtype, k * k)
            if d != 1:
                continue
            xa = np.nan_to_num(x)
            y = fastconv.avg_pool2d(xa, kk, ss, pp, count_include_pad=False)
            _close(y, avg_pool2d_ref(xa, kk, ss, pp, count_include_pad=False), dtype)
            for ceil in (False, True):
                ya = avg_pool2d_ref(xa, kk, ss, pp, ceil)
                g = rng.standard_normal(ya.shape).astype(dtype)
                dx = fastconv.avg_pool2d_backward(g, xa.shape, kk, ss, pp, ceil)
                _close(dx, avg_pool2d_backward_ref(g, xa.shape, kk, ss, pp, ceil), dtype)


@pytest.mark.skipif(len(ISAS) < 2, reason="only the portable kernels run here")
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_kernel_sets_give_the_same_bits(dtype):
    """The SIMD kernels add and compare in the scalar kernels' order: identical results."""
    rng = _rng(10)
    x = rng.standard_normal((2, 3, 23, 61)).astype(dtype)
    x[rng.random(x.shape) < 0.02] = np.nan
    xa = rng.standard_normal((2, 3, 23, 61)).astype(dtype)
    results = {}
    for isa in ISAS:
        with use_isa(isa):
            out = []
            for seed, (k, s, p, d) in enumerate(((3, 2, 1, 1), (2, 2, 0, 1), (3, 1, 1, 1),
                                                 (4, 2, 2, 2), (5, 3, 2, 1),
                                                 ((3, 2), (1, 2), (1, 0), 1))):
                out += list(fastconv.max_pool2d(x, k, s, p, d, return_indices=True))
                if d == 1:
                    y = fastconv.avg_pool2d(xa, k, s, p, True)
                    g = _rng(seed).standard_normal(y.shape).astype(dtype)
                    out += [y, fastconv.avg_pool2d_backward(g, xa.shape, k, s, p, True)]
            results[isa] = out
    assert len(results[ISAS[0]]) == len(results[ISAS[1]]) == 22
    for a, b in zip(results[ISAS[0]], results[ISAS[1]]):
        np.testing.assert_array_equal(a, b)


# ---- threads: bitwise identical for 1, 2 and 3 threads ----

@pytest.mark.parametrize("shape", [(1, 1, 67, 45), (2, 3, 31, 29), (4, 16, 12, 12)],
                         ids=["one-plane", "few-planes", "many-planes"])
def test_threads_give_the_same_bits(shape):
    rng = _rng(11)
    x = rng.standard_normal(shape).astype(np.float32)
    runs = []
    for t in (1, 2, 3):
        with fastconv.num_threads(t):
            y, idx = fastconv.max_pool2d(x, 3, 2, 1, return_indices=True)
            g = _rng(12).standard_normal(y.shape).astype(np.float32)
            a = fastconv.avg_pool2d(x, 3, 2, 1, ceil_mode=True)
            ga = _rng(13).standard_normal(a.shape).astype(np.float32)
            ad = fastconv.adaptive_avg_pool2d(x, (5, 7))
            gd = _rng(14).standard_normal(ad.shape).astype(np.float32)
            runs.append([y, idx, fastconv.max_pool2d_backward(g, idx, shape), a,
                         fastconv.avg_pool2d_backward(ga, shape, 3, 2, 1, ceil_mode=True), ad,
                         fastconv.adaptive_avg_pool2d_backward(gd, shape)])
    for other in runs[1:]:
        for a, b in zip(runs[0], other):
            np.testing.assert_array_equal(a, b)


# ---- backward: overlapping windows, adjoint identities ----

@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_max_pool_backward_adds_where_windows_overlap(dtype):
    x = np.zeros((1, 1, 5, 5), dtype)
    x[0, 0, 2, 2] = 1.0  # the maximum of all 9 overlapping 3x3 stride-1 windows
    y, idx = fastconv.max_pool2d(x, 3, 1, return_indices=True)
    assert np.all(idx == 12)
    dx = fastconv.max_pool2d_backward(np.ones_like(y), idx, x.shape)
    assert dx[0, 0, 2, 2] == 9 and dx.sum() == 9


def test_avg_pool_backward_is_the_adjoint_of_the_forward():
    rng = _rng(15)
    for k, s, p, ceil, cip, dov in ((3, 2, 1, True, True, None), (3, 2, 1, True, False, None),
                                    (4, 3, 2, True, True, 5), ((2, 3), (1, 2), (1, 1), False,
                                                               False, None)):
        x = rng.standard_normal((2, 2, 13, 16))
        y = fastconv.avg_pool2d(x, k, s, p, ceil, cip, dov)
        g = rng.standard_normal(y.shape)
        dx = fastconv.avg_pool2d_backward(g, x.shape, k, s, p, ceil, cip, dov)
        np.testing.assert_allclose(np.vdot(y, g), np.vdot(x, dx), rtol=1e-12)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_unbatched_and_empty_batch(dtype):
    x = _rng(16).standard_normal((3, 9, 11)).astype(dtype)
    y, idx = fastconv.max_pool2d(x, 3, 2, 1, return_indices=True)
    y4, idx4 = fastconv.max_pool2d(x[None], 3, 2, 1, return_indices=True)
    np.testing.assert_array_equal(y, y4[0])
    np.testing.assert_array_equal(fastconv.max_pool2d_backward(y, idx, x.shape),
                                  fastconv.max_pool2d_backward(y4, idx4, (1,) + x.shape)[0])
    a = fastconv.avg_pool2d(x, 2)
    assert a.shape == (3, 4, 5)
    assert fastconv.avg_pool2d_backward(a, x.shape, 2).shape == x.shape
    assert fastconv.adaptive_avg_pool2d(x, 2).shape == (3, 2, 2)
    e = np.zeros((0, 3, 9, 11), dtype)
    assert fastconv.max_pool2d(e, 3, return_indices=True)[1].shape == (0, 3, 3, 3)
    assert fastconv.avg_pool2d(e, 3).shape == (0, 3, 3, 3)
    assert fastconv.avg_pool2d_backward(np.zeros((0, 3, 3, 3), dtype), e.shape, 3).shape == e.shape
    assert fastconv.adaptive_avg_pool2d(e, 4).shape == (0, 3, 4, 4)
    ge = np.zeros((0, 3, 3, 3), dtype)
    assert fastconv.max_pool2d_backward(ge, ge.astype(np.int64), e.shape).shape == e.shape
    assert fastconv.adaptive_avg_pool2d_backward(ge, e.shape).shape == e.shape


def test_inputs_are_not_modified_and_any_layout_is_accepted():
    x = _rng(17).standard_normal((2, 3, 12, 14)).astype(np.float32)
    xf = np.asfortranarray(x)
    xs = np.ascontiguousarray(x[:, :, ::-1, :])[:, :, ::-1, :]  # negative strides
    before = x.copy()
    for v in (xf, xs):
        for fn in (fastconv.max_pool2d, fastconv.avg_pool2d):
            np.testing.assert_array_equal(fn(v, 3, 2, 1), fn(x, 3, 2, 1))
    np.testing.assert_array_equal(x, before)


# ---- adaptive average pooling ----

@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("hw, out", [((7, 7), (1, 1)), ((13, 11), (5, 4)), ((5, 7), (5, 7)),
                                     ((6, 9), (4, None)), ((4, 3), (9, 7)), ((1, 1), (3, 2)),
                                     ((16, 16), (2, 2)), ((10, 3), (3, 1))])
def test_adaptive_avg_pool(hw, out, dtype):
    x = _rng(18).standard_normal((2, 3) + hw).astype(dtype)
    y = fastconv.adaptive_avg_pool2d(x, out)
    full = tuple(hw[i] if o is None else o for i, o in enumerate(out))
    terms = (hw[0] // full[0] + 2) * (hw[1] // full[1] + 2)
    _close(y, adaptive_avg_pool2d_ref(x, full), dtype, terms)
    g = _rng(19).standard_normal(y.shape).astype(dtype)
    dx = fastconv.adaptive_avg_pool2d_backward(g, x.shape)
    _close(dx, adaptive_avg_pool2d_backward_ref(g, x.shape), dtype, 4 * terms)


def test_adaptive_avg_pool_output_size_zero_is_empty():
    x = np.ones((1, 2, 5, 5), np.float32)
    assert fastconv.adaptive_avg_pool2d(x, 0).shape == (1, 2, 0, 0)
    assert fastconv.adaptive_avg_pool2d(x, (0, 3)).shape == (1, 2, 0, 3)
    dx = fastconv.adaptive_avg_pool2d_backward(np.ones((1, 2, 0, 3), np.float32), x.shape)
    np.testing.assert_array_equal(dx, 0)


def test_global_average_pool_of_a_large_plane_is_accurate():
    """Sums run in float64 even for float32 input."""
    x = np.full((1, 1, 300, 300), 0.1, np.float32)
    y = fastconv.adaptive_avg_pool2d(x, 1)
    assert y[0, 0, 0, 0] == np.float32(np.float64(np.float32(0.1)))
