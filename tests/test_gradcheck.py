"""Finite-difference checks of the backward passes, in float64.

For a fixed random G the loss L(x, w, b) = sum(conv2d(x, w, b) * G) has the gradients
dL/dx = conv2d_backward_input(G, ...), dL/dw = conv2d_backward_weight(G, ...) and
dL/db = conv2d_backward_bias(G). Each is checked by central differences on ~20 coordinates.
"""
import numpy as np
import pytest

import fastconv
from conftest import ConvCase, make_conv_data

EPS = 1e-6
N_PROBES = 20

CASES = {
    "stride2": ConvCase(2, 3, 8, 7, 4, 3, 3, stride=2, padding=1),
    "dilation2": ConvCase(1, 2, 9, 9, 3, 3, 3, padding=1, dilation=2),
    "groups2": ConvCase(2, 4, 6, 7, 6, 3, 2, padding=1, groups=2),
    "same_even_kernel": ConvCase(1, 3, 7, 6, 2, 4, 2, padding="same"),
    "non_square": ConvCase(1, 2, 11, 9, 3, 3, 2, stride=(2, 1), padding=(0, 1),
                           dilation=(1, 2)),
    "depthwise_stride2": ConvCase(2, 3, 8, 8, 6, 3, 3, stride=2, padding=1, groups=3),
}


def _loss(x, w, b, grad, case, algorithm):
    return float(np.sum(fastconv.conv2d(x, w, b, **case.args, algorithm=algorithm) * grad))


def _numeric_gradient(loss_of, array, index):
    """Central difference of loss_of() w.r.t. array[index] (array is perturbed in place)."""
    saved = array[index]
    array[index] = saved + EPS
    plus = loss_of()
    array[index] = saved - EPS
    minus = loss_of()
    array[index] = saved
    return (plus - minus) / (2 * EPS)


def _probe_indices(rng, shape):
    """Up to N_PROBES distinct multi-indices of an array of `shape`."""
    size = int(np.prod(shape))
    flat = rng.choice(size, size=min(N_PROBES, size), replace=False)
    return [np.unravel_index(i, shape) for i in flat]


def _check(analytic, array, loss_of, rng):
    for index in _probe_indices(rng, array.shape):
        numeric = _numeric_gradient(loss_of, array, index)
        # L is linear in each argument, so the only error is rounding: ~1e-16 * |L| / EPS.
        assert analytic[index] == pytest.approx(numeric, rel=1e-6, abs=1e-7), index


@pytest.mark.parametrize("algorithm", ["im2col", "auto"])
@pytest.mark.parametrize("name", list(CASES))
def test_gradients_match_finite_differences(name, algorithm, rng):
    case = CASES[name]
    x, w, b, grad = make_conv_data(rng, case, np.float64)

    def loss_of():
        return _loss(x, w, b, grad, case, algorithm)

    dx = fastconv.conv2d_backward_input(grad, w, case.input_shape, **case.args,
                                        algorithm=algorithm)
    dw = fastconv.conv2d_backward_weight(grad, x, case.weight_shape, **case.args,
                                         algorithm=algorithm)
    db = fastconv.conv2d_backward_bias(grad)

    _check(dx, x, loss_of, rng)
    _check(dw, w, loss_of, rng)
    _check(db, b, loss_of, rng)
