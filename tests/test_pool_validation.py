"""Argument checking of pooling, ReLU and the dense layer: every rule raises ValueError or
TypeError with a message naming the function and the offending argument, before any C code."""
import numpy as np
import pytest

import fastconv

X = np.zeros((2, 3, 8, 9), np.float32)


def _raises(exc, match, fn, *args, **kwargs):
    with pytest.raises(exc, match=match) as info:
        fn(*args, **kwargs)
    assert fn.__name__ in str(info.value)


POOLS = [
    lambda x, **kw: fastconv.max_pool2d(x, **kw),
    lambda x, **kw: fastconv.avg_pool2d(x, **kw),
    lambda x, **kw: fastconv.avg_pool2d_backward(
        np.zeros((2, 3, 4, 4), np.float32), x.shape, **kw),
]


def _pool(i, x=X, **kw):
    kw.setdefault("kernel_size", 2)
    return POOLS[i](x, **kw)


@pytest.mark.parametrize("i", range(3))
@pytest.mark.parametrize("kw, exc, match", [
    (dict(kernel_size=0), ValueError, "kernel_size must be positive"),
    (dict(kernel_size=(2, -1)), ValueError, "kernel_size must be positive"),
    (dict(kernel_size=(2, 2, 2)), ValueError, "kernel_size must be an integer or a pair"),
    (dict(kernel_size=2.0), TypeError, "kernel_size must be an integer"),
    (dict(kernel_size=True), TypeError, "kernel_size must be an integer"),
    (dict(stride=0), ValueError, "stride must be positive"),
    (dict(stride=(1, -2)), ValueError, "stride must be positive"),
    (dict(padding=-1), ValueError, "padding must be non-negative"),
    (dict(kernel_size=3, padding=2), ValueError, "padding .* at most half of kernel_size"),
    (dict(kernel_size=(4, 2), padding=(2, 2)), ValueError, "padding .* at most half"),
    (dict(kernel_size=10), ValueError, "does not fit the input"),
    (dict(kernel_size=2 ** 50), ValueError, "kernel_size = .* is too large"),
    (dict(kernel_size=2, stride=2 ** 63), ValueError, "stride = .* does not fit in 64 bits"),
])
def test_pool_arguments(i, kw, exc, match):
    with pytest.raises(exc, match=match):
        _pool(i, **kw)


def test_pool_dilation_and_divisor():
    for bad in (0, -1, (1, 0)):
        _raises(ValueError, "dilation must be positive", fastconv.max_pool2d, X, 2, dilation=bad)
    _raises(ValueError, "does not fit the input", fastconv.max_pool2d, X, 3, dilation=4)
    _raises(ValueError, "divisor_override must be a nonzero integer", fastconv.avg_pool2d, X, 2,
            divisor_override=0)
    _raises(TypeError, "divisor_override must be an integer", fastconv.avg_pool2d, X, 2,
            divisor_override=1.5)
    _raises(ValueError, "divisor_override must be a nonzero integer",
            fastconv.avg_pool2d_backward, np.zeros((2, 3, 4, 4), np.float32), X.shape, 2,
            divisor_override=0)


@pytest.mark.parametrize("fn", [fastconv.max_pool2d, fastconv.avg_pool2d])
def test_pool_inputs(fn):
    _raises(TypeError, "x must have dtype float32 or float64", fn, X.astype(np.int32), 2)
    _raises(TypeError, "x must have dtype float32 or float64", fn, X.astype(np.float16), 2)
    _raises(ValueError, "x must be 3-D or 4-D", fn, np.zeros((8, 9), np.float32), 2)
    _raises(ValueError, "x must have non-zero channels, height and width", fn,
            np.zeros((2, 0, 8, 9), np.float32), 2)
    _raises(ValueError, "x must have non-zero", fn, np.zeros((2, 3, 0, 9), np.float32), 2)
    _raises(TypeError, "x must be an array, got None", fn, None, 2)


def test_stride_none_or_empty_defaults_to_kernel_size():
    x = np.random.default_rng(0).standard_normal((1, 1, 8, 9))
    a = fastconv.max_pool2d(x, (2, 3))
    np.testing.assert_array_equal(a, fastconv.max_pool2d(x, (2, 3), stride=(2, 3)))
    np.testing.assert_array_equal(a, fastconv.max_pool2d(x, (2, 3), stride=()))
    np.testing.assert_array_equal(fastconv.avg_pool2d(x, 2, stride=[]),
                                  fastconv.avg_pool2d(x, 2, 2))


def test_max_pool2d_backward_checks_its_indices():
    x = np.random.default_rng(1).standard_normal((2, 3, 8, 9)).astype(np.float32)
    y, idx = fastconv.max_pool2d(x, 2, return_indices=True)
    fn = fastconv.max_pool2d_backward
    for bad in (72, 10 ** 6, -2, -(2 ** 62)):
        wrong = idx.copy()
        wrong[1, 2, 3, 1] = bad
        _raises(ValueError, f"indices hold {bad}, outside the input plane of 8x9 = 72", fn, y,
                wrong, x.shape)
    _raises(ValueError, "indices has shape .* grad_out has shape", fn, y, idx[:, :, :3], x.shape)
    _raises(TypeError, "indices must be an integer array", fn, y, idx.astype(np.float64), x.shape)
    # other integer dtypes are accepted and give the same result
    np.testing.assert_array_equal(fn(y, idx.astype(np.int32), x.shape), fn(y, idx, x.shape))
    _raises(ValueError, "outside the input plane", fn, y,
            np.full(idx.shape, 2 ** 64 - 1, np.uint64), x.shape)
    _raises(ValueError, "input_shape must have 4 entries", fn, y, idx, (3, 8, 9))
    _raises(ValueError, "does not match input_shape .* in batch and channels", fn, y, idx,
            (2, 4, 8, 9))
    _raises(ValueError, "input_shape must have non-zero height and width", fn, y, idx,
            (2, 3, 0, 9))
    _raises(ValueError, "input_shape must not have negative sizes", fn, y, idx, (2, 3, -8, 9))
    _raises(TypeError, "grad_out must have dtype", fn, y.astype(np.int64), idx, x.shape)


def test_avg_pool2d_backward_checks_grad_out():
    fn = fastconv.avg_pool2d_backward
    g = np.zeros((2, 3, 4, 4), np.float32)
    _raises(ValueError, r"grad_out has shape \(2, 3, 4, 4\), but avg_pool2d of input_shape",
            fn, g, (2, 3, 8, 9), 3)
    _raises(ValueError, "input_shape must have 4 entries", fn, g, (3, 8, 9), 2)
    _raises(ValueError, "input_shape must have non-zero channels, height and width", fn, g,
            (2, 3, 8, 0), 2)
    _raises(TypeError, "input_shape must be a tuple of integers", fn, g, 5, 2)


def test_adaptive_arguments():
    fn = fastconv.adaptive_avg_pool2d
    _raises(ValueError, "output_size must be non-negative", fn, X, -1)
    _raises(ValueError, "output_size must be non-negative", fn, X, (2, -3))
    _raises(ValueError, "output_size must be an integer or a pair", fn, X, (1, 2, 3))
    _raises(TypeError, "output_size must be an integer", fn, X, 1.5)
    _raises(ValueError, "x must have non-zero", fn, np.zeros((1, 2, 0, 3), np.float32), 2)
    bfn = fastconv.adaptive_avg_pool2d_backward
    g = np.zeros((2, 3, 4, 4), np.float32)
    _raises(ValueError, "does not match input_shape .* in batch and channels", bfn, g,
            (2, 5, 8, 9))
    _raises(ValueError, "input_shape must have non-zero", bfn, g, (2, 3, 0, 9))


def test_relu_arguments():
    x = np.ones((3, 4), np.float32)
    _raises(TypeError, "x must have dtype float32 or float64", fastconv.relu, x.astype(int))
    _raises(ValueError, r"out has shape \(4, 3\), expected \(3, 4\)", fastconv.relu, x,
            out=np.empty((4, 3), np.float32))
    _raises(ValueError, "out has dtype float64, expected float32", fastconv.relu, x,
            out=np.empty((3, 4)))
    _raises(ValueError, "out must be C-contiguous", fastconv.relu, x,
            out=np.empty((4, 3), np.float32).T)
    ro = np.empty((3, 4), np.float32)
    ro.flags.writeable = False
    _raises(ValueError, "out is read-only", fastconv.relu, x, out=ro)
    big = np.ones((2, 3, 4), np.float32)
    _raises(ValueError, "out overlaps x", fastconv.relu, big[0], out=big.reshape(6, 4)[1:4])
    _raises(TypeError, "out must be a numpy.ndarray", fastconv.relu, x, out=[[0] * 4] * 3)
    fn = fastconv.relu_backward
    _raises(ValueError, r"grad_out has shape \(3, 4\) but x has shape \(4, 3\)", fn, x, x.T)
    _raises(TypeError, "x has dtype float64 but grad_out has dtype float32", fn, x,
            x.astype(np.float64))


def test_linear_arguments():
    x = np.ones((5, 4), np.float32)
    w = np.ones((3, 4), np.float32)
    _raises(ValueError, r"last dimension \(4\) must equal in_features, weight.shape\[1\] \(5\)",
            fastconv.linear, x, np.ones((3, 5), np.float32))
    _raises(ValueError, "weight must be 2-D", fastconv.linear, x, np.ones(4, np.float32))
    _raises(ValueError, "x must have at least 1 dimension", fastconv.linear, np.float32(1.0), w)
    _raises(ValueError, r"bias must have shape \(3,\)", fastconv.linear, x, w,
            np.ones(4, np.float32))
    _raises(ValueError, "bias must be 1-D", fastconv.linear, x, w, np.ones((1, 3), np.float32))
    _raises(TypeError, "weight has dtype float64 but x has dtype float32", fastconv.linear, x,
            w.astype(np.float64))
    _raises(TypeError, "bias has dtype float64", fastconv.linear, x, w, np.ones(3))
    fn = fastconv.linear_backward
    _raises(ValueError, r"grad_out has shape \(5, 4\), but linear of x shape", fn, x, x, w)
    _raises(TypeError, "x has dtype float32 but grad_out has dtype float64", fn,
            np.ones((5, 3)), x, w)
