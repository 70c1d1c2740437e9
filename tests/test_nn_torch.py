"""fastconv.nn against torch.nn (skipped when PyTorch is not installed): one small CNN built in
both from one state_dict (logits, loss, input gradient, every parameter gradient, and the
parameters after 5 SGD steps with momentum), each layer type, the loss options, the SGD
options, state_dict keys and shapes, and loading a PyTorch state_dict with bad keys."""
import numpy as np
import pytest

from fastconv import nn

torch = pytest.importorskip("torch")
T = torch.nn

# PyTorch warns that even-kernel "same" padding copies the input; that is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding=.same.:UserWarning")

TOL = {np.float64: 1e-10, np.float32: 1e-4}


def assert_close(actual, expected, dtype, what=""):
    """Relative to the largest magnitude of `expected` (elementwise relative error is
    meaningless for values that cancel to nearly zero)."""
    expected = expected.detach().numpy() if hasattr(expected, "detach") else np.asarray(expected)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, what
    tol = TOL[dtype]
    scale = float(np.abs(expected).max()) if expected.size else 0.0
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol * scale, err_msg=what)


def _torch_cnn():
    return T.Sequential(
        T.Conv2d(1, 6, 3, padding=1), T.ReLU(), T.MaxPool2d(2),
        T.Conv2d(6, 12, 3, padding=1), T.ReLU(), T.MaxPool2d(2),
        T.Flatten(), T.Linear(12 * 3 * 3, 32), T.ReLU(), T.Linear(32, 10))


def _fastconv_cnn(dtype):
    rng = np.random.default_rng(123)  # other weights than torch's: load_state_dict replaces them
    return nn.Sequential(
        nn.Conv2d(1, 6, 3, padding=1, dtype=dtype, rng=rng), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 12, 3, padding=1, dtype=dtype, rng=rng), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(12 * 3 * 3, 32, dtype=dtype, rng=rng), nn.ReLU(),
        nn.Linear(32, 10, dtype=dtype, rng=rng))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_small_cnn_matches_pytorch_from_one_state_dict(dtype):
    torch.manual_seed(0)
    tmodel = _torch_cnn().to(torch.float64 if dtype == np.float64 else torch.float32)
    model = _fastconv_cnn(dtype)
    model.load_state_dict(tmodel.state_dict())  # torch tensors, loaded directly
    rng = np.random.default_rng(1)
    x = rng.standard_normal((16, 1, 12, 12)).astype(dtype)
    y = rng.integers(0, 10, 16)
    loss_fn, tloss_fn = nn.CrossEntropyLoss(), T.CrossEntropyLoss()
    opt = nn.SGD(model.parameters(), lr=0.05, momentum=0.9)
    topt = torch.optim.SGD(tmodel.parameters(), lr=0.05, momentum=0.9)
    tparams = dict(tmodel.named_parameters())
    for step in range(5):
        xt = torch.from_numpy(x).requires_grad_(True)
        tlogits = tmodel(xt)
        tloss = tloss_fn(tlogits, torch.from_numpy(y))
        topt.zero_grad()
        tloss.backward()
        logits = model(x)
        loss = loss_fn(logits, y)
        opt.zero_grad()
        dx = model.backward(loss_fn.backward())
        if step == 0:
            assert_close(logits, tlogits, dtype, "logits")
            assert_close(loss, tloss, dtype, "loss")
            assert_close(dx, xt.grad, dtype, "input gradient")
            assert dx.dtype == dtype and loss.dtype == dtype
            for name, p in model.named_parameters():
                assert p.grad.dtype == dtype
                assert_close(p.grad, tparams[name].grad, dtype, f"gradient of {name}")
        topt.step()
        opt.step()
    for name, p in model.named_parameters():
        assert_close(p.data, tparams[name], dtype, f"{name} after 5 SGD steps")


def _compare_layer(layer, tlayer, x, dtype=np.float64):
    """Forward, input gradient and parameter gradients of one layer against torch's."""
    if dict(tlayer.named_parameters()):
        tlayer = tlayer.double()
        layer.load_state_dict(tlayer.state_dict())
    xt = torch.from_numpy(x).requires_grad_(True)
    yt = tlayer(xt)
    g = np.random.default_rng(5).standard_normal(tuple(yt.shape))
    yt.backward(torch.from_numpy(g))
    y = layer(x)
    assert_close(y, yt, dtype, "forward")
    assert_close(layer.backward(g), xt.grad, dtype, "input gradient")
    for name, tp in tlayer.named_parameters():
        assert_close(dict(layer.named_parameters())[name].grad, tp.grad, dtype, name)


F64 = dict(dtype=np.float64)
LAYER_CASES = [
    ("conv", lambda: nn.Conv2d(4, 6, 3, **F64), lambda: T.Conv2d(4, 6, 3), (2, 4, 7, 7)),
    ("conv_strided_padded", lambda: nn.Conv2d(4, 6, (3, 2), stride=2, padding=(1, 0), **F64),
     lambda: T.Conv2d(4, 6, (3, 2), stride=2, padding=(1, 0)), (2, 4, 9, 8)),
    ("conv_dilated_grouped_nobias",
     lambda: nn.Conv2d(4, 6, 3, padding=2, dilation=2, groups=2, bias=False, **F64),
     lambda: T.Conv2d(4, 6, 3, padding=2, dilation=2, groups=2, bias=False), (2, 4, 8, 8)),
    ("conv_same_depthwise", lambda: nn.Conv2d(4, 4, 4, padding="same", groups=4, **F64),
     lambda: T.Conv2d(4, 4, 4, padding="same", groups=4), (1, 4, 6, 7)),
    ("conv_im2col", lambda: nn.Conv2d(3, 5, 3, padding=1, algorithm="im2col", **F64),
     lambda: T.Conv2d(3, 5, 3, padding=1), (2, 3, 6, 6)),
    ("conv_direct_unbatched", lambda: nn.Conv2d(3, 5, 3, padding=1, algorithm="direct", **F64),
     lambda: T.Conv2d(3, 5, 3, padding=1), (3, 6, 6)),
    ("linear", lambda: nn.Linear(7, 5, **F64), lambda: T.Linear(7, 5), (4, 7)),
    ("linear_3d_nobias", lambda: nn.Linear(7, 5, bias=False, **F64),
     lambda: T.Linear(7, 5, bias=False), (2, 3, 7)),
    ("maxpool_pad_ceil", lambda: nn.MaxPool2d(3, 2, padding=1, ceil_mode=True),
     lambda: T.MaxPool2d(3, 2, padding=1, ceil_mode=True), (2, 3, 8, 7)),
    ("maxpool_dilated", lambda: nn.MaxPool2d(2, 1, dilation=2),
     lambda: T.MaxPool2d(2, 1, dilation=2), (1, 2, 6, 6)),
    ("avgpool_exclude_pad", lambda: nn.AvgPool2d(3, 2, padding=1, count_include_pad=False),
     lambda: T.AvgPool2d(3, 2, padding=1, count_include_pad=False), (2, 3, 7, 7)),
    ("avgpool_divisor", lambda: nn.AvgPool2d(2, divisor_override=3),
     lambda: T.AvgPool2d(2, divisor_override=3), (1, 2, 6, 6)),
    ("adaptive", lambda: nn.AdaptiveAvgPool2d((3, None)),
     lambda: T.AdaptiveAvgPool2d((3, None)), (2, 3, 7, 5)),
    ("relu", lambda: nn.ReLU(), lambda: T.ReLU(), (3, 4, 5)),
    ("flatten", lambda: nn.Flatten(1, 2), lambda: T.Flatten(1, 2), (2, 3, 4, 5)),
]


@pytest.mark.parametrize("name,make,tmake,shape", LAYER_CASES, ids=[c[0] for c in LAYER_CASES])
def test_layer_matches_pytorch(name, make, tmake, shape):
    torch.manual_seed(3)
    x = np.random.default_rng(4).standard_normal(shape)
    _compare_layer(make(), tmake(), x)


@pytest.mark.parametrize("kw", [{}, {"reduction": "sum"}, {"reduction": "none"},
                                {"ignore_index": 1}, {"label_smoothing": 0.1},
                                {"weight": [0.5, 1.0, 2.0, 1.5, 1.0], "label_smoothing": 0.3,
                                 "ignore_index": 4}])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_matches_pytorch(kw, dtype):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((7, 5)) * 4).astype(dtype)
    t = np.array([0, 1, 4, 2, 1, 3, 4])
    tkw = dict(kw)
    if "weight" in tkw:
        tkw["weight"] = torch.tensor(tkw["weight"], dtype=torch.from_numpy(x).dtype)
    xt = torch.from_numpy(x).requires_grad_(True)
    tl = T.CrossEntropyLoss(**tkw)(xt, torch.from_numpy(t))
    g = rng.standard_normal(tuple(tl.shape)).astype(dtype)
    tl.backward(torch.from_numpy(g))
    loss_fn = nn.CrossEntropyLoss(**kw)
    assert_close(loss_fn(x, t), tl, dtype, "loss")
    assert_close(loss_fn.backward(g), xt.grad, dtype, "gradient")


@pytest.mark.parametrize("kw", [{"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.5},
                                {"momentum": 0.9, "nesterov": True, "weight_decay": 1e-2},
                                {"weight_decay": 0.1, "maximize": True}, {}])
def test_sgd_matches_pytorch(kw):
    rng = np.random.default_rng(0)
    start = rng.standard_normal((4, 3))
    p, tp = nn.Parameter(start.copy()), torch.from_numpy(start.copy()).requires_grad_(True)
    opt, topt = nn.SGD([p], lr=0.1, **kw), torch.optim.SGD([tp], lr=0.1, **kw)
    for _ in range(5):
        g = rng.standard_normal((4, 3))
        p.grad, tp.grad = g.copy(), torch.from_numpy(g.copy())
        opt.step()
        topt.step()
    assert_close(p.data, tp, np.float64)


def test_state_dict_keys_and_shapes_match_pytorch():
    tmodel = T.Sequential(T.Conv2d(3, 8, 3, bias=False), T.ReLU(), T.AdaptiveAvgPool2d(1),
                          T.Flatten(), T.Linear(8, 4),
                          T.Sequential(T.ReLU(), T.Linear(4, 2)))
    model = nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(8, 4),
                          nn.Sequential(nn.ReLU(), nn.Linear(4, 2)))
    ours = {k: v.shape for k, v in model.state_dict().items()}
    theirs = {k: tuple(v.shape) for k, v in tmodel.state_dict().items()}
    assert list(ours) == list(theirs) and ours == theirs
    # and back: fastconv's state_dict loads into torch
    tmodel.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 6)).astype(np.float32)
    assert_close(model(x), tmodel(torch.from_numpy(x)), np.float32)


@pytest.mark.parametrize("tdtype", [torch.bfloat16, torch.float16, torch.float64])
def test_loading_a_state_dict_of_another_dtype_casts(tdtype):
    # bfloat16 has no NumPy dtype: it goes through float64, where it is exact
    tmodel = T.Linear(5, 3).to(tdtype)
    model = nn.Linear(5, 3)
    model.load_state_dict(tmodel.state_dict())
    want = tmodel.weight.detach().double().numpy().astype(np.float32)
    np.testing.assert_array_equal(model.weight.data, want)


def test_loading_a_pytorch_state_dict_with_a_wrong_key_or_shape_fails_clearly():
    tmodel = _torch_cnn()
    model = _fastconv_cnn(np.float32)
    before = model[0].weight.data.copy()
    sd = tmodel.state_dict()
    sd["3.weight"] = torch.zeros(12, 6, 5, 5)
    with pytest.raises(ValueError, match=r"'3.weight': expected shape \(12, 6, 3, 3\), got "
                                         r"\(12, 6, 5, 5\)"):
        model.load_state_dict(sd)
    sd = tmodel.state_dict()
    sd["9.bais"] = sd.pop("9.bias")
    with pytest.raises(ValueError, match=r"missing keys: \['9.bias'\]; unexpected keys: "
                                         r"\['9.bais'\]"):
        model.load_state_dict(sd)
    np.testing.assert_array_equal(model[0].weight.data, before)  # nothing was loaded


def test_initialisation_matches_pytorch_distribution():
    """The same bounds (1/sqrt(fan_in) for weight and bias) and spread as torch.nn's defaults."""
    torch.manual_seed(0)
    for ours, theirs in [(nn.Conv2d(32, 64, 3, groups=4, rng=0), T.Conv2d(32, 64, 3, groups=4)),
                         (nn.Linear(300, 200, rng=0), T.Linear(300, 200))]:
        bound = 1 / np.sqrt(ours.weight.data[0].size)
        for name, tp in theirs.named_parameters():
            a, b = dict(ours.named_parameters())[name].data, tp.detach().numpy()
            assert a.shape == b.shape and a.dtype == b.dtype
            assert np.abs(a).max() <= bound and np.abs(b).max() <= bound
            assert np.abs(a).max() == pytest.approx(np.abs(b).max(), rel=0.05)
            assert np.std(a) == pytest.approx(np.std(b), rel=0.15 if a.ndim == 1 else 0.05)


@pytest.mark.parametrize("name", ["Conv2d", "Linear", "MaxPool2d", "AvgPool2d",
                                  "AdaptiveAvgPool2d", "ReLU", "Flatten", "CrossEntropyLoss"])
def test_constructor_signatures_are_torch_nns(name):
    # the same parameters, in the same order, with the same defaults; torch's device and dtype
    # (and factory keywords) are replaced by fastconv's keyword-only dtype, rng and algorithm
    import inspect
    ours = inspect.signature(getattr(nn, name)).parameters
    theirs = inspect.signature(getattr(T, name)).parameters
    extra = {"device", "dtype"}
    want = [(p.name, p.default) for p in theirs.values() if p.name not in extra]
    got = [(p.name, p.default) for p in ours.values()
           if p.name not in {"dtype", "rng", "algorithm"}]
    assert got == want
    for p in ours.values():
        if p.name in {"dtype", "rng", "algorithm"}:
            assert p.kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("kw", [dict(size_average=False), dict(reduce=False),
                                dict(size_average=True), dict(reduce=True, size_average=False)])
def test_cross_entropy_legacy_arguments_as_torch(kw):
    import warnings
    x = np.random.default_rng(0).standard_normal((4, 3))
    t = np.array([0, 1, 2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation warning
        want = T.CrossEntropyLoss(**kw)(torch.from_numpy(x), torch.from_numpy(t)).numpy()
    np.testing.assert_allclose(nn.CrossEntropyLoss(**kw)(x, t), want, rtol=1e-12)
