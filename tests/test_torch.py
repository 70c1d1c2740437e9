"""fastconv against PyTorch (skipped when torch is not installed)."""
import numpy as np
import pytest

import fastconv
from conftest import FLOAT_DTYPES, ConvCase, assert_close, make_conv_data, random_case, uniform

torch = pytest.importorskip("torch")
F = torch.nn.functional

# PyTorch warns that even-kernel "same" padding copies the input; that is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.:UserWarning")

C = ConvCase
HAND_PICKED = [
    C(2, 3, 7, 7, 4, 3, 3, 1, 1, 1, 1, True),
    C(2, 3, 8, 8, 4, 3, 3, 2, 1, 1, 1, True),
    C(2, 3, 7, 7, 4, 3, 3, 2, 1, 1, 1, False),
    C(1, 2, 11, 10, 3, 3, 3, 3, 2, 1, 1, True),
    C(2, 2, 9, 9, 3, 3, 3, 1, 2, 2, 1, True),
    C(1, 3, 12, 11, 2, 3, 3, 2, 1, 2, 1, False),
    C(2, 3, 6, 7, 4, 3, 3, 1, "same", 1, 1, True),
    C(1, 2, 7, 6, 3, 4, 2, 1, "same", 1, 1, False),
    C(1, 2, 9, 8, 2, 3, 2, 1, "same", 2, 1, True),
    C(2, 2, 6, 5, 3, 2, 3, 1, "valid", 1, 1, True),
    C(2, 4, 7, 6, 6, 3, 3, 1, 1, 1, 2, True),
    C(2, 4, 7, 7, 4, 3, 3, 1, 1, 1, 4, True),
    C(1, 3, 8, 8, 6, 3, 3, 2, 1, 1, 3, False),
    C(2, 5, 6, 7, 3, 1, 1, 1, 0, 1, 1, True),
    C(1, 2, 5, 4, 3, 7, 6, 1, 1, 1, 1, False),
    C(2, 4, 13, 11, 4, 3, 2, (2, 3), (1, 0), (1, 2), 2, True),
    C(1, 1, 5, 6, 1, 3, 3, 1, 1, 1, 1, True),
    C(2, 16, 9, 9, 24, 3, 3, 1, 1, 1, 1, True),
    C(1, 3, 32, 32, 8, 5, 5, 2, 2, 1, 1, True),
    C(2, 8, 20, 20, 8, 3, 3, 1, 1, 1, 8, False),
]
_sampler = np.random.default_rng(98765)
CASES = HAND_PICKED + [random_case(_sampler) for _ in range(12)]
IDS = [repr(case) for case in CASES]


def _torch_gradients(case, x, w, grad_out):
    """(dx, dw) from PyTorch: torch.nn.grad for numeric padding, autograd for "same"/"valid"
    (torch.nn.grad takes numeric padding only)."""
    xt, wt, gt = (torch.from_numpy(np.ascontiguousarray(a)) for a in (x, w, grad_out))
    if isinstance(case.padding, str):
        xt.requires_grad_(True)
        wt.requires_grad_(True)
        F.conv2d(xt, wt, **case.args).backward(gt)
        return xt.grad.numpy(), wt.grad.numpy()
    dx = torch.nn.grad.conv2d_input(case.input_shape, wt, gt, **case.args)
    dw = torch.nn.grad.conv2d_weight(xt, case.weight_shape, gt, **case.args)
    return dx.numpy(), dw.numpy()


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_torch(case, dtype, rng):
    x, w, b, grad_out = make_conv_data(rng, case, dtype)
    tensors = {name: None if a is None else torch.from_numpy(a)
               for name, a in dict(x=x, w=w, b=b).items()}
    # Both sides round: allow twice the tolerance used against the float64 reference.
    scale = 2.0

    y = fastconv.conv2d(x, w, b, **case.args)
    y_torch = F.conv2d(tensors["x"], tensors["w"], tensors["b"], **case.args).numpy()
    assert y.dtype == dtype
    assert_close(y, y_torch.astype(np.float64), case.forward_terms, scale)

    dx_torch, dw_torch = _torch_gradients(case, x, w, grad_out)
    dx = fastconv.conv2d_backward_input(grad_out, w, case.input_shape, **case.args)
    assert_close(dx, dx_torch.astype(np.float64), case.backward_input_terms, scale)
    dw = fastconv.conv2d_backward_weight(grad_out, x, case.weight_shape, **case.args)
    assert_close(dw, dw_torch.astype(np.float64), case.backward_weight_terms, scale)

    db = fastconv.conv2d_backward_bias(grad_out)
    db_torch = torch.from_numpy(grad_out).sum(dim=(0, 2, 3)).numpy()
    assert_close(db, db_torch.astype(np.float64), case.backward_weight_terms, scale)


# (input_shape, kernel_size, stride, padding, dilation)
UNFOLD_CASES = [
    ((2, 3, 6, 7), 3, 1, 0, 1),
    ((2, 3, 6, 7), (3, 3), 1, 1, 1),
    ((1, 2, 8, 9), (3, 2), (2, 3), (1, 0), (1, 2)),
    ((1, 1, 5, 5), 5, 1, 0, 1),
    ((2, 2, 7, 7), 2, 2, 0, 2),
    ((1, 4, 9, 8), 1, 2, 0, 1),
    ((3, 1, 10, 11), (4, 1), (3, 1), 2, (2, 1)),
    ((1, 6, 12, 12), 3, 2, 1, 1),
]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("case", UNFOLD_CASES, ids=[str(i) for i in range(len(UNFOLD_CASES))])
def test_im2col_col2im_against_torch(case, dtype, rng):
    input_shape, kernel_size, stride, padding, dilation = case
    kwargs = dict(stride=stride, padding=padding, dilation=dilation)
    x = uniform(rng, input_shape, dtype)

    cols = fastconv.im2col(x, kernel_size, **kwargs)
    cols_torch = F.unfold(torch.from_numpy(x), kernel_size, **kwargs).numpy()
    assert cols.dtype == dtype
    np.testing.assert_array_equal(cols, cols_torch)

    c = uniform(rng, cols.shape, dtype)
    img = fastconv.col2im(c, input_shape[2:], kernel_size, **kwargs)
    img_torch = F.fold(torch.from_numpy(c), input_shape[2:], kernel_size, **kwargs).numpy()
    assert img.dtype == dtype
    r, s = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    assert_close(img, img_torch.astype(np.float64), r * s, 2.0)


@pytest.mark.parametrize("algorithm", ["direct", "im2col"])
@pytest.mark.parametrize("stride", [1, 2])
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_non_finite_values_land_where_pytorch_puts_them(dtype, stride, algorithm):
    # Inf, -Inf and NaN in x (every pass) and in the gradient of the backward to the input give
    # exactly PyTorch's non-finite positions. (An Inf or NaN that meets the zero padding, in the
    # weight or in the weight gradient's grad_out, gives NaN here: see the README.)
    rng = np.random.default_rng(stride)
    F = torch.nn.functional
    for _ in range(10):
        x = rng.standard_normal((2, 4, 9, 9)).astype(dtype)
        w = rng.standard_normal((6, 4, 3, 3)).astype(dtype)
        for v, n in ((np.inf, 3), (-np.inf, 1), (np.nan, 2)):
            x.flat[rng.integers(x.size, size=n)] = v
        kw = dict(stride=stride, padding=1)
        y = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), **kw).numpy()
        g = rng.standard_normal(y.shape).astype(dtype)
        g_bad = g.copy()
        g_bad.flat[rng.integers(g.size, size=2)] = np.nan
        g_bad.flat[rng.integers(g.size, size=2)] = np.inf
        dx = torch.nn.grad.conv2d_input(x.shape, torch.from_numpy(w), torch.from_numpy(g_bad),
                                        **kw).numpy()
        dw = torch.nn.grad.conv2d_weight(torch.from_numpy(x), w.shape, torch.from_numpy(g),
                                         **kw).numpy()
        ours = (fastconv.conv2d(x, w, algorithm=algorithm, **kw),
                fastconv.conv2d_backward_input(g_bad, w, x.shape, algorithm=algorithm, **kw),
                fastconv.conv2d_backward_weight(g, x, w.shape, algorithm=algorithm, **kw))
        for name, a, b in zip(("forward", "backward_input", "backward_weight"), ours,
                              (y, dx, dw)):
            np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=name)
            np.testing.assert_array_equal(np.isposinf(a), np.isposinf(b), err_msg=name)
            np.testing.assert_array_equal(np.isneginf(a), np.isneginf(b), err_msg=name)
