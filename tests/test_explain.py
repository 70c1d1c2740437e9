"""fastconv.explain: the facts it reports agree with what the functions compute, and bad
arguments fail like conv2d's."""
import numpy as np
import pytest

import fastconv
from fastconv._choice import PASSES, choose_algorithm
from fastconv.conv import _geometry

CASES = [
    ((8, 3, 227, 227), (96, 3, 11, 11), dict(stride=4)),
    ((1, 256, 56, 56), (256, 256, 3, 3), dict(padding=1)),
    ((8, 128, 56, 56), (128, 1, 3, 3), dict(padding=1, groups=128)),
    ((3, 17, 9), (6, 3, 2, 3), dict(padding="same", dilation=(2, 1))),
    ((0, 4, 8, 8), (6, 2, 3, 3), dict(groups=2)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("xs, ws, kw", CASES, ids=[str(i) for i in range(len(CASES))])
def test_facts_match_the_functions(xs, ws, kw, dtype):
    e = fastconv.explain(xs, ws, dtype=dtype, **kw)
    assert isinstance(e, dict)
    assert e["output_shape"] == fastconv.conv2d_output_shape(xs, ws, **kw)
    n = 1 if len(xs) == 3 else xs[0]
    oh, ow = e["output_shape"][-2:]
    assert e["flops"] == 2 * n * ws[0] * oh * ow * ws[1] * ws[2] * ws[3]
    assert e["dtype"] == np.dtype(dtype).name
    full = xs if len(xs) == 4 else (1,) + tuple(xs)
    geom, _ = _geometry("t", full, ws, kw.get("stride", 1), kw.get("padding", 0),
                        kw.get("dilation", 1), kw.get("groups", 1))
    assert set(e["passes"]) == set(PASSES)
    for name, info in e["passes"].items():
        assert info["algorithm"] == choose_algorithm(name, geom, np.dtype(dtype))
        assert info["reason"]
        for algo, nbytes in info["workspace_bytes"].items():
            assert algo in ("direct", "im2col")
            assert isinstance(nbytes, int) and nbytes >= 0
            if n > 0:
                assert nbytes > 0
    report = str(e)
    assert str(tuple(e["output_shape"])) in report
    for name in ("forward", "backward to the input", "backward to the weight"):
        assert name in report


def test_workspace_does_not_grow_with_the_batch():
    small = fastconv.explain((8, 64, 56, 56), (64, 64, 3, 3), padding=1)
    large = fastconv.explain((512, 64, 56, 56), (64, 64, 3, 3), padding=1)
    for name in PASSES:
        for algo in ("direct", "im2col"):
            assert (large["passes"][name]["workspace_bytes"][algo]
                    <= small["passes"][name]["workspace_bytes"][algo])


def test_direct_workspace_is_bounded_by_the_layer_not_the_image():
    # the direct convolution's extra memory is the packed weights plus per-thread tiles of a
    # bounded size: a 16x larger image must not need a 16x larger workspace
    a = fastconv.explain((1, 32, 64, 64), (32, 32, 3, 3), padding=1)
    b = fastconv.explain((1, 32, 256, 256), (32, 32, 3, 3), padding=1)
    for name in PASSES:
        wa = a["passes"][name]["workspace_bytes"]["direct"]
        wb = b["passes"][name]["workspace_bytes"]["direct"]
        assert wb <= 2 * wa + 2**20


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(dtype=np.int32), TypeError, "dtype"),
    (dict(dtype=np.float16), TypeError, "dtype"),
    (dict(stride=0), ValueError, "stride"),
    (dict(groups=3), ValueError, "groups"),
    (dict(padding="full"), ValueError, "padding"),
])
def test_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fastconv.explain((2, 6, 8, 8), (4, 6, 3, 3), **kwargs)


def test_bad_shapes():
    with pytest.raises(ValueError, match="x_shape"):
        fastconv.explain((2, 6, 8), (4, 6, 3, 3))  # 3-D is (C, H, W): 2 channels, not 6
    with pytest.raises(ValueError, match="w_shape"):
        fastconv.explain((2, 6, 8, 8), (4, 6, 3))
    with pytest.raises(TypeError, match="x_shape"):
        fastconv.explain("2,6,8,8", (4, 6, 3, 3))
