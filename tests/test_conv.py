"""Correctness of fastconv's convolution (forward and the three backward passes), im2col/col2im
and thread-count determinism, against the NumPy float64 reference in tests/reference.py."""
import numpy as np
import pytest

import fastconv
from fastconv import _ext
from fastconv._config import use_isa
from conftest import (
    FLOAT_DTYPES,
    ConvCase,
    assert_close,
    assert_close_to_scale,
    make_conv_data,
    random_case,
    uniform,
)
from reference import (
    conv2d_backward_bias_ref,
    conv2d_backward_input_ref,
    conv2d_backward_weight_ref,
    conv2d_ref,
    fold_ref,
    unfold_ref,
)

ALGORITHMS = ["im2col", "direct", "auto"]

C = ConvCase
CURATED_CASES = [
    # plain, then padding 0-2
    C(2, 3, 7, 7, 4, 3, 3, 1, 0, 1, 1, True),
    C(2, 3, 7, 7, 4, 3, 3, 1, 1, 1, 1, False),
    C(1, 2, 6, 5, 3, 3, 3, 1, 2, 1, 1, True),
    # stride 2 and 3 (H=8 and H=7 both give OH=4 for k3 s2 p1)
    C(2, 3, 8, 8, 4, 3, 3, 2, 1, 1, 1, True),
    C(2, 3, 7, 7, 4, 3, 3, 2, 1, 1, 1, False),
    C(1, 2, 11, 10, 3, 3, 3, 3, 1, 1, 1, True),
    C(1, 2, 10, 9, 2, 2, 2, 3, 0, 1, 1, False),
    C(1, 2, 9, 9, 2, 2, 2, 3, 0, 1, 1, True),          # stride larger than the kernel
    # dilation 2
    C(2, 2, 9, 9, 3, 3, 3, 1, 2, 2, 1, True),
    C(1, 3, 12, 11, 2, 3, 3, 2, 1, 2, 1, False),
    C(1, 2, 12, 12, 3, 3, 3, 3, 2, 2, 1, False),
    # "same" (odd, even and dilated kernels) and "valid"
    C(2, 3, 6, 7, 4, 3, 3, 1, "same", 1, 1, True),
    C(1, 2, 7, 6, 3, 4, 2, 1, "same", 1, 1, False),
    C(1, 2, 9, 8, 2, 3, 2, 1, "same", 2, 1, True),
    C(1, 3, 5, 5, 2, 1, 1, 1, "same", 1, 1, False),
    C(2, 2, 6, 5, 3, 2, 3, 1, "valid", 1, 1, True),
    C(1, 3, 9, 9, 2, 3, 3, 2, "valid", 1, 1, False),
    # groups 2 and 3
    C(2, 4, 7, 6, 6, 3, 3, 1, 1, 1, 2, True),
    C(1, 6, 9, 8, 4, 3, 2, 2, 0, 1, 2, False),
    C(1, 6, 6, 6, 9, 3, 3, 1, 1, 1, 3, True),
    # depthwise: groups == C, K = C and K = 2C
    C(2, 4, 7, 7, 4, 3, 3, 1, 1, 1, 4, True),
    C(1, 3, 8, 8, 6, 3, 3, 1, 1, 1, 3, False),
    C(2, 5, 9, 9, 5, 3, 3, 2, 1, 1, 5, True),
    C(1, 4, 8, 7, 8, 3, 3, 1, "same", 2, 4, False),
    # 1x1 kernels
    C(2, 5, 6, 7, 3, 1, 1, 1, 0, 1, 1, True),
    C(1, 4, 7, 7, 6, 1, 1, 2, 0, 1, 1, False),
    C(1, 2, 4, 5, 3, 1, 1, 1, 1, 1, 1, True),
    # kernel as large as the (padded) input: a single output pixel
    C(2, 3, 5, 5, 2, 5, 5, 1, 0, 1, 1, True),
    C(1, 2, 5, 4, 3, 7, 6, 1, 1, 1, 1, False),
    C(1, 2, 5, 5, 2, 3, 3, 1, 0, 2, 1, True),
    C(1, 1, 3, 4, 2, 5, 4, 1, (1, 0), 1, 1, False),
    C(1, 3, 1, 1, 2, 3, 3, 1, 1, 1, 1, True),
    # non-square kernels, strides, paddings, dilations
    C(2, 3, 8, 9, 4, 2, 5, 1, 1, 1, 1, True),
    C(1, 3, 10, 11, 4, 3, 3, (1, 2), 1, 1, 1, False),
    C(1, 2, 7, 8, 3, 3, 3, 1, (0, 2), 1, 1, True),
    C(1, 2, 9, 10, 3, 3, 3, 1, 1, (2, 1), 1, False),
    C(2, 4, 13, 11, 4, 3, 2, (2, 3), (1, 0), (1, 2), 2, True),
    C(1, 3, 10, 6, 2, 3, 2, (3, 1), (2, 1), 1, 1, True),
    # N=1, C=1, odd and thin images
    C(1, 1, 5, 6, 1, 3, 3, 1, 1, 1, 1, True),
    C(2, 1, 6, 6, 5, 2, 2, 1, 0, 1, 1, False),
    C(3, 3, 13, 11, 5, 3, 3, 1, 1, 1, 1, True),
    C(1, 2, 17, 3, 2, 3, 3, 1, 1, 1, 1, False),
    C(1, 2, 1, 9, 3, 1, 3, 1, 0, 1, 1, True),
    # more channels than one GEMM tile
    C(2, 16, 9, 9, 24, 3, 3, 1, 1, 1, 1, True),
    C(1, 7, 10, 10, 17, 3, 3, 1, 1, 1, 1, False),
    C(1, 32, 10, 10, 20, 3, 3, 1, 1, 1, 1, True),        # C*R*S = 288: more than one K block
]
assert all(case.is_valid() for case in CURATED_CASES)

_sampler = np.random.default_rng(1234)
RANDOM_CASES = [random_case(_sampler) for _ in range(100)]
GRID = CURATED_CASES + RANDOM_CASES
GRID_IDS = [repr(case) for case in GRID]


# ---------------------------------------------------------------------------------------------
# The correctness grid


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", GRID, ids=GRID_IDS)
def test_forward(case, dtype, algorithm, rng):
    x, w, b, _ = make_conv_data(rng, case, dtype)
    y = fastconv.conv2d(x, w, b, **case.args, algorithm=algorithm)
    assert y.dtype == dtype
    assert_close(y, conv2d_ref(x, w, b, **case.args), case.forward_terms)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", GRID, ids=GRID_IDS)
def test_backward_input(case, dtype, algorithm, rng):
    _, w, _, grad_out = make_conv_data(rng, case, dtype)
    dx = fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args,
                                        algorithm=algorithm)
    assert dx.dtype == dtype
    expected = conv2d_backward_input_ref(grad_out, w, case.input_shape, **case.args)
    assert_close(dx, expected, case.backward_input_terms)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", GRID, ids=GRID_IDS)
def test_backward_weight(case, dtype, algorithm, rng):
    x, _, _, grad_out = make_conv_data(rng, case, dtype)
    dw = fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args,
                                         algorithm=algorithm)
    assert dw.dtype == dtype
    expected = conv2d_backward_weight_ref(grad_out, x, case.weight_shape, **case.args)
    assert_close(dw, expected, case.backward_weight_terms)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", GRID, ids=GRID_IDS)
def test_backward_bias(case, dtype, rng):
    _, _, _, grad_out = make_conv_data(rng, case, dtype)
    db = fastconv.conv2d_backward_bias(grad_out)
    assert db.dtype == dtype
    assert_close(db, conv2d_backward_bias_ref(grad_out), case.backward_weight_terms)


@pytest.mark.parametrize("case", GRID, ids=GRID_IDS)
def test_output_shape(case):
    shape = fastconv.conv2d_output_shape(case.input_shape, case.weight_shape, **case.args)
    assert isinstance(shape, tuple)
    assert shape == case.output_shape


def test_output_shape_matches_forward_for_minimal_and_larger_inputs():
    for h in (7, 8):
        assert fastconv.conv2d_output_shape((1, 1, h, h), (1, 1, 3, 3), stride=2,
                                            padding=1) == (1, 1, 4, 4)


# ---------------------------------------------------------------------------------------------
# Unbatched input, out=, memory layouts, empty batch


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_unbatched_input(dtype, algorithm, rng):
    case = ConvCase(1, 4, 9, 8, 6, 3, 3, stride=2, padding=1, groups=2)
    x, w, b, _ = make_conv_data(rng, case, dtype)
    y = fastconv.conv2d(x[0], w, b, **case.args, algorithm=algorithm)
    assert y.ndim == 3
    assert y.dtype == dtype
    assert_close(y, conv2d_ref(x, w, b, **case.args)[0], case.forward_terms)
    np.testing.assert_array_equal(y, fastconv.conv2d(x, w, b, **case.args,
                                                     algorithm=algorithm)[0])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("with_bias", [True, False])
def test_out_argument(dtype, algorithm, with_bias, rng):
    case = ConvCase(2, 3, 8, 7, 5, 3, 3, padding=1, bias=with_bias)
    x, w, b, _ = make_conv_data(rng, case, dtype)
    out = np.full(case.output_shape, np.nan, dtype=dtype)  # stale contents must be overwritten
    result = fastconv.conv2d(x, w, b, **case.args, algorithm=algorithm, out=out)
    assert result is out
    assert_close(out, conv2d_ref(x, w, b, **case.args), case.forward_terms)


def _layout(array, kind):
    """A view of a copy of `array` with the same values and the memory layout `kind`."""
    if kind == "contiguous":
        return array.copy()
    if kind == "fortran":
        return np.asfortranarray(array)
    if kind == "strided":
        # every other element of a twice-as-large last axis
        bigger = np.zeros(array.shape[:-1] + (2 * array.shape[-1],), dtype=array.dtype)
        bigger[..., ::2] = array
        return bigger[..., ::2]
    if kind == "negative":
        return np.flip(np.flip(array).copy())
    if kind == "channels_last":
        if array.ndim != 4:
            return array.copy()
        return np.ascontiguousarray(array.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    if kind == "readonly":
        view = array.copy()
        view.flags.writeable = False
        return view
    raise AssertionError(kind)


LAYOUTS = ["fortran", "strided", "negative", "channels_last", "readonly"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_input_layouts(layout, dtype, rng):
    case = ConvCase(2, 4, 9, 7, 6, 3, 2, stride=(2, 1), padding=1, groups=2)
    x, w, b, grad_out = make_conv_data(rng, case, dtype)
    originals = [a.copy() for a in (x, w, b, grad_out)]
    xv, wv, bv, gv = (_layout(a, layout) for a in (x, w, b, grad_out))
    if layout not in ("contiguous", "readonly"):
        assert not (xv.flags.c_contiguous and wv.flags.c_contiguous and gv.flags.c_contiguous)

    expected = [
        fastconv.conv2d(x, w, b, **case.args),
        fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args),
        fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args),
        fastconv.conv2d_backward_bias(grad_out),
    ]
    got = [
        fastconv.conv2d(xv, wv, bv, **case.args),
        fastconv.conv2d_backward_input(gv, wv, case.input_shape, **case.args),
        fastconv.conv2d_backward_weight(gv, xv, case.weight_shape, **case.args),
        fastconv.conv2d_backward_bias(gv),
    ]
    terms = [case.forward_terms, case.backward_input_terms, case.backward_weight_terms,
             case.backward_weight_terms]
    for e, g, n_terms in zip(expected, got, terms):
        # Same values; a different memory layout may legitimately change the summation order.
        assert_close(g, e.astype(np.float64), n_terms)

    for original, view in zip(originals, (xv, wv, bv, gv)):
        np.testing.assert_array_equal(view, original)
    for original, array in zip(originals, (x, w, b, grad_out)):
        np.testing.assert_array_equal(array, original)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_im2col_col2im_layouts(layout, rng):
    x = uniform(rng, (2, 3, 7, 6))
    cols = uniform(rng, (2, 3 * 2 * 3, 6 * 6))  # OH = 7 - 2 + 1, OW = 6 + 2 - 3 + 1
    originals = (x.copy(), cols.copy())
    xv, colsv = _layout(x, layout), _layout(cols, layout)
    np.testing.assert_array_equal(fastconv.im2col(xv, (2, 3), padding=(0, 1)),
                                  fastconv.im2col(x, (2, 3), padding=(0, 1)))
    np.testing.assert_array_equal(fastconv.col2im(colsv, (7, 6), (2, 3), padding=(0, 1)),
                                  fastconv.col2im(cols, (7, 6), (2, 3), padding=(0, 1)))
    np.testing.assert_array_equal(xv, originals[0])
    np.testing.assert_array_equal(colsv, originals[1])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_empty_batch(dtype, algorithm, rng):
    case = ConvCase(0, 4, 7, 6, 6, 3, 3, stride=2, padding=1, groups=2)
    assert case.output_shape == (0, 6, 4, 3)
    x, w, b, grad_out = make_conv_data(rng, case, dtype)

    y = fastconv.conv2d(x, w, b, **case.args, algorithm=algorithm)
    assert y.shape == (0, 6, 4, 3) and y.dtype == dtype

    dx = fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args,
                                        algorithm=algorithm)
    assert dx.shape == case.input_shape and dx.dtype == dtype

    dw = fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args,
                                         algorithm=algorithm)
    assert dw.shape == case.weight_shape and dw.dtype == dtype
    np.testing.assert_array_equal(dw, 0)

    db = fastconv.conv2d_backward_bias(grad_out)
    assert db.shape == (6,) and db.dtype == dtype
    np.testing.assert_array_equal(db, 0)

    cols = fastconv.im2col(x, (3, 3), stride=2, padding=1)
    assert cols.shape == (0, 4 * 9, 12) and cols.dtype == dtype
    img = fastconv.col2im(cols, (7, 6), (3, 3), stride=2, padding=1)
    assert img.shape == (0, 4, 7, 6) and img.dtype == dtype


# ---------------------------------------------------------------------------------------------
# im2col / col2im

# (input_shape, kernel_size, stride, padding, dilation)
UNFOLD_CASES = [
    ((2, 3, 6, 7), 3, 1, 0, 1),
    ((2, 3, 6, 7), (3, 3), 1, 1, 1),
    ((1, 2, 8, 9), (3, 2), (2, 3), (1, 0), (1, 2)),
    ((1, 1, 5, 5), 5, 1, 0, 1),
    ((1, 2, 4, 3), 5, 1, 1, 1),
    ((2, 2, 7, 7), 2, 2, 0, 2),
    ((1, 4, 9, 8), 1, 2, 0, 1),
    ((3, 1, 10, 11), (4, 1), (3, 1), 2, (2, 1)),
    ((1, 17, 6, 6), 3, 1, 1, 1),
]
UNFOLD_IDS = [str(i) for i in range(len(UNFOLD_CASES))]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", UNFOLD_CASES, ids=UNFOLD_IDS)
def test_im2col(case, dtype, rng):
    input_shape, kernel_size, stride, padding, dilation = case
    x = uniform(rng, input_shape, dtype)
    cols = fastconv.im2col(x, kernel_size, stride=stride, padding=padding, dilation=dilation)
    assert cols.dtype == dtype
    expected = unfold_ref(x, kernel_size, stride, padding, dilation)
    # im2col only copies values: it must be exact
    assert cols.shape == expected.shape
    np.testing.assert_array_equal(cols, expected.astype(dtype))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", UNFOLD_CASES, ids=UNFOLD_IDS)
def test_col2im(case, dtype, rng):
    input_shape, kernel_size, stride, padding, dilation = case
    n, c, h, w = input_shape
    blocks = unfold_ref(np.zeros(input_shape), kernel_size, stride, padding, dilation).shape
    cols = uniform(rng, blocks, dtype)
    img = fastconv.col2im(cols, (h, w), kernel_size, stride=stride, padding=padding,
                          dilation=dilation)
    assert img.dtype == dtype
    expected = fold_ref(cols, (h, w), kernel_size, stride, padding, dilation)
    r, s = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    assert_close(img, expected, r * s)


def test_col2im_is_adjoint_of_im2col(rng):
    # <im2col(x), cols> == <x, col2im(cols)>
    x = uniform(rng, (2, 3, 9, 8))
    kwargs = dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    cols_x = fastconv.im2col(x, (3, 2), **kwargs)
    cols = uniform(rng, cols_x.shape)
    img = fastconv.col2im(cols, (9, 8), (3, 2), **kwargs)
    np.testing.assert_allclose(np.sum(cols_x * cols), np.sum(x * img), rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Standard layer shapes (reduced batch), float32 against the float64 reference

STANDARD_LAYERS = {
    "alexnet_conv1": ConvCase(1, 3, 227, 227, 96, 11, 11, stride=4, padding=0),
    "vgg_3x3": ConvCase(1, 256, 56, 56, 256, 3, 3, padding=1),
    "resnet_3x3": ConvCase(2, 64, 56, 56, 64, 3, 3, padding=1),
    "pointwise_1x1": ConvCase(2, 256, 56, 56, 64, 1, 1),
    "3x3_stride2": ConvCase(1, 128, 56, 56, 128, 3, 3, stride=2, padding=1),
    "lenet_conv2": ConvCase(2, 6, 14, 14, 16, 5, 5),
    "depthwise_3x3": ConvCase(2, 128, 56, 56, 128, 3, 3, padding=1, groups=128),
}


@pytest.mark.parametrize("name", list(STANDARD_LAYERS))
def test_standard_layers(name, rng):
    case = STANDARD_LAYERS[name]
    x, w, b, grad_out = make_conv_data(rng, case, np.float32)

    y = fastconv.conv2d(x, w, b, **case.args)
    assert y.dtype == np.float32
    assert_close_to_scale(y, conv2d_ref(x, w, b, **case.args), case.forward_terms)

    dx = fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args)
    assert_close_to_scale(
        dx, conv2d_backward_input_ref(grad_out, w, case.input_shape, **case.args),
        case.backward_input_terms,
    )

    dw = fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args)
    assert_close_to_scale(
        dw, conv2d_backward_weight_ref(grad_out, x, case.weight_shape, **case.args),
        case.backward_weight_terms,
    )


# ---------------------------------------------------------------------------------------------
# Threads


def _all_passes(case, x, w, b, grad_out, algorithm="auto"):
    results = {
        "forward": fastconv.conv2d(x, w, b, **case.args, algorithm=algorithm),
        "backward_input": fastconv.conv2d_backward_input(grad_out, w, case.input_shape,
                                                         **case.args, algorithm=algorithm),
        "backward_weight": fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape,
                                                           **case.args, algorithm=algorithm),
        "backward_bias": fastconv.conv2d_backward_bias(grad_out),
    }
    if not isinstance(case.padding, str):  # im2col takes numeric padding only
        results["im2col"] = fastconv.im2col(x, (case.r, case.s), stride=case.stride,
                                            padding=case.padding, dilation=case.dilation)
    return results


THREAD_CASES = {
    "small": ConvCase(3, 5, 13, 11, 7, 3, 3, padding=1),
    "groups": ConvCase(4, 8, 12, 12, 12, 3, 3, stride=2, padding=1, groups=4),
    "same_dilated": ConvCase(2, 6, 15, 14, 10, 3, 2, padding="same", dilation=2),
}
# The standard layers at batch 2 (threads split images as well as work within one), except VGG:
# one 28x28 image with its 256 -> 256 channels already spans several blocks of every loop (5 KC
# blocks of the GEMM's 2304-long sum, several channel blocks and bands of the direct tiles), and
# the full layer made these the slowest tests of the suite (2 minutes of the portable kernels'
# run under the sanitizers in CI).
THREAD_CASES.update({
    name: ConvCase(2, *(getattr(case, a) for a in ("c", "h", "w", "k", "r", "s")), **case.args)
    for name, case in STANDARD_LAYERS.items()
})
THREAD_CASES["vgg_3x3"] = ConvCase(1, 256, 28, 28, 256, 3, 3, padding=1)


# The standard layers run in float32 only, to save time.
THREAD_PARAMS = [(name, dtype) for name in THREAD_CASES for dtype in FLOAT_DTYPES
                 if name not in STANDARD_LAYERS or dtype == np.float32]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("name, dtype", THREAD_PARAMS,
                         ids=[f"{n}-{np.dtype(d).name}" for n, d in THREAD_PARAMS])
def test_bitwise_equal_across_thread_counts(name, dtype, algorithm, rng):
    case = THREAD_CASES[name]
    x, w, b, grad_out = make_conv_data(rng, case, dtype)
    with fastconv.num_threads(1):
        single = _all_passes(case, x, w, b, grad_out, algorithm)
    with fastconv.num_threads(2):
        double = _all_passes(case, x, w, b, grad_out, algorithm)
    for key in single:
        assert np.array_equal(single[key], double[key]), key


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("name, dtype", THREAD_PARAMS,
                         ids=[f"{n}-{np.dtype(d).name}" for n, d in THREAD_PARAMS])
def test_bitwise_equal_for_one_and_three_threads(name, dtype, algorithm, rng):
    # three threads do not divide the work evenly
    case = THREAD_CASES[name]
    x, w, b, grad_out = make_conv_data(rng, case, dtype)
    with fastconv.num_threads(1):
        single = _all_passes(case, x, w, b, grad_out, algorithm)
    with fastconv.num_threads(3):
        triple = _all_passes(case, x, w, b, grad_out, algorithm)
    for key in single:
        assert np.array_equal(single[key], triple[key]), key


# ---------------------------------------------------------------------------------------------
# Every kernel set this CPU can run (the grid above uses the default, best one)

ISA_CASES = CURATED_CASES[::4]


@pytest.mark.parametrize("isa", _ext.isa_available())
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", ISA_CASES, ids=[repr(c) for c in ISA_CASES])
def test_kernel_sets(case, dtype, isa, rng):
    x, w, b, grad_out = make_conv_data(rng, case, dtype)
    with use_isa(isa):
        y = fastconv.conv2d(x, w, b, **case.args)
        dx = fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args)
        dw = fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args)
    assert_close(y, conv2d_ref(x, w, b, **case.args), case.forward_terms)
    assert_close(dx, conv2d_backward_input_ref(grad_out, w, case.input_shape, **case.args),
                 case.backward_input_terms)
    assert_close(dw, conv2d_backward_weight_ref(grad_out, x, case.weight_shape, **case.args),
                 case.backward_weight_terms)
