"""Argument validation: every documented error rule, with the exception type and a message that
names the offending argument."""
import numpy as np
import pytest

import fastconv

BIG = 2 ** 63  # one more than the largest int64


# A valid baseline: x (2, 4, 8, 8), weight (6, 2, 3, 3) with groups=2, padding 1 -> (2, 6, 8, 8).
ARGS = dict(stride=1, padding=1, dilation=1, groups=2)
X_SHAPE = (2, 4, 8, 8)
W_SHAPE = (6, 2, 3, 3)
Y_SHAPE = (2, 6, 8, 8)


def _data(dtype=np.float64):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(X_SHAPE).astype(dtype)
    w = rng.standard_normal(W_SHAPE).astype(dtype)
    b = rng.standard_normal(W_SHAPE[0]).astype(dtype)
    g = rng.standard_normal(Y_SHAPE).astype(dtype)
    return x, w, b, g


def _call(op, dtype=np.float64, **overrides):
    """Run one operator on the valid baseline with some keyword arguments replaced."""
    x, w, b, g = _data(dtype)
    kwargs = dict(ARGS)
    kwargs.update(overrides)
    if op == "conv2d":
        return fastconv.conv2d(x, w, b, **kwargs)
    if op == "backward_input":
        return fastconv.conv2d_backward_input(g, w, X_SHAPE, **kwargs)
    if op == "backward_weight":
        return fastconv.conv2d_backward_weight(g, x, W_SHAPE, **kwargs)
    if op == "output_shape":
        kwargs.pop("algorithm", None)
        return fastconv.conv2d_output_shape(X_SHAPE, W_SHAPE, **kwargs)
    raise AssertionError(op)


CONV_OPS = ["conv2d", "backward_input", "backward_weight"]
ALL_OPS = CONV_OPS + ["output_shape"]


def test_baseline_is_valid():
    for op in ALL_OPS:
        _call(op)


# ---------------------------------------------------------------------------------------------
# algorithm


@pytest.mark.parametrize("op", CONV_OPS)
@pytest.mark.parametrize("algorithm", ["fft", "", "Im2Col ", "winograd", None, 1])
def test_unknown_algorithm(op, algorithm):
    with pytest.raises(ValueError, match="algorithm"):
        _call(op, algorithm=algorithm)


@pytest.mark.parametrize("op", CONV_OPS)
@pytest.mark.parametrize("algorithm", ["direct", "im2col", "auto"])
def test_every_algorithm_validates_the_same(op, algorithm):
    # the checks run before the algorithm matters: a bad stride fails the same way for each
    with pytest.raises(ValueError, match="stride"):
        _call(op, algorithm=algorithm, stride=0)


# ---------------------------------------------------------------------------------------------
# stride, padding, dilation, groups


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("stride", [0, -1, (1, 0), (-2, 1)])
def test_non_positive_stride(op, stride):
    with pytest.raises(ValueError, match="stride"):
        _call(op, stride=stride)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("dilation", [0, -1, (0, 1), (1, -3)])
def test_non_positive_dilation(op, dilation):
    with pytest.raises(ValueError, match="dilation"):
        _call(op, dilation=dilation)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("padding", [-1, (0, -1), (-2, 0)])
def test_negative_padding(op, padding):
    with pytest.raises(ValueError, match="padding"):
        _call(op, padding=padding)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("padding", ["full", "SAME", ""])
def test_unknown_padding_string(op, padding):
    with pytest.raises(ValueError, match="padding"):
        _call(op, padding=padding)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("name", ["stride", "padding", "dilation"])
def test_pair_of_wrong_length(op, name):
    with pytest.raises((ValueError, TypeError), match=name):
        _call(op, **{name: (1, 1, 1)})


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("stride", [2, (1, 2), (2, 1)])
def test_same_padding_needs_stride_one(op, stride):
    with pytest.raises(ValueError, match="(?i)same|padding|stride"):
        _call(op, padding="same", stride=stride)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("groups", [0, -1, -2])
def test_non_positive_groups(op, groups):
    with pytest.raises(ValueError, match="groups"):
        _call(op, groups=groups)


def test_groups_not_dividing_output_channels():
    x = np.zeros((1, 4, 5, 5))
    w = np.zeros((5, 2, 3, 3))  # K = 5 is not divisible by groups = 2
    with pytest.raises(ValueError, match="groups"):
        fastconv.conv2d(x, w, groups=2)
    g = np.zeros((1, 5, 3, 3))
    with pytest.raises(ValueError, match="groups"):
        fastconv.conv2d_backward_input(g, w, x.shape, groups=2)
    with pytest.raises(ValueError, match="groups"):
        fastconv.conv2d_backward_weight(g, x, w.shape, groups=2)
    with pytest.raises(ValueError, match="groups"):
        fastconv.conv2d_output_shape(x.shape, w.shape, groups=2)


def test_groups_not_dividing_input_channels():
    x = np.zeros((1, 5, 5, 5))  # C = 5 is not divisible by groups = 2
    w = np.zeros((4, 2, 3, 3))
    with pytest.raises(ValueError, match="(?i)groups|channel|weight"):
        fastconv.conv2d(x, w, groups=2)
    with pytest.raises(ValueError, match="(?i)groups|channel|weight"):
        fastconv.conv2d_output_shape(x.shape, w.shape, groups=2)


# ---------------------------------------------------------------------------------------------
# shapes


@pytest.mark.parametrize("w_shape, groups", [((6, 3, 3, 3), 1), ((6, 4, 3, 3), 2),
                                             ((6, 2, 3, 3), 1), ((6, 1, 3, 3), 2)])
def test_channels_do_not_match_weight_times_groups(w_shape, groups):
    x, _, _, _ = _data()
    w = np.zeros(w_shape)
    match = "(?i)channel|weight|groups"
    with pytest.raises(ValueError, match=match):
        fastconv.conv2d(x, w, padding=1, groups=groups)
    with pytest.raises(ValueError, match=match):
        fastconv.conv2d_output_shape(x.shape, w.shape, padding=1, groups=groups)
    g = np.zeros((2, 6, 8, 8))
    with pytest.raises(ValueError, match="(?i)channel|weight|groups|input_shape"):
        fastconv.conv2d_backward_input(g, w, x.shape, padding=1, groups=groups)
    with pytest.raises(ValueError, match="(?i)channel|weight|groups|weight_shape"):
        fastconv.conv2d_backward_weight(g, x, w.shape, padding=1, groups=groups)


@pytest.mark.parametrize("bias_shape", [(5,), (7,), (6, 1), (1, 6), ()])
def test_bias_shape(bias_shape):
    x, w, _, _ = _data()
    with pytest.raises(ValueError, match="bias"):
        fastconv.conv2d(x, w, np.zeros(bias_shape), **ARGS)


@pytest.mark.parametrize("x_shape", [(4, 8, 8, 1, 1), (8, 8), (8,)])
def test_x_dimensions(x_shape):
    _, w, b, _ = _data()
    with pytest.raises(ValueError, match=r"(?i)\bx\b|input"):
        fastconv.conv2d(np.zeros(x_shape), w, b, **ARGS)


@pytest.mark.parametrize("w_shape", [(6, 2, 3), (6, 2, 3, 3, 1), (6,)])
def test_weight_dimensions(w_shape):
    x, _, b, _ = _data()
    with pytest.raises(ValueError, match="weight"):
        fastconv.conv2d(x, np.zeros(w_shape), b, **ARGS)


def test_unbatched_input_with_wrong_channels():
    x, w, b, _ = _data()
    with pytest.raises(ValueError, match="(?i)channel|weight|groups"):
        fastconv.conv2d(x[0, :3], w, b, **ARGS)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("overrides", [
    dict(padding=0, dilation=4),                    # 9 rows of dilated kernel > 8
    dict(padding=0, dilation=(1, 5)),
])
def test_dilated_kernel_larger_than_padded_input(op, overrides):
    # No output shape exists, so for the backward passes grad_out cannot match either.
    match = "(?i)kernel|weight|input|dilation|padding"
    if op.startswith("backward"):
        match += "|grad_out"
    with pytest.raises(ValueError, match=match):
        _call(op, **overrides)


def test_kernel_larger_than_padded_input():
    x = np.zeros((1, 1, 4, 5))
    for w_shape, padding in [((1, 1, 5, 3), 0), ((1, 1, 3, 6), 0), ((1, 1, 7, 7), 1),
                             ((1, 1, 3, 8), (0, 1))]:
        w = np.zeros(w_shape)
        match = "(?i)kernel|weight|input"
        with pytest.raises(ValueError, match=match):
            fastconv.conv2d(x, w, padding=padding)
        with pytest.raises(ValueError, match=match):
            fastconv.conv2d_output_shape(x.shape, w.shape, padding=padding)
        with pytest.raises(ValueError, match=match):
            fastconv.im2col(x, w_shape[2:], padding=padding)


@pytest.mark.parametrize("g_shape", [(2, 6, 7, 7), (2, 6, 8, 9), (2, 5, 8, 8), (1, 6, 8, 8),
                                     (3, 6, 8, 8), (2, 6, 8), (2, 6, 8, 8, 1)])
def test_grad_out_shape_mismatch(g_shape):
    x, w, _, _ = _data()
    g = np.zeros(g_shape)
    with pytest.raises(ValueError, match="grad_out"):
        fastconv.conv2d_backward_input(g, w, X_SHAPE, **ARGS)
    with pytest.raises(ValueError, match="grad_out"):
        fastconv.conv2d_backward_weight(g, x, W_SHAPE, **ARGS)


def test_grad_out_shape_mismatch_for_larger_than_minimal_input():
    # k3 s2 p1: H = 7 and 8 both give OH = 4, but H = 9 gives 5.
    w = np.zeros((1, 1, 3, 3))
    g = np.zeros((1, 1, 4, 4))
    for h in (7, 8):
        assert fastconv.conv2d_backward_input(g, w, (1, 1, h, h), stride=2,
                                              padding=1).shape == (1, 1, h, h)
    with pytest.raises(ValueError, match="grad_out"):
        fastconv.conv2d_backward_input(g, w, (1, 1, 9, 9), stride=2, padding=1)
    with pytest.raises(ValueError, match="grad_out"):
        fastconv.conv2d_backward_weight(g, np.zeros((1, 1, 9, 9)), w.shape, stride=2, padding=1)


@pytest.mark.parametrize("g_shape", [(6,), (2, 6), (2, 6, 8, 8, 1)])
def test_backward_bias_grad_out_dimensions(g_shape):
    with pytest.raises(ValueError, match="grad_out"):
        fastconv.conv2d_backward_bias(np.zeros(g_shape))


@pytest.mark.parametrize("input_shape", [(2, 4, 8), (2, 4, 8, 8, 1), (2, 4, -8, 8),
                                         (-2, 4, 8, 8)])
def test_bad_input_shape(input_shape):
    _, w, _, g = _data()
    with pytest.raises(ValueError, match="input_shape"):
        fastconv.conv2d_backward_input(g, w, input_shape, **ARGS)


@pytest.mark.parametrize("weight_shape", [(6, 2, 3), (6, 2, 3, 3, 1), (6, 2, -3, 3),
                                          (-6, 2, 3, 3)])
def test_bad_weight_shape(weight_shape):
    x, _, _, g = _data()
    with pytest.raises(ValueError, match="weight_shape"):
        fastconv.conv2d_backward_weight(g, x, weight_shape, **ARGS)


# ---------------------------------------------------------------------------------------------
# dtypes


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float16, np.complex64,
                                   np.complex128, np.bool_, np.uint8])
def test_unsupported_dtypes(dtype):
    x, w, b, g = (a.astype(dtype) for a in _data())
    with pytest.raises(TypeError, match="dtype"):
        fastconv.conv2d(x, w, b, **ARGS)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.conv2d(x, w, **ARGS)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.conv2d_backward_input(g, w, X_SHAPE, **ARGS)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.conv2d_backward_weight(g, x, W_SHAPE, **ARGS)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.conv2d_backward_bias(g)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.im2col(x, 3)
    with pytest.raises(TypeError, match="dtype"):
        fastconv.col2im(np.zeros((2, 36, 36), dtype=dtype), (8, 8), 3)


def test_mixed_dtypes():
    x64, w64, b64, g64 = _data(np.float64)
    x32, w32, b32, g32 = _data(np.float32)
    for x, w, b in [(x32, w64, None), (x64, w32, None), (x64, w64, b32), (x32, w32, b64),
                    (x32, w64, b64)]:
        with pytest.raises(TypeError, match="dtype"):
            fastconv.conv2d(x, w, b, **ARGS)
    for g, w in [(g32, w64), (g64, w32)]:
        with pytest.raises(TypeError, match="dtype"):
            fastconv.conv2d_backward_input(g, w, X_SHAPE, **ARGS)
    for g, x in [(g32, x64), (g64, x32)]:
        with pytest.raises(TypeError, match="dtype"):
            fastconv.conv2d_backward_weight(g, x, W_SHAPE, **ARGS)


# ---------------------------------------------------------------------------------------------
# out=


def test_out_wrong_shape():
    x, w, b, _ = _data()
    for shape in [(2, 6, 8, 7), (1, 6, 8, 8), (2 * 6 * 8 * 8,), (2, 6, 8, 8, 1)]:
        with pytest.raises(ValueError, match="out"):
            fastconv.conv2d(x, w, b, **ARGS, out=np.empty(shape))


def test_out_wrong_dtype():
    x, w, b, _ = _data(np.float32)
    for dtype in [np.float64, np.float16, np.int32]:
        with pytest.raises(ValueError, match="out"):
            fastconv.conv2d(x, w, b, **ARGS, out=np.empty(Y_SHAPE, dtype=dtype))


def test_out_not_c_contiguous():
    x, w, b, _ = _data()
    fortran = np.empty(Y_SHAPE, order="F")
    strided = np.empty(Y_SHAPE[:-1] + (2 * Y_SHAPE[-1],))[..., ::2]
    negative = np.empty(Y_SHAPE)[..., ::-1]
    for out in (fortran, strided, negative):
        with pytest.raises(ValueError, match="out"):
            fastconv.conv2d(x, w, b, **ARGS, out=out)


def test_out_read_only():
    x, w, b, _ = _data()
    out = np.empty(Y_SHAPE)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="out"):
        fastconv.conv2d(x, w, b, **ARGS, out=out)


def test_out_overlapping_an_input():
    # 1x1 convolution that keeps the shape, so out could be x itself.
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 3, 5, 5))
    w = rng.standard_normal((3, 3, 1, 1))
    b = rng.standard_normal(3)
    x_before = x.copy()
    with pytest.raises(ValueError, match="out"):
        fastconv.conv2d(x, w, b, out=x)

    # partial overlap with x
    buffer = np.zeros(2 * x.size)
    x_part = buffer[: x.size].reshape(x.shape)
    x_part[...] = x
    out = buffer[x.size // 2: x.size // 2 + x.size].reshape(x.shape)
    with pytest.raises(ValueError, match="out"):
        fastconv.conv2d(x_part, w, b, out=out)

    # overlap with the weight or the bias
    buffer = np.zeros(x.size + w.size)
    out = buffer[: x.size].reshape(x.shape)
    w_view = buffer[x.size - 1: x.size - 1 + w.size].reshape(w.shape)
    with pytest.raises(ValueError, match="out"):
        fastconv.conv2d(x, w_view, b, out=out)
    buffer = np.zeros(x.size + b.size)
    out = buffer[b.size - 1: b.size - 1 + x.size].reshape(x.shape)
    b_view = buffer[: b.size]
    with pytest.raises(ValueError, match="out"):
        fastconv.conv2d(x, w, b_view, out=out)

    np.testing.assert_array_equal(x, x_before)


def test_out_not_an_array():
    x, w, b, _ = _data()
    with pytest.raises((ValueError, TypeError), match="out"):
        fastconv.conv2d(x, w, b, **ARGS, out=np.zeros(Y_SHAPE).tolist())


# ---------------------------------------------------------------------------------------------
# integers too large for int64, and sizes whose products overflow


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("name", ["stride", "padding", "dilation", "groups"])
@pytest.mark.parametrize("value", [BIG, 2 ** 64, 2 ** 100, -BIG - 1])
def test_integers_too_large_for_int64(op, name, value):
    with pytest.raises(ValueError, match=name):
        _call(op, **{name: value})


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("name", ["stride", "padding", "dilation"])
def test_pair_element_too_large_for_int64(op, name):
    with pytest.raises(ValueError, match=name):
        _call(op, **{name: (1, BIG)})


def test_shape_entries_too_large_for_int64():
    _, w, _, g = _data()
    x, _, _, _ = _data()
    with pytest.raises(ValueError, match="input_shape"):
        fastconv.conv2d_output_shape((BIG, 4, 8, 8), W_SHAPE, **ARGS)
    with pytest.raises(ValueError, match="weight_shape"):
        fastconv.conv2d_output_shape(X_SHAPE, (6, 2, 3, 2 ** 64), **ARGS)
    with pytest.raises(ValueError, match="input_shape"):
        fastconv.conv2d_backward_input(g, w, (2, 4, BIG, 8), **ARGS)
    with pytest.raises(ValueError, match="weight_shape"):
        fastconv.conv2d_backward_weight(g, x, (BIG, 2, 3, 3), **ARGS)
    with pytest.raises(ValueError, match="kernel_size"):
        fastconv.im2col(x, (3, BIG))
    with pytest.raises(ValueError, match="output_size"):
        fastconv.col2im(np.zeros((2, 36, 64)), (BIG, 8), 3, padding=1)


def test_padded_size_overflowing_int64():
    # H + 2 * padding does not fit in int64
    with pytest.raises(ValueError, match="(?i)padding|input|overflow|too (large|many)"):
        fastconv.conv2d_output_shape((1, 1, 8, 8), (1, 1, 3, 3), padding=2 ** 62)
    with pytest.raises(ValueError, match="(?i)padding|overflow|too (large|many)"):
        fastconv.conv2d(np.zeros((1, 1, 8, 8)), np.zeros((1, 1, 3, 3)), padding=2 ** 62)


def test_output_size_product_overflowing_int64():
    # Each output dimension fits in int64 but N*K*OH*OW does not: must fail before allocating.
    x = np.zeros((1, 1, 1, 1))
    w = np.zeros((1, 1, 1, 1))
    with pytest.raises(ValueError, match="(?i)padding|out|overflow|too (large|many)"):
        fastconv.conv2d(x, w, padding=2 ** 31)


def test_input_shape_product_overflowing_int64():
    # A huge stride makes a 1x1 grad_out valid for a huge input: N*C*H*W overflows int64.
    w = np.zeros((1, 2, 1, 1))
    g = np.zeros((1, 1, 1, 1))
    with pytest.raises(ValueError, match="(?i)input|overflow|too (large|many)"):
        fastconv.conv2d_backward_input(g, w, (1, 2, 2 ** 40, 2 ** 40), stride=2 ** 40)


def test_weight_shape_product_overflowing_int64():
    # Padding makes a huge kernel fit a 1x1 image: K*C*R*S overflows int64.
    x = np.zeros((1, 1, 1, 1))
    g = np.zeros((1, 1, 2, 2))
    with pytest.raises(ValueError, match="(?i)weight|overflow|too (large|many)"):
        fastconv.conv2d_backward_weight(g, x, (1, 1, 2 ** 40, 2 ** 40), padding=2 ** 39)


# ---------------------------------------------------------------------------------------------
# im2col / col2im


@pytest.mark.parametrize("kernel_size", [0, -1, (3, 0), (-1, 3)])
def test_im2col_bad_kernel_size(kernel_size):
    x, _, _, _ = _data()
    with pytest.raises(ValueError, match="kernel_size"):
        fastconv.im2col(x, kernel_size)
    with pytest.raises(ValueError, match="kernel_size"):
        fastconv.col2im(np.zeros((2, 36, 36)), (8, 8), kernel_size)


@pytest.mark.parametrize("fn", ["im2col", "col2im"])
@pytest.mark.parametrize("name, value", [("stride", 0), ("stride", (1, -1)), ("dilation", 0),
                                         ("dilation", (-1, 1)), ("padding", -1),
                                         ("padding", (0, -2)), ("stride", BIG),
                                         ("padding", BIG), ("dilation", 2 ** 64)])
def test_im2col_col2im_bad_geometry(fn, name, value):
    x, _, _, _ = _data()
    with pytest.raises(ValueError, match=name):
        if fn == "im2col":
            fastconv.im2col(x, 3, **{name: value})
        else:
            fastconv.col2im(np.zeros((2, 36, 64)), (8, 8), 3, **{name: value})


def test_col2im_shape_mismatch():
    # (8, 8) with a 3x3 kernel, no padding: 6 * 6 = 36 blocks of 4 * 9 = 36 rows
    with pytest.raises(ValueError, match="(?i)cols|output_size|block"):
        fastconv.col2im(np.zeros((2, 36, 35)), (8, 8), 3)
    with pytest.raises(ValueError, match="(?i)cols|kernel"):
        fastconv.col2im(np.zeros((2, 35, 36)), (8, 8), 3)
    with pytest.raises(ValueError, match="(?i)kernel|output_size"):
        fastconv.col2im(np.zeros((2, 36, 1)), (2, 2), 3)


def test_im2col_bad_dimensions():
    with pytest.raises(ValueError, match=r"(?i)\bx\b|input"):
        fastconv.im2col(np.zeros((2, 4, 8, 8, 1)), 3)
    with pytest.raises(ValueError, match=r"(?i)\bx\b|input"):
        fastconv.im2col(np.zeros((8, 8)), 3)


# ---------------------------------------------------------------------------------------------
# Results too large for memory: a MemoryError naming the function, before anything is allocated


@pytest.mark.parametrize("call", [
    lambda g: fastconv.adaptive_avg_pool2d_backward(g, (1, 1, 10**6, 10**6)),
    lambda g: fastconv.max_pool2d_backward(g, np.zeros((1, 1, 1, 1), np.int64),
                                           (1, 1, 10**6, 10**6)),
    lambda g: fastconv.avg_pool2d_backward(g, (1, 1, 10**6, 10**6), 10**6),
    lambda g: fastconv.conv2d_backward_input(g, np.ones((1, 1, 1, 1), np.float32),
                                             (1, 1, 10**6, 10**6), stride=10**6),
], ids=["adaptive_avg_pool2d_backward", "max_pool2d_backward", "avg_pool2d_backward",
        "conv2d_backward_input"])
def test_result_larger_than_memory(call):
    g = np.ones((1, 1, 1, 1), np.float32)
    with pytest.raises(MemoryError, match=r"_backward.*3725\.3 GiB"):
        call(g)


# A non-contiguous input whose contiguous copy would not fit in memory (a broadcast view of a
# huge shape): a MemoryError naming the function and the argument, not NumPy's bare one.
_HUGE_VIEW = np.broadcast_to(np.float32(1), (2**12, 2**10, 2**10, 2**4))  # 256 GiB if copied


@pytest.mark.parametrize("call, name", [
    (lambda: fastconv.conv2d_backward_bias(_HUGE_VIEW), "conv2d_backward_bias: grad_out"),
    (lambda: fastconv.matmul(np.broadcast_to(np.float32(1), (4, 2**38)),
                             np.broadcast_to(np.float32(1), (2**38, 4))), "matmul: a"),
    (lambda: fastconv.adaptive_avg_pool2d(_HUGE_VIEW, 1), "adaptive_avg_pool2d: x"),
], ids=["conv2d_backward_bias", "matmul", "adaptive_avg_pool2d"])
def test_copy_of_a_huge_view_is_a_named_memory_error(call, name):
    with pytest.raises(MemoryError, match=f"^{name} is not C-contiguous"):
        call()


def test_remembered_geometry_still_refuses_lookalike_arguments():
    # conv.py remembers the checked geometry of plain arguments; 2.0 and True compare equal to 2
    # and 1 but must still be refused after the valid call was remembered
    x = np.ones((1, 2, 6, 6), np.float32)
    w = np.ones((2, 2, 3, 3), np.float32)
    y = fastconv.conv2d(x, w, stride=2, groups=1)
    np.testing.assert_array_equal(fastconv.conv2d(x, w, stride=2, groups=1), y)
    with pytest.raises(TypeError, match="stride"):
        fastconv.conv2d(x, w, stride=2.0)
    with pytest.raises(TypeError, match="groups"):
        fastconv.conv2d(x, w, stride=2, groups=True)
    with pytest.raises(TypeError, match="stride"):
        fastconv.conv2d(x, w, stride=(2, 2.0))
    # and a list argument (not remembered) gives the same result as its tuple
    np.testing.assert_array_equal(fastconv.conv2d(x, w, stride=[2, 2]), y)
