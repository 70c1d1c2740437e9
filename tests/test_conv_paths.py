"""The convolution's internal strategies, each driven on purpose and checked against the
reference: the GEMM's two loop orders (up to 256 output rows A stays packed whole; more rows take
the classic order), the 1x1 stride-1 path that skips im2col, the stride-1 gradient to the input
computed as a forward convolution with the flipped kernel (16 or more channels per group), the
chunked dcol + col2im path (more than 2^20 dcol elements per image), the weight gradient whose
reduction blocks straddle images, and images run one per thread versus a GEMM split between
threads. Every case runs with 1 and 2 threads, which must agree bitwise."""
import zlib

import numpy as np
import pytest

import fastconv
from conftest import assert_close_to_scale, uniform
from reference import (conv2d_backward_input_ref, conv2d_backward_weight_ref, conv2d_ref)

# (name, x shape, weight shape, kwargs)
CASES = [
    ("classic_order_k300", (1, 5, 9, 8), (300, 5, 3, 3), dict(padding=1)),
    ("a_resident_k64", (2, 8, 10, 11), (64, 8, 3, 3), dict(padding=1)),
    ("pointwise", (2, 40, 7, 9), (24, 40, 1, 1), {}),
    ("pointwise_groups", (2, 32, 5, 6), (16, 8, 1, 1), dict(groups=4)),
    ("bwd_input_as_forward", (2, 32, 9, 10), (8, 32, 3, 3), dict(padding=1)),
    ("bwd_input_as_forward_same_even", (1, 16, 8, 9), (5, 16, 4, 2), dict(padding="same")),
    ("bwd_input_as_forward_dilated", (1, 16, 12, 11), (4, 16, 3, 3),
     dict(padding=(2, 1), dilation=(2, 1))),
    ("bwd_input_as_forward_groups", (2, 32, 7, 7), (12, 16, 3, 3), dict(padding=1, groups=2)),
    ("bwd_input_as_forward_no_pad", (1, 20, 8, 8), (6, 20, 3, 2), {}),
    ("bwd_input_pad_beyond_kernel", (1, 16, 6, 6), (4, 16, 3, 3), dict(padding=3)),
    ("dcol_chunks_stride2", (1, 64, 98, 96), (8, 64, 3, 3), dict(stride=2, padding=1)),
    ("dcol_chunks_stride1_wide_pad", (1, 20, 90, 90), (4, 20, 3, 3), dict(padding=3)),
    ("weight_grad_kc_straddles_images", (3, 4, 13, 11), (7, 4, 3, 3), dict(padding=1)),
    ("many_small_images", (9, 3, 6, 5), (5, 3, 3, 3), dict(stride=(1, 2))),
    ("one_big_image_inner_split", (1, 24, 40, 40), (40, 24, 3, 3), dict(padding=1)),
    ("three_images_two_threads", (3, 24, 30, 30), (40, 24, 3, 3), dict(padding=1)),
]


@pytest.mark.parametrize("name, xs, ws, kw", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_pass_on_each_path(name, xs, ws, kw, dtype):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x = uniform(rng, xs, dtype)
    w = uniform(rng, ws, dtype)
    b = uniform(rng, (ws[0],), dtype)
    y_ref = conv2d_ref(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64), **kw)
    g = uniform(rng, y_ref.shape, dtype)
    dx_ref = conv2d_backward_input_ref(g.astype(np.float64), w.astype(np.float64), xs, **kw)
    dw_ref = conv2d_backward_weight_ref(g.astype(np.float64), x.astype(np.float64), ws, **kw)
    results = {}
    for threads in (1, 2):
        with fastconv.num_threads(threads):
            results[threads] = (
                fastconv.conv2d(x, w, b, algorithm="im2col", **kw),
                fastconv.conv2d_backward_input(g, w, xs, algorithm="im2col", **kw),
                fastconv.conv2d_backward_weight(g, x, ws, algorithm="im2col", **kw),
            )
    y, dx, dw = results[1]
    factor = 3e-6 if dtype == np.float32 else 1e-13
    assert_close_to_scale(y, y_ref, ws[1] * ws[2] * ws[3], factor)
    assert_close_to_scale(dx, dx_ref, ws[0] * ws[2] * ws[3], factor)
    assert_close_to_scale(dw, dw_ref, xs[0] * y_ref.shape[2] * y_ref.shape[3], factor)
    for a, b2 in zip(results[1], results[2]):
        assert np.array_equal(a, b2), "1 and 2 threads differ"
