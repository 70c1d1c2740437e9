"""Checks of the NumPy reference (tests/reference.py) against PyTorch autograd.

These tests do not use fastconv; they make sure the reference the other tests trust is right.
"""
import numpy as np
import pytest

from conftest import uniform
from reference import (
    conv2d_backward_bias_ref,
    conv2d_backward_input_ref,
    conv2d_backward_weight_ref,
    conv2d_output_shape_ref,
    conv2d_ref,
    fold_ref,
    normalize_padding,
    unfold_ref,
)

torch = pytest.importorskip("torch")

# PyTorch warns that even-kernel "same" padding copies the input; that is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.:UserWarning")
F = torch.nn.functional

# (input_shape, weight_shape, stride, padding, dilation, groups)
CASES = [
    ((2, 3, 7, 9), (4, 3, 3, 3), 1, 1, 1, 1),
    ((2, 3, 8, 8), (4, 3, 3, 3), 2, 1, 1, 1),     # k3 s2 p1: H=8 -> OH=4
    ((2, 3, 7, 7), (4, 3, 3, 3), 2, 1, 1, 1),     # k3 s2 p1: H=7 -> OH=4 too
    ((1, 2, 9, 10), (3, 2, 3, 3), 1, 2, 2, 1),    # dilation 2
    ((2, 4, 6, 7), (6, 2, 3, 2), 1, 0, 1, 2),     # groups 2
    ((1, 4, 6, 6), (8, 1, 3, 3), 1, 1, 1, 4),     # depthwise, K = 2C
    ((1, 3, 6, 7), (2, 3, 4, 3), 1, "same", 1, 1),  # even kernel: asymmetric "same"
    ((1, 2, 9, 8), (3, 2, 3, 2), 1, "same", 2, 1),  # dilated "same"
    ((2, 2, 5, 6), (2, 2, 2, 3), 1, "valid", 1, 1),
    ((1, 3, 11, 9), (5, 3, 3, 2), (2, 3), (1, 0), (2, 1), 1),  # non-square everything
    ((1, 1, 5, 5), (1, 1, 7, 5), 1, (1, 0), 1, 1),  # kernel as large as the padded input
]


def _torch_forward_and_grads(x, w, b, stride, padding, dilation, groups, grad_out):
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    yt = F.conv2d(xt, wt, bt, stride=stride, padding=padding, dilation=dilation, groups=groups)
    yt.backward(torch.tensor(grad_out))
    return (yt.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy())


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_reference_matches_torch(case):
    input_shape, weight_shape, stride, padding, dilation, groups = case
    rng = np.random.default_rng(7)
    x = uniform(rng, input_shape)
    w = uniform(rng, weight_shape)
    b = uniform(rng, weight_shape[0])
    out_shape = conv2d_output_shape_ref(input_shape, weight_shape, stride, padding, dilation,
                                        groups)
    grad_out = uniform(rng, out_shape)

    y_t, dx_t, dw_t, db_t = _torch_forward_and_grads(
        x, w, b, stride, padding, dilation, groups, grad_out
    )
    args = (stride, padding, dilation, groups)

    y = conv2d_ref(x, w, b, *args)
    assert y.shape == out_shape
    np.testing.assert_allclose(y, y_t, rtol=1e-12, atol=1e-12)

    dx = conv2d_backward_input_ref(grad_out, w, input_shape, *args)
    np.testing.assert_allclose(dx, dx_t, rtol=1e-12, atol=1e-12)

    dw = conv2d_backward_weight_ref(grad_out, x, weight_shape, *args)
    np.testing.assert_allclose(dw, dw_t, rtol=1e-12, atol=1e-12)

    db = conv2d_backward_bias_ref(grad_out)
    np.testing.assert_allclose(db, db_t, rtol=1e-12, atol=1e-12)


def test_same_padding_is_asymmetric_like_torch():
    # total padding = dilation * (R - 1); the odd extra goes to the bottom/right.
    assert normalize_padding("same", (4, 3), 1) == (1, 2, 1, 1)
    assert normalize_padding("same", (2, 2), (3, 1)) == (1, 2, 0, 1)
    assert normalize_padding("valid", (5, 5), 2) == (0, 0, 0, 0)
    assert normalize_padding(2, (3, 3), 1) == (2, 2, 2, 2)
    assert normalize_padding((1, 3), (3, 3), 1) == (1, 1, 3, 3)


def test_minimal_and_larger_input_give_same_output_size():
    assert conv2d_output_shape_ref((1, 1, 8, 8), (1, 1, 3, 3), 2, 1) == (1, 1, 4, 4)
    assert conv2d_output_shape_ref((1, 1, 7, 7), (1, 1, 3, 3), 2, 1) == (1, 1, 4, 4)


# (input_shape, kernel_size, stride, padding, dilation)
UNFOLD_CASES = [
    ((2, 3, 6, 7), (3, 3), 1, 1, 1),
    ((1, 2, 8, 9), (3, 2), (2, 3), (1, 0), (1, 2)),
    ((1, 1, 5, 5), 5, 1, 0, 1),
    ((2, 2, 7, 7), 2, 2, 0, 2),
]


@pytest.mark.parametrize("case", UNFOLD_CASES, ids=[str(i) for i in range(len(UNFOLD_CASES))])
def test_unfold_and_fold_match_torch(case):
    input_shape, kernel_size, stride, padding, dilation = case
    rng = np.random.default_rng(3)
    x = uniform(rng, input_shape)
    cols = unfold_ref(x, kernel_size, stride, padding, dilation)
    cols_t = F.unfold(torch.tensor(x), kernel_size, dilation=dilation, padding=padding,
                      stride=stride).numpy()
    np.testing.assert_allclose(cols, cols_t, rtol=1e-12, atol=1e-12)

    c = uniform(rng, cols.shape)
    folded = fold_ref(c, input_shape[2:], kernel_size, stride, padding, dilation)
    folded_t = F.fold(torch.tensor(c), input_shape[2:], kernel_size, dilation=dilation,
                      padding=padding, stride=stride).numpy()
    np.testing.assert_allclose(folded, folded_t, rtol=1e-12, atol=1e-12)
