"""Shared fixtures and helpers for the convolution tests."""
import os
import sys

import numpy as np
import pytest

# Make `import reference` work from any test module, whatever the rootdir/import mode.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from reference import conv2d_output_shape_ref, normalize_padding, pair  # noqa: E402

FLOAT_DTYPES = [np.float32, np.float64]


@pytest.fixture
def rng():
    """A freshly seeded generator, so every test sees the same data on every run."""
    return np.random.default_rng(20240611)


def uniform(rng, shape, dtype=np.float64):
    """Values in [-1, 1): every product term of a convolution then has magnitude <= 1."""
    return rng.uniform(-1.0, 1.0, size=shape).astype(dtype)


def tolerances(dtype, n_terms, scale=1.0):
    """(rtol, atol) for comparing a result of `dtype` with the float64 reference.

    n_terms is the length of the longest sum that produced an element; scale is the magnitude
    of one term of that sum. Rounding errors of a long sum grow roughly like sqrt(n_terms).
    """
    n_terms = max(int(n_terms), 1)
    if np.dtype(dtype) == np.float64:
        return 1e-10, 1e-10 * np.sqrt(n_terms) * scale
    return 1e-5, 1e-5 * np.sqrt(n_terms) * scale


def assert_close(actual, expected, n_terms, scale=1.0):
    """Compare with the float64 reference, tolerances from `tolerances`."""
    actual = np.asarray(actual)
    assert actual.shape == np.shape(expected), f"shape {actual.shape} != {np.shape(expected)}"
    rtol, atol = tolerances(actual.dtype, n_terms, scale)
    np.testing.assert_allclose(actual.astype(np.float64), expected, rtol=rtol, atol=atol)


def assert_close_to_scale(actual, expected, n_terms, factor=3e-6):
    """Compare a float32 result with the float64 reference when the output is large: the
    absolute tolerance is factor * sqrt(n_terms) times the largest reference value."""
    actual = np.asarray(actual)
    assert actual.shape == np.shape(expected), f"shape {actual.shape} != {np.shape(expected)}"
    largest = float(np.max(np.abs(expected))) if np.size(expected) else 0.0
    atol = factor * np.sqrt(max(int(n_terms), 1)) * largest
    np.testing.assert_allclose(actual.astype(np.float64), expected, rtol=0.0, atol=atol)


class ConvCase:
    """One convolution configuration: input (N, C, H, W), weight (K, C // groups, R, S)."""

    def __init__(self, n, c, h, w, k, r, s, stride=1, padding=0, dilation=1, groups=1,
                 bias=True):
        self.n, self.c, self.h, self.w = n, c, h, w
        self.k, self.r, self.s = k, r, s
        self.stride, self.padding, self.dilation = stride, padding, dilation
        self.groups, self.bias = groups, bias

    @property
    def input_shape(self):
        return (self.n, self.c, self.h, self.w)

    @property
    def weight_shape(self):
        return (self.k, self.c // self.groups, self.r, self.s)

    @property
    def args(self):
        """Keyword arguments shared by every convolution call."""
        return dict(stride=self.stride, padding=self.padding, dilation=self.dilation,
                    groups=self.groups)

    @property
    def output_shape(self):
        return conv2d_output_shape_ref(self.input_shape, self.weight_shape, **self.args)

    # Lengths of the sums behind one output element of each pass (for tolerances).
    @property
    def forward_terms(self):
        return (self.c // self.groups) * self.r * self.s

    @property
    def backward_input_terms(self):
        return (self.k // self.groups) * self.r * self.s

    @property
    def backward_weight_terms(self):
        _, _, oh, ow = self.output_shape
        return self.n * oh * ow

    def is_valid(self):
        if self.c % self.groups or self.k % self.groups:
            return False
        if self.padding == "same" and pair(self.stride) != (1, 1):
            return False
        top, bottom, left, right = normalize_padding(self.padding, (self.r, self.s),
                                                     self.dilation)
        dil_h, dil_w = pair(self.dilation)
        return (self.h + top + bottom >= dil_h * (self.r - 1) + 1
                and self.w + left + right >= dil_w * (self.s - 1) + 1)

    def __repr__(self):
        def fmt(v):
            return "x".join(str(i) for i in v) if isinstance(v, tuple) else str(v)

        return (f"n{self.n}c{self.c}h{self.h}w{self.w}-k{self.k}r{self.r}s{self.s}"
                f"-st{fmt(self.stride)}-p{fmt(self.padding)}-d{fmt(self.dilation)}"
                f"-g{self.groups}{'-bias' if self.bias else ''}")


def random_case(rng):
    """A random valid configuration with small sizes."""
    while True:
        groups_kind = rng.choice(["one", "two", "depthwise"])
        if groups_kind == "one":
            groups, c, k = 1, int(rng.integers(1, 6)), int(rng.integers(1, 7))
        elif groups_kind == "two":
            groups, c, k = 2, 2 * int(rng.integers(1, 4)), 2 * int(rng.integers(1, 4))
        else:
            c = int(rng.integers(1, 6))
            groups, k = c, c * int(rng.choice([1, 2]))

        def maybe_pair(low, high):
            a, b = int(rng.integers(low, high + 1)), int(rng.integers(low, high + 1))
            return (a, b) if rng.random() < 0.4 else a

        stride = maybe_pair(1, 3)
        dilation = maybe_pair(1, 2)
        padding_kind = rng.choice(["int", "pair", "same", "valid"], p=[0.5, 0.2, 0.15, 0.15])
        if padding_kind == "int":
            padding = int(rng.integers(0, 3))
        elif padding_kind == "pair":
            padding = (int(rng.integers(0, 3)), int(rng.integers(0, 3)))
        else:
            padding = str(padding_kind)
        case = ConvCase(
            n=int(rng.integers(1, 4)), c=c, h=int(rng.integers(1, 13)),
            w=int(rng.integers(1, 13)), k=k, r=int(rng.integers(1, 6)),
            s=int(rng.integers(1, 6)), stride=stride, padding=padding, dilation=dilation,
            groups=groups, bias=bool(rng.random() < 0.5),
        )
        if case.is_valid():
            return case


def make_conv_data(rng, case, dtype):
    """x, weight, bias (or None) and a grad_out for `case`, values in [-1, 1)."""
    x = uniform(rng, case.input_shape, dtype)
    w = uniform(rng, case.weight_shape, dtype)
    b = uniform(rng, (case.k,), dtype) if case.bias else None
    grad_out = uniform(rng, case.output_shape, dtype)
    return x, w, b, grad_out
