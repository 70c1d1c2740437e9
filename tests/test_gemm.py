"""The packed GEMM (fastconv.matmul and the raw _ext.gemm) against numpy.matmul in float64.

Sizes are named by how they relate to the micro-tile (MR x NR) and the cache blocks (MC, KC, NC)
of the kernel set in use; the whole module runs on every kernel set this CPU can run."""
import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa

DTYPES = [np.float32, np.float64]
ISAS = _ext.isa_available()


@pytest.fixture(params=ISAS)
def isa(request):
    with use_isa(request.param):
        yield request.param


def tile(dtype):
    return _ext.gemm_tile(np.dtype(dtype) == np.float64)


def blocks(dtype):
    return _ext.gemm_blocks(np.dtype(dtype) == np.float64)


def sizes(dtype):
    """(name, M, N, K) around the tile (MR x NR) and the cache blocks (KC, MC, NC, MS) of the kernel
    set in use, covering the engine's three loop orders: all of A resident (M x K <= MS x KC),
    A resident per KC block (M <= MS), and the classic NC / KC / MC blocking (M > MS)."""
    mr, nr = tile(dtype)
    kc, mc, nc, ms = blocks(dtype)
    return [
        ("one", 1, 1, 1),
        ("m_lt_mr", mr - 1, nr, 7),
        ("m_gt_mr", mr + 1, nr, 7),
        ("n_lt_nr", mr, nr - 1, 9),
        ("n_gt_nr", mr, nr + 1, 9),
        ("n_lt_half_nr", mr, nr // 2 - 1, 9),
        ("subtile_m_n", mr + 1, nr + 3, 1),
        ("k_gt_kc", 2 * mr + 1, 2 * nr + 1, kc + 1),
        ("k_2kc_plus", 13, 35, 2 * kc + 1),
        ("m_gt_mc", mc + 1, 17, 31),
        ("m_gt_2mc", 2 * mc + 13, 5, 3),
        ("m_le_ms_k_gt_kc", ms - 1, nr + 3, kc + 1),
        ("m_gt_ms", ms + mr + 3, 2 * nr + 5, kc + 7),
        ("m_gt_ms_n_gt_nc", ms + 1, nc + 1, 5),
        ("n_gt_nc", 3, nc + 1, 5),
        ("tall_skinny", 1000, 3, 40),
        ("wide", 2, 1500, 300),
        ("square_odd", 129, 131, 127),
    ]


def operands(rng, M, N, K, dtype):
    a = rng.uniform(-1, 1, (M, K)).astype(dtype)
    b = rng.uniform(-1, 1, (K, N)).astype(dtype)
    return a, b


def check(c, a, b):
    ref = a.astype(np.float64) @ b.astype(np.float64)
    K = a.shape[1]
    if c.dtype == np.float64:
        tol = 1e-13 * max(K, 1)
    else:
        tol = 2e-6 * np.sqrt(max(K, 1)) * 4
    np.testing.assert_allclose(c, ref, rtol=0, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sizes_around_tiles_and_blocks(isa, dtype):
    rng = np.random.default_rng(1)
    for name, M, N, K in sizes(dtype):
        a, b = operands(rng, M, N, K, dtype)
        c = fastconv.matmul(a, b)
        assert c.dtype == dtype and c.shape == (M, N), name
        check(c, a, b)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
def test_transposes(isa, dtype, ta, tb):
    """Fortran-ordered operands go to the kernel as transposes, without a copy."""
    rng = np.random.default_rng(2)
    mr, nr = tile(dtype)
    for M, N, K in [(mr + 1, nr + 1, 300), (37, 53, 19)]:
        a, b = operands(rng, M, N, K, dtype)
        a_in = np.asfortranarray(a) if ta else a
        b_in = np.asfortranarray(b) if tb else b
        check(fastconv.matmul(a_in, b_in), a, b)
        # and through the raw wrapper with explicit transposes
        c = np.empty((M, N), dtype)
        _ext.gemm(ta, tb, a.T.copy() if ta else a, b.T.copy() if tb else b, c, False, 2)
        check(c, a, b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_accumulate_and_overwrite_never_reads_c(isa, dtype):
    rng = np.random.default_rng(3)
    mr, nr = tile(dtype)
    M, N, K = 2 * mr + 1, 2 * nr + 3, 300
    a, b = operands(rng, M, N, K, dtype)
    c = np.full((M, N), np.nan, dtype)
    _ext.gemm(False, False, a, b, c, False, 2)     # overwrite: the NaNs must not leak in
    check(c, a, b)
    c0 = rng.uniform(-1, 1, (M, N)).astype(dtype)
    c = c0.copy()
    _ext.gemm(False, False, a, b, c, True, 2)      # accumulate
    ref = c0.astype(np.float64) + a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(c, ref, rtol=0, atol=1e-4 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_empty_and_zero_k(dtype):
    a = np.zeros((3, 0), dtype)
    b = np.zeros((0, 4), dtype)
    c = fastconv.matmul(a, b)
    assert c.shape == (3, 4) and not c.any()
    assert fastconv.matmul(np.zeros((0, 5), dtype), np.zeros((5, 2), dtype)).shape == (0, 2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_special_values_propagate(dtype):
    a = np.ones((7, 5), dtype)
    b = np.ones((5, 19), dtype)
    a[2, 3] = np.nan
    b[1, 4] = np.inf
    c = fastconv.matmul(a, b)
    ref = a @ b
    np.testing.assert_array_equal(np.isnan(c), np.isnan(ref))
    np.testing.assert_array_equal(np.isinf(c), np.isinf(ref))


@pytest.mark.parametrize("dtype", DTYPES)
def test_bitwise_equal_across_thread_counts(isa, dtype):
    rng = np.random.default_rng(4)
    for M, N, K in [(301, 517, 600), (5, 4100, 70), (700, 9, 513)]:
        a, b = operands(rng, M, N, K, dtype)
        results = []
        for n in (1, 2, 3):
            with fastconv.num_threads(n):
                results.append(fastconv.matmul(a, b))
        assert np.array_equal(results[0], results[1])
        assert np.array_equal(results[0], results[2])


@pytest.mark.parametrize("dtype", DTYPES)
def test_kernel_sets_agree(dtype):
    if len(ISAS) < 2:
        pytest.skip("only the generic kernels run here")
    rng = np.random.default_rng(5)
    a, b = operands(rng, 67, 45, 300, dtype)
    out = {}
    for name in ISAS:
        with use_isa(name):
            out[name] = fastconv.matmul(a, b)
    for name in ISAS[1:]:
        np.testing.assert_allclose(out[name], out["generic"], rtol=0,
                                   atol=1e-4 if dtype == np.float32 else 1e-12, err_msg=name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("accumulate", [False, True])
def test_no_access_outside_c(isa, dtype, accumulate):
    """Edge tiles (m < MR, n < NR, masked or through a stack tile) write only C[0:M, 0:N]: C sits
    inside a larger buffer whose guard elements before and after it must stay untouched."""
    rng = np.random.default_rng(7)
    mr, nr = tile(dtype)
    for M, N, K in [(mr + 3, nr + 5, 11), (1, nr - 1, 3), (2 * mr - 1, 1, 300)]:
        a, b = operands(rng, M, N, K, dtype)
        guard = 37
        buf = np.full(M * N + 2 * guard, -7.0, dtype)
        c = buf[guard:guard + M * N].reshape(M, N)
        c0 = rng.uniform(-1, 1, (M, N)).astype(dtype)
        c[...] = c0
        _ext.gemm(False, False, a, b, c, accumulate, 2)
        ref = a.astype(np.float64) @ b.astype(np.float64) + (c0 if accumulate else 0)
        np.testing.assert_allclose(c, ref, rtol=0, atol=1e-4 if dtype == np.float32 else 1e-12)
        assert (buf[:guard] == -7.0).all() and (buf[guard + M * N:] == -7.0).all()


def test_out_argument():
    rng = np.random.default_rng(6)
    a, b = operands(rng, 10, 20, 30, np.float32)
    out = np.empty((10, 20), np.float32)
    assert fastconv.matmul(a, b, out=out) is out
    check(out, a, b)


@pytest.mark.parametrize("bad, exc, match", [
    (dict(a=np.ones((2, 3)), b=np.ones((4, 2))), ValueError, "columns"),
    (dict(a=np.ones((2, 3), np.float32), b=np.ones((3, 2))), TypeError, "dtype"),
    (dict(a=np.ones((2, 3), np.int64), b=np.ones((3, 2), np.int64)), TypeError, "dtype"),
    (dict(a=np.ones(3), b=np.ones((3, 2))), ValueError, "2-D"),
    (dict(a=np.ones((2, 3)), b=np.ones((3, 2)), out=np.ones((2, 3))), ValueError, "out"),
    (dict(a=np.ones((2, 3)), b=np.ones((3, 2)), out=np.ones((2, 2), np.float32)), ValueError,
     "out"),
])
def test_bad_arguments(bad, exc, match):
    with pytest.raises(exc, match=match):
        fastconv.matmul(bad.pop("a"), bad.pop("b"), **bad)


def test_out_overlapping_input_rejected():
    a = np.ones((4, 4))
    with pytest.raises(ValueError, match="overlaps a"):
        fastconv.matmul(a, np.ones((4, 4)), out=a)
