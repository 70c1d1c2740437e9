"""Property-based tests (hypothesis): random argument combinations, valid and invalid, for the
convolution's three passes and for max / average pooling. Valid ones must match the NumPy float64
reference; invalid ones must raise ValueError or TypeError; nothing else may happen (no other
exception, no crash, no wrong shape). Each runs a fixed budget of examples, derandomized, so CI
sees the same cases on every run; `pytest -s` prints how many were valid and invalid."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fastconv
from conftest import assert_close
from reference import conv2d_backward_input_ref, conv2d_backward_weight_ref, conv2d_ref
from reference_pool import avg_pool2d_ref, max_pool2d_ref, pool_output_size

BUDGET = settings(max_examples=400, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
COUNTS = {}

DTYPES = [np.float32, np.float64, np.float32, np.float64, np.int32, np.float16, np.complex64,
          np.bool_, object]


def _count(kind, valid):
    key = (kind, "valid" if valid else "invalid")
    COUNTS[key] = COUNTS.get(key, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nproperty-test cases:", dict(sorted(COUNTS.items())))


def _as_pair(v):
    return (v, v) if isinstance(v, int) else v


def _int_pair_ok(v, minimum):
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, int):
        return v >= minimum
    return (isinstance(v, tuple) and len(v) == 2
            and all(isinstance(e, int) and not isinstance(e, bool) and e >= minimum for e in v))


def _array(rng, shape, dtype):
    a = rng.uniform(-1, 1, size=shape)
    if dtype is object:
        return a.astype(object)
    return a.astype(dtype)


def _int_or_pair(lo, hi):
    one = st.integers(lo, hi)
    return st.one_of(one, one, st.tuples(one, one))


# Each case is a valid configuration, and half the time one fault from this list (its second
# element, where there is one, is a value the fault puts in).
CONV_FAULTS = [
    ("stride", 0), ("stride", -2), ("stride", 1.5), ("stride", True), ("stride", (1, 2, 3)),
    ("stride", "2"), ("padding", -1), ("padding", (0, -2)), ("padding", "full"), ("padding", 2.0),
    ("padding", None), ("dilation", 0), ("dilation", (1, 0)), ("groups", 0), ("groups", 2.0),
    ("groups", "3"), ("groups_not_dividing",), ("weight_channels",), ("zero_channels",),
    ("zero_height",), ("zero_out_channels",), ("zero_kernel",), ("weight_3d",), ("x_5d",),
    ("x_2d",), ("dtype", np.int32), ("dtype", np.float16), ("dtype", np.complex64),
    ("dtype", np.bool_), ("dtype", object), ("mixed_dtype",), ("algorithm", "fast"),
    ("algorithm", None), ("kernel_too_big",), ("same_strided",), ("huge",),
]


@st.composite
def conv_cases(draw):
    g = draw(st.integers(1, 3))
    a, b = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    case = dict(
        x_shape=[draw(st.integers(0, 3)), g * a, draw(st.integers(1, 11)), draw(st.integers(1, 11))],
        w_shape=[g * b, a, draw(st.integers(1, 5)), draw(st.integers(1, 5))],
        stride=draw(_int_or_pair(1, 3)), padding=draw(st.one_of(
            _int_or_pair(0, 2), st.sampled_from(["same", "valid"]))),
        dilation=draw(_int_or_pair(1, 2)), groups=g, x_dtype=draw(st.sampled_from(
            [np.float32, np.float64])), algorithm=draw(st.sampled_from(
                ["auto", "direct", "im2col"])), unbatched=draw(st.booleans()),
        as_list=draw(st.integers(0, 9)) == 0, seed=draw(st.integers(0, 2**16)))
    case["w_dtype"] = case["x_dtype"]
    if case["padding"] == "same":
        case["stride"] = 1
    fault = draw(st.one_of(st.none(), st.sampled_from(CONV_FAULTS)))
    case["fault"] = fault and fault[0]
    if fault:
        name = fault[0]
        if name in ("stride", "padding", "dilation", "groups", "algorithm"):
            case[name] = fault[1]
        elif name == "groups_not_dividing":
            case["x_shape"][1] += 1
        elif name == "weight_channels":
            case["w_shape"][1] += 1
        elif name == "zero_channels":
            case["x_shape"][1] = 0
        elif name == "zero_height":
            case["x_shape"][2] = 0
        elif name == "zero_out_channels":
            case["w_shape"][0] = 0
        elif name == "zero_kernel":
            case["w_shape"][3] = 0
        elif name == "weight_3d":
            case["w_shape"] = case["w_shape"][:3]
        elif name == "x_5d":
            case["x_shape"] = [1] + case["x_shape"]
        elif name == "x_2d":
            case["x_shape"] = case["x_shape"][2:]
        elif name == "dtype":
            case["x_dtype"] = case["w_dtype"] = fault[1]
        elif name == "mixed_dtype":
            case["w_dtype"] = np.float64 if case["x_dtype"] is np.float32 else np.float32
        elif name == "kernel_too_big":
            case["padding"], case["w_shape"][2] = 0, case["x_shape"][2] + 1
        elif name == "same_strided":
            case["padding"], case["stride"] = "same", 2
        elif name == "huge":
            case["stride"] = 2**70
    if case["unbatched"] and len(case["x_shape"]) == 4 and case["x_shape"][0] == 1:
        case["x_shape"] = case["x_shape"][1:]
    case["x_shape"], case["w_shape"] = tuple(case["x_shape"]), tuple(case["w_shape"])
    return case


def _conv_valid(case):
    """PyTorch's rules, written independently of fastconv's checks."""
    xs, ws, groups = case["x_shape"], case["w_shape"], case["groups"]
    if case["x_dtype"] not in (np.float32, np.float64) or case["w_dtype"] is not case["x_dtype"]:
        return False
    if len(ws) != 4 or len(xs) not in (3, 4) or case["algorithm"] not in ("auto", "direct",
                                                                              "im2col"):
        return False
    if not (_int_pair_ok(case["stride"], 1) and _int_pair_ok(case["dilation"], 1)):
        return False
    if max(_as_pair(case["stride"]) + _as_pair(case["dilation"])) > 2**40:
        return False  # fastconv refuses sizes this large (PyTorch would overflow)
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        return False
    _, c, h, w = (1,) + xs if len(xs) == 3 else xs
    k, cg, r, s = ws
    if min(c, h, w, k, cg, r, s) < 1 or c % groups or k % groups or cg * groups != c:
        return False
    sh, sw = _as_pair(case["stride"])
    dh, dw = _as_pair(case["dilation"])
    pad = case["padding"]
    if isinstance(pad, str):
        if pad == "valid":
            ph = pw = 0
            extra_h = extra_w = 0
        elif pad == "same":
            if (sh, sw) != (1, 1):
                return False
            extra_h, extra_w = dh * (r - 1), dw * (s - 1)
            ph = pw = 0
        else:
            return False
    else:
        if not _int_pair_ok(pad, 0):
            return False
        ph, pw = _as_pair(pad)
        extra_h = extra_w = 0
    return (h + 2 * ph + extra_h >= dh * (r - 1) + 1 and w + 2 * pw + extra_w >= dw * (s - 1) + 1)


@BUDGET
@given(conv_cases())
def test_conv_arguments(case):
    rng = np.random.default_rng(case["seed"])
    x = _array(rng, case["x_shape"], case["x_dtype"])
    w = _array(rng, case["w_shape"], case["w_dtype"])
    if case["as_list"] and case["x_dtype"] is np.float64 and x.size:
        x = x.tolist()  # an array-like: taken as float64, like np.asarray
    kw = dict(stride=case["stride"], padding=case["padding"], dilation=case["dilation"],
              groups=case["groups"], algorithm=case["algorithm"])
    valid = _conv_valid(case)
    _count("conv2d", valid)
    if not valid:
        with pytest.raises((ValueError, TypeError)):
            fastconv.conv2d(x, w, **kw)
        return
    y = fastconv.conv2d(x, w, **kw)
    x = np.asarray(x)
    x4 = x[None] if x.ndim == 3 else x
    ref_kw = {k: v for k, v in kw.items() if k != "algorithm"}
    y_ref = conv2d_ref(x4.astype(np.float64), w.astype(np.float64), None, **ref_kw)
    assert y.dtype == x.dtype
    assert_close(y[None] if x.ndim == 3 else y, y_ref, w.shape[1] * w.shape[2] * w.shape[3])
    g = _array(rng, y.shape, case["x_dtype"])
    g4 = g[None] if g.ndim == 3 else g
    dx = fastconv.conv2d_backward_input(g, w, x.shape, **kw)
    assert_close(dx[None] if x.ndim == 3 else dx,
                 conv2d_backward_input_ref(g4.astype(np.float64), w.astype(np.float64),
                                           x4.shape, **ref_kw),
                 w.shape[0] * w.shape[2] * w.shape[3])
    dw = fastconv.conv2d_backward_weight(g, x, w.shape, **kw)
    assert_close(dw, conv2d_backward_weight_ref(g4.astype(np.float64), x4.astype(np.float64),
                                                w.shape, **ref_kw),
                 max(1, x4.shape[0] * y_ref.shape[2] * y_ref.shape[3]))


POOL_FAULTS = [
    ("kernel", 0), ("kernel", -1), ("kernel", (2, 0)), ("kernel", 2.5), ("kernel", None),
    ("stride", 0), ("stride", (1, -1)), ("stride", "2"), ("padding", -1), ("padding", 3),
    ("padding", 1.0), ("dilation", 0), ("dtype", np.int64), ("dtype", np.float16),
    ("dtype", np.complex128), ("dtype", np.bool_), ("dtype", object), ("x_2d",), ("x_5d",),
    ("divisor_zero",),
]


@st.composite
def pool_cases(draw):
    case = dict(
        shape=draw(st.sampled_from([(2, 3, 7, 6), (1, 1, 5, 9), (3, 8, 8), (0, 2, 5, 5),
                                    (1, 2, 1, 1), (2, 3, 7), (1, 4, 12, 11)])),
        kernel=draw(_int_or_pair(1, 4)), stride=draw(st.one_of(st.none(), _int_or_pair(1, 3))),
        padding=draw(_int_or_pair(0, 2)), dilation=draw(_int_or_pair(1, 2)),
        ceil_mode=draw(st.booleans()), dtype=draw(st.sampled_from([np.float32, np.float64])),
        kind=draw(st.sampled_from(["max", "avg"])), count_include_pad=draw(st.booleans()),
        divisor_override=draw(st.sampled_from([None, None, None, 1, 3, -2])),
        seed=draw(st.integers(0, 2**16)))
    fault = draw(st.one_of(st.none(), st.sampled_from(POOL_FAULTS)))
    case["fault"] = fault and fault[0]
    if fault:
        name = fault[0]
        if name in ("kernel", "stride", "padding", "dilation", "dtype"):
            case[name] = fault[1]
            if name == "dilation":
                case["kind"] = "max"  # average pooling has no dilation argument
        elif name == "x_2d":
            case["shape"] = case["shape"][-2:]
        elif name == "x_5d":
            case["shape"] = (1,) + case["shape"]
        elif name == "divisor_zero":
            case["kind"], case["divisor_override"] = "avg", 0
    return case


def _pool_valid(case):
    """PyTorch's pooling rules, written independently of fastconv's checks."""
    if case["dtype"] not in (np.float32, np.float64) or len(case["shape"]) not in (3, 4):
        return False
    if case["kind"] == "avg" and case["divisor_override"] == 0:
        return False
    if not _int_pair_ok(case["kernel"], 1) or not _int_pair_ok(case["padding"], 0):
        return False
    if case["stride"] is not None and not _int_pair_ok(case["stride"], 1):
        return False
    if case["kind"] == "max" and not _int_pair_ok(case["dilation"], 1):
        return False
    kh, kw = _as_pair(case["kernel"])
    sh, sw = _as_pair(case["stride"] if case["stride"] is not None else case["kernel"])
    ph, pw = _as_pair(case["padding"])
    dh, dw = _as_pair(case["dilation"]) if case["kind"] == "max" else (1, 1)
    if 2 * ph > kh or 2 * pw > kw:
        return False
    h, w = case["shape"][-2:]
    oh = pool_output_size(h, kh, sh, ph, dh, case["ceil_mode"])
    ow = pool_output_size(w, kw, sw, pw, dw, case["ceil_mode"])
    return oh >= 1 and ow >= 1


@BUDGET
@given(pool_cases())
def test_pool_arguments(case):
    rng = np.random.default_rng(case["seed"])
    x = _array(rng, case["shape"], case["dtype"])
    valid = _pool_valid(case)
    _count(case["kind"] + "_pool2d", valid)
    kw = dict(stride=case["stride"], padding=case["padding"], ceil_mode=case["ceil_mode"])
    if case["kind"] == "max":
        call = lambda: fastconv.max_pool2d(x, case["kernel"], dilation=case["dilation"], **kw)
    else:
        call = lambda: fastconv.avg_pool2d(x, case["kernel"],
                                          count_include_pad=case["count_include_pad"],
                                          divisor_override=case["divisor_override"], **kw)
    if not valid:
        with pytest.raises((ValueError, TypeError)):
            call()
        return
    y = call()
    x4 = (x[None] if x.ndim == 3 else x).astype(np.float64)
    if case["kind"] == "max":
        ref, _ = max_pool2d_ref(x4, case["kernel"], case["stride"], case["padding"],
                                case["dilation"], case["ceil_mode"])
    else:
        ref = avg_pool2d_ref(x4, case["kernel"], case["stride"], case["padding"],
                             case["ceil_mode"], case["count_include_pad"],
                             case["divisor_override"])
    kh, kw_ = _as_pair(case["kernel"])
    assert_close(y[None] if x.ndim == 3 else y, ref, kh * kw_)
