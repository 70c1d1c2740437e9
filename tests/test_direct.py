"""The direct convolution's own edge cases: shapes that break naive blocking (channel and output
counts that are not multiples of any tile or block, outputs one wide, rows split into segments,
several channel blocks, several row bands, runs that flow across rows), the polyphase backward to the input (phases that no
tap reaches, strides larger than the kernel), the depthwise row kernels, every kernel set, and
bitwise-identical results for 1, 2 and 3 threads. The whole correctness grid of test_conv.py runs
with algorithm="direct" too; here direct must also agree with im2col."""
import zlib

import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa
from conftest import assert_close_to_scale, uniform
from reference import conv2d_backward_input_ref, conv2d_backward_weight_ref, conv2d_ref

# (name, x shape, weight shape, kwargs)
EDGE_CASES = [
    ("k1_c1", (2, 1, 9, 10), (1, 1, 3, 3), dict(padding=1)),
    ("k5_c3_odd", (2, 3, 11, 13), (5, 3, 3, 3), dict(padding=1)),
    ("k7_not_tile_multiple", (1, 5, 10, 9), (7, 5, 3, 2), dict(padding=(1, 0))),
    ("k13_c17", (1, 17, 8, 8), (13, 17, 3, 3), dict(padding=1)),
    ("out_width_one", (2, 3, 9, 3), (4, 3, 3, 3), {}),
    ("out_1x1", (2, 4, 3, 3), (5, 4, 3, 3), {}),
    ("width_below_vector", (1, 3, 7, 5), (6, 3, 3, 3), dict(padding=1)),
    ("width_one", (2, 3, 8, 1), (4, 3, 3, 1), dict(padding=(1, 0))),
    ("wide_rows_in_segments", (1, 48, 4, 1500), (5, 48, 3, 3), dict(padding=1)),
    ("many_channel_blocks", (1, 300, 6, 7), (6, 300, 3, 3), dict(padding=1)),
    ("tall_many_bands", (1, 8, 300, 12), (4, 8, 3, 3), dict(padding=1)),
    ("weight_grad_channel_blocks", (2, 40, 9, 10), (64, 40, 3, 3), dict(padding=1)),
    ("stride_larger_than_kernel", (2, 3, 13, 14), (4, 3, 2, 2), dict(stride=3)),
    ("stride4_phases_without_taps", (1, 3, 17, 19), (5, 3, 3, 2), dict(stride=4, padding=1)),
    ("stride_2x3_dilated", (1, 4, 15, 16), (6, 4, 3, 3), dict(stride=(2, 3), padding=2,
                                                          dilation=(2, 1))),
    ("alexnet_like", (1, 3, 47, 47), (8, 3, 11, 11), dict(stride=4)),
    ("padding_beyond_kernel", (1, 3, 6, 6), (4, 3, 3, 3), dict(padding=4)),
    ("same_even_kernel", (1, 3, 9, 10), (4, 3, 4, 2), dict(padding="same")),
    ("pointwise_strided", (2, 6, 9, 8), (5, 6, 1, 1), dict(stride=2)),
    ("depthwise", (2, 8, 13, 12), (8, 1, 3, 3), dict(padding=1, groups=8)),
    ("depthwise_mult2", (1, 4, 10, 11), (8, 1, 3, 3), dict(padding=1, groups=4)),
    ("depthwise_mult3_stride2", (1, 3, 12, 11), (9, 1, 3, 3), dict(stride=2, padding=1,
                                                                   groups=3)),
    ("depthwise_5x5_dilated", (1, 5, 14, 15), (5, 1, 5, 5), dict(padding=4, dilation=2,
                                                                 groups=5)),
    ("depthwise_wide_row", (1, 2, 5, 200), (2, 1, 3, 3), dict(padding=1, groups=2)),
    ("depthwise_1x1", (1, 6, 5, 7), (6, 1, 1, 1), dict(groups=6)),
    ("groups_one_channel_each", (2, 2, 7, 8), (4, 1, 3, 3), dict(groups=2)),
    ("groups3", (1, 6, 9, 9), (9, 2, 3, 3), dict(padding=1, groups=3)),
    # stride 1 with rows narrower than a few vectors: runs flow from one row into the next
    ("flat_runs_w10", (2, 5, 9, 10), (6, 5, 3, 3), dict(padding=1)),
    ("flat_runs_channel_blocks", (1, 300, 5, 10), (5, 300, 3, 3), dict(padding=1)),
    ("flat_pointwise_rows_joined", (2, 7, 5, 7), (9, 7, 1, 1), {}),
    ("flat_dilated", (1, 4, 12, 11), (4, 4, 3, 3), dict(padding=2, dilation=2)),
    ("flat_width2", (1, 3, 6, 2), (4, 3, 3, 1), dict(padding=(1, 0))),
]
EDGE_IDS = [c[0] for c in EDGE_CASES]


def _data(name, xs, ws, kw, dtype):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x = uniform(rng, xs, dtype)
    w = uniform(rng, ws, dtype)
    b = uniform(rng, (ws[0],), dtype)
    y_shape = fastconv.conv2d_output_shape(xs, ws, **kw)
    g = uniform(rng, y_shape, dtype)
    return x, w, b, g


def _passes(x, w, b, g, kw, algorithm):
    return (fastconv.conv2d(x, w, b, algorithm=algorithm, **kw),
            fastconv.conv2d_backward_input(g, w, x.shape, algorithm=algorithm, **kw),
            fastconv.conv2d_backward_weight(g, x, w.shape, algorithm=algorithm, **kw))


def _check_against_reference(results, x, w, b, g, kw, dtype):
    y, dx, dw = results
    x64, w64, b64, g64 = (a.astype(np.float64) for a in (x, w, b, g))
    factor = 3e-6 if dtype == np.float32 else 1e-13
    k, cg, r, s = w.shape
    assert_close_to_scale(y, conv2d_ref(x64, w64, b64, **kw), cg * r * s, factor)
    assert_close_to_scale(dx, conv2d_backward_input_ref(g64, w64, x.shape, **kw), k * r * s,
                          factor)
    assert_close_to_scale(dw, conv2d_backward_weight_ref(g64, x64, w.shape, **kw),
                          x.shape[0] * g.shape[2] * g.shape[3], factor)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, xs, ws, kw", EDGE_CASES, ids=EDGE_IDS)
def test_edge_cases_match_reference_and_im2col(name, xs, ws, kw, dtype):
    x, w, b, g = _data(name, xs, ws, kw, dtype)
    direct = _passes(x, w, b, g, kw, "direct")
    for a in direct:
        assert a.dtype == dtype
    _check_against_reference(direct, x, w, b, g, kw, dtype)
    im2col = _passes(x, w, b, g, kw, "im2col")
    for d, i in zip(direct, im2col):
        # the two algorithms sum in different orders: equal to rounding
        scale = max(1.0, float(np.max(np.abs(i))))
        tol = 2e-4 if dtype == np.float32 else 1e-11
        np.testing.assert_allclose(d, i, rtol=0, atol=tol * scale)


@pytest.mark.parametrize("isa", _ext.isa_available())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, xs, ws, kw", EDGE_CASES[::3], ids=EDGE_IDS[::3])
def test_every_kernel_set(name, xs, ws, kw, dtype, isa):
    x, w, b, g = _data(name, xs, ws, kw, dtype)
    with use_isa(isa):
        results = _passes(x, w, b, g, kw, "direct")
    _check_against_reference(results, x, w, b, g, kw, dtype)


THREAD_CASES = [c for c in EDGE_CASES if c[0] in (
    "k5_c3_odd", "many_channel_blocks", "tall_many_bands", "weight_grad_channel_blocks",
    "stride4_phases_without_taps", "stride_2x3_dilated", "depthwise", "depthwise_mult3_stride2",
    "wide_rows_in_segments", "flat_runs_channel_blocks", "flat_dilated")] + [
    ("resnet_block", (2, 64, 28, 28), (64, 64, 3, 3), dict(padding=1)),
    ("vgg_one_image", (1, 128, 20, 20), (96, 128, 3, 3), dict(padding=1)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, xs, ws, kw", THREAD_CASES, ids=[c[0] for c in THREAD_CASES])
def test_bitwise_equal_for_1_2_3_threads(name, xs, ws, kw, dtype):
    x, w, b, g = _data(name, xs, ws, kw, dtype)
    results = {}
    for threads in (1, 2, 3):
        with fastconv.num_threads(threads):
            results[threads] = _passes(x, w, b, g, kw, "direct")
    for threads in (2, 3):
        for a, b1 in zip(results[1], results[threads]):
            assert np.array_equal(a, b1), f"1 and {threads} threads differ"


def test_bias_is_added_once_with_several_channel_blocks():
    # 300 channels run in three blocks; the bias must be added once, after the last one
    name, xs, ws, kw = EDGE_CASES[EDGE_IDS.index("many_channel_blocks")]
    x, w, b, _ = _data(name, xs, ws, kw, np.float64)
    with_bias = fastconv.conv2d(x, w, b, algorithm="direct", **kw)
    without = fastconv.conv2d(x, w, None, algorithm="direct", **kw)
    np.testing.assert_allclose(with_bias - without, np.broadcast_to(b[:, None, None],
                                                                    with_bias.shape[1:])[None]
                               .repeat(with_bias.shape[0], 0), rtol=0, atol=1e-12)


def test_stale_output_is_overwritten():
    name, xs, ws, kw = EDGE_CASES[EDGE_IDS.index("many_channel_blocks")]
    x, w, b, _ = _data(name, xs, ws, kw, np.float32)
    out = np.full(fastconv.conv2d_output_shape(xs, ws, **kw), np.nan, np.float32)
    fastconv.conv2d(x, w, b, algorithm="direct", out=out, **kw)
    np.testing.assert_array_equal(out, fastconv.conv2d(x, w, b, algorithm="direct", **kw))


@pytest.mark.parametrize("groups", [1, 4])
def test_inf_outside_every_window_does_not_leak(groups):
    # a value no window reads (stride 3 skips the last columns and rows) must not reach any
    # output or gradient, even when it is inf or nan: the tile's spare lanes are never summed
    x = np.zeros((1, 4, 10, 10), np.float32)
    x[..., 9] = np.inf
    x[..., 9, :] = np.nan
    w = np.ones((4, 4 // groups, 3, 3), np.float32)
    kw = dict(stride=3, groups=groups)
    y = fastconv.conv2d(x, w, algorithm="direct", **kw)
    assert y.shape == (1, 4, 3, 3)
    assert np.all(np.isfinite(y))
    g = np.ones_like(y)
    dw = fastconv.conv2d_backward_weight(g, x, w.shape, algorithm="direct", **kw)
    assert np.all(np.isfinite(dw))


def test_nan_in_input_propagates_like_im2col():
    rng = np.random.default_rng(5)
    x = uniform(rng, (1, 3, 9, 9), np.float64)
    x[0, 1, 4, 4] = np.nan
    x[0, 2, 0, 0] = np.inf
    w = uniform(rng, (4, 3, 3, 3), np.float64)
    for kw in (dict(padding=1), dict(stride=2, padding=1)):
        d = fastconv.conv2d(x, w, algorithm="direct", **kw)
        i = fastconv.conv2d(x, w, algorithm="im2col", **kw)
        np.testing.assert_array_equal(np.isnan(d), np.isnan(i))
        np.testing.assert_array_equal(np.isinf(d), np.isinf(i))
