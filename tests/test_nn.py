"""fastconv.nn without PyTorch: a finite-difference gradient check through a whole Sequential
(float64), gradient accumulation, backward-order errors, state_dict round trips and bad keys,
initialisation, constructor and loss argument errors, SGD's update rule."""
import io

import numpy as np
import pytest

import fastconv
from fastconv import nn


def _gradcheck_model(rng):
    """Every layer type, with stride, dilation, groups, avg and adaptive pooling (float64)."""
    kw = dict(rng=rng, dtype=np.float64)
    return nn.Sequential(
        nn.Conv2d(2, 6, 3, padding=1, **kw), nn.ReLU(), nn.MaxPool2d(2),             # 6x6x6
        nn.Conv2d(6, 6, 3, padding=2, dilation=2, groups=2, **kw), nn.ReLU(),
        nn.AvgPool2d(2),                                                              # 6x3x3
        nn.Conv2d(6, 8, 2, bias=False, **kw), nn.ReLU(inplace=True),                  # 8x2x2
        nn.AdaptiveAvgPool2d((2, 1)), nn.Flatten(),                                   # 16
        nn.Linear(16, 12, **kw), nn.ReLU(), nn.Linear(12, 5, **kw))


def _loss(model, loss_fn, x, y):
    return float(loss_fn(model(x), y))


def test_gradients_through_sequential_match_finite_differences():
    rng = np.random.default_rng(7)
    model = _gradcheck_model(rng)
    x = rng.standard_normal((3, 2, 12, 12))
    y = np.array([0, 3, 4])
    loss_fn = nn.CrossEntropyLoss()
    loss_fn(model(x), y)
    model.zero_grad()
    dx = model.backward(loss_fn.backward())
    eps = 1e-6

    def check(array, analytic, n):
        flat = array.reshape(-1)
        for i in rng.choice(flat.size, size=min(n, flat.size), replace=False):
            saved = flat[i]
            flat[i] = saved + eps
            plus = _loss(model, loss_fn, x, y)
            flat[i] = saved - eps
            minus = _loss(model, loss_fn, x, y)
            flat[i] = saved
            numeric = (plus - minus) / (2 * eps)
            assert analytic.reshape(-1)[i] == pytest.approx(numeric, rel=1e-5, abs=1e-8)

    check(x, dx, 12)
    names = []
    for name, p in model.named_parameters():
        names.append(name)
        assert p.grad is not None and p.grad.shape == p.data.shape and p.grad.dtype == np.float64
        check(p.data, p.grad, 6)
    assert names == ["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "10.weight",
                     "10.bias", "12.weight", "12.bias"]


def _small(rng=0, dtype=np.float32):
    rng = np.random.default_rng(rng)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, rng=rng, dtype=dtype), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3, rng=rng, dtype=dtype))


def test_backward_accumulates_and_zero_grad_clears():
    model = _small(dtype=np.float64)
    x = np.random.default_rng(1).standard_normal((2, 1, 4, 4))
    g = np.random.default_rng(2).standard_normal((2, 3))
    model(x)
    dx1 = model.backward(g)
    first = {k: p.grad.copy() for k, p in model.named_parameters()}
    model(x)
    dx2 = model.backward(g)
    np.testing.assert_array_equal(dx1, dx2)
    for k, p in model.named_parameters():
        np.testing.assert_allclose(p.grad, 2 * first[k], rtol=1e-15)
    model.zero_grad(set_to_none=False)
    assert all(np.all(p.grad == 0) for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    # input_grad=False: the same parameter gradients, no input gradient
    model(x)
    assert model.backward(g, input_grad=False) is None
    for k, p in model.named_parameters():
        np.testing.assert_array_equal(p.grad, first[k])


def test_frozen_parameter_gets_no_gradient():
    model = _small()
    model[0].weight.requires_grad = False
    model(np.ones((1, 1, 4, 4), np.float32))
    model.backward(np.ones((1, 3), np.float32))
    assert model[0].weight.grad is None and model[0].bias.grad is not None


LAYERS = [
    (lambda: nn.Conv2d(2, 3, 3, rng=0), (1, 2, 5, 5)),
    (lambda: nn.Linear(4, 3, rng=0), (2, 4)),
    (lambda: nn.MaxPool2d(2), (1, 2, 4, 4)),
    (lambda: nn.AvgPool2d(2), (1, 2, 4, 4)),
    (lambda: nn.AdaptiveAvgPool2d(1), (1, 2, 4, 4)),
    (lambda: nn.ReLU(), (2, 3)),
    (lambda: nn.Flatten(), (2, 3, 2)),
    (lambda: nn.Sequential(nn.ReLU(), nn.Flatten()), (2, 3, 2)),
]


@pytest.mark.parametrize("make,shape", LAYERS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_backward_before_forward_or_twice_raises(make, shape):
    layer = make()
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones(1, np.float32))
    y = layer(np.ones(shape, np.float32))
    layer.backward(np.ones_like(y))
    with pytest.raises(RuntimeError, match="twice"):
        layer.backward(np.ones_like(y))
    y = layer(np.ones(shape, np.float32))   # a new forward pass can be gone back through again
    layer.backward(np.ones_like(y))


def test_failed_forward_leaves_nothing_to_go_back_through():
    model = _small()
    model(np.ones((1, 1, 4, 4), np.float32))
    with pytest.raises(ValueError):
        model(np.ones((1, 1, 6, 6), np.float32))  # 36 features into Linear(16, 3)
    with pytest.raises(RuntimeError, match="before forward"):
        model.backward(np.ones((1, 3), np.float32))


@pytest.mark.parametrize("make,shape", LAYERS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_failed_forward_of_one_layer_forgets_the_previous_pass(make, shape):
    layer = make()
    layer(np.ones(shape, np.float32))
    # a bad input (Flatten takes any dtype, but not too few dimensions): the earlier pass must
    # not be used
    bad = np.ones(3, np.float32) if isinstance(layer, nn.Flatten) else np.ones(shape, np.int32)
    with pytest.raises((ValueError, TypeError)):
        layer(bad)
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones(1, np.float32))


@pytest.mark.parametrize("make,shape", LAYERS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_failed_backward_can_be_retried(make, shape):
    layer = make()
    y = layer(np.ones(shape, np.float32))
    with pytest.raises(ValueError):
        layer.backward(np.ones(y.shape + (2,), np.float32))  # a grad_out of the wrong shape
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == shape
    with pytest.raises(RuntimeError, match="twice"):
        layer.backward(np.ones_like(y))


def test_cross_entropy_failed_forward_forgets_the_previous_pass():
    loss_fn = nn.CrossEntropyLoss()
    loss_fn(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(ValueError):
        loss_fn(np.zeros((2, 3)), np.array([0, 7]))  # a label out of range
    with pytest.raises(RuntimeError, match="before forward"):
        loss_fn.backward()


def test_state_dict_round_trip_through_npz():
    a, b = _small(rng=1), _small(rng=2)
    x = np.random.default_rng(3).standard_normal((2, 1, 4, 4)).astype(np.float32)
    assert not np.array_equal(a(x), b(x))
    sd = a.state_dict()
    assert list(sd) == ["0.weight", "0.bias", "4.weight", "4.bias"]
    assert sd["0.weight"].shape == (4, 1, 3, 3) and sd["4.weight"].shape == (3, 16)
    buf = io.BytesIO()
    np.savez(buf, **sd)
    buf.seek(0)
    weight_array = b[0].weight.data
    result = b.load_state_dict(np.load(buf))
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert b[0].weight.data is weight_array  # loaded in place
    np.testing.assert_array_equal(a(x), b(x))
    # float64 values are cast to the float32 parameters
    b.load_state_dict({k: v.astype(np.float64) * 2 for k, v in sd.items()})
    assert b[0].weight.dtype == np.float32
    np.testing.assert_array_equal(b[0].weight.data, 2 * sd["0.weight"])


def test_load_state_dict_lists_every_problem_and_loads_nothing():
    model = _small(rng=1)
    before = {k: v.copy() for k, v in model.state_dict().items()}
    bad = {k: np.zeros_like(v) for k, v in before.items()}
    del bad["4.bias"]
    bad["0.weight"] = np.zeros((4, 1, 5, 5))
    bad["4.weigth"] = np.zeros((3, 16))
    with pytest.raises(ValueError) as e:
        model.load_state_dict(bad)
    msg = str(e.value)
    assert "'0.weight': expected shape (4, 1, 3, 3), got (4, 1, 5, 5)" in msg
    assert "missing keys: ['4.bias']" in msg and "unexpected keys: ['4.weigth']" in msg
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(v, before[k])
    # strict=False tolerates missing and unexpected keys, never a wrong shape
    del bad["0.weight"]
    result = model.load_state_dict(bad, strict=False)
    assert result.missing_keys == ["0.weight", "4.bias"]
    assert result.unexpected_keys == ["4.weigth"]
    assert np.all(model[0].bias.data == 0)
    with pytest.raises(ValueError, match="wrong shapes"):
        model.load_state_dict({"0.bias": np.zeros(5)}, strict=False)
    with pytest.raises(TypeError, match="numeric"):
        model.load_state_dict(dict(before, **{"0.bias": np.array(["a"] * 4)}))
    with pytest.raises(TypeError, match="mapping"):
        model.load_state_dict([1, 2])


def test_named_sequential_and_nesting_keys():
    from collections import OrderedDict
    rng = np.random.default_rng(0)
    model = nn.Sequential(OrderedDict([
        ("features", nn.Sequential(nn.Conv2d(1, 2, 3, rng=rng), nn.ReLU())),
        ("head", nn.Linear(2, 2, bias=False, rng=rng))]))
    assert list(model.state_dict()) == ["features.0.weight", "features.0.bias", "head.weight"]
    assert model.head is model[1] and len(model) == 2
    assert list(model[:1].state_dict()) == ["features.0.weight", "features.0.bias"]


def test_custom_module_registers_parameters_and_layers():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 2, 3, padding=1, rng=0)
            self.scale = nn.Parameter(np.ones(1, np.float32))

        def forward(self, x):
            return self.conv(x) * self.scale.data

    b = Block()
    assert list(b.state_dict()) == ["scale", "conv.weight", "conv.bias"]
    with pytest.raises(TypeError, match="Parameter or None"):
        b.scale = np.zeros(1)
    assert len(list(b.modules())) == 2 and list(b.children()) == [b.conv]


def test_train_eval_reach_every_layer():
    model = _small()
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    assert model.train() is model and all(m.training for m in model.modules())
    with pytest.raises(ValueError):
        model.train("no")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_initialisation_is_pytorchs_kaiming_uniform(dtype):
    conv = nn.Conv2d(64, 32, 3, groups=2, rng=1, dtype=dtype)
    bound = 1 / np.sqrt(32 * 9)          # fan_in = in_channels / groups * 3 * 3
    w, b = conv.weight.data, conv.bias.data
    assert w.dtype == dtype and b.dtype == dtype and w.shape == (32, 32, 3, 3)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert np.abs(b).max() <= bound
    assert np.std(w) == pytest.approx(bound / np.sqrt(3), rel=0.03)  # uniform on [-b, b]
    lin = nn.Linear(400, 50, rng=1, dtype=dtype)
    assert np.abs(lin.weight.data).max() <= 1 / 20 and np.abs(lin.bias.data).max() <= 1 / 20
    # seeded: the same rng gives the same weights
    np.testing.assert_array_equal(nn.Conv2d(3, 4, 3, rng=5).weight.data,
                                  nn.Conv2d(3, 4, 3, rng=5).weight.data)
    g = np.random.default_rng(5)
    assert not np.array_equal(nn.Conv2d(3, 4, 3, rng=g).weight.data,
                              nn.Conv2d(3, 4, 3, rng=g).weight.data)


@pytest.mark.parametrize("make,exc,match", [
    (lambda: nn.Conv2d(3, 4, 3, groups=2), ValueError, "divisible by groups"),
    (lambda: nn.Conv2d(0, 4, 3), ValueError, "in_channels must be positive"),
    (lambda: nn.Conv2d(2, 4, 0), ValueError, "kernel_size must be positive"),
    (lambda: nn.Conv2d(2, 4, 3, stride=2, padding="same"), ValueError, "strided"),
    (lambda: nn.Conv2d(2, 4, 3, padding="full"), ValueError, "padding"),
    (lambda: nn.Conv2d(2, 4, 3, padding_mode="reflect"), ValueError, "zeros only"),
    (lambda: nn.Conv2d(2, 4, 3, algorithm="fft"), ValueError, "algorithm"),
    (lambda: nn.Conv2d(2, 4, 3, dtype=np.float16), TypeError, "float32 or float64"),
    (lambda: nn.Conv2d(2, 4, 3, rng="seed"), TypeError, "^Conv2d: rng"),
    (lambda: nn.Linear(2, 4, rng=1.5), TypeError, "^Linear: rng"),
    # too big to initialise: named, before anything is drawn or allocated
    (lambda: nn.Linear(2**20, 2**20), MemoryError, r"^Linear: the weight.*4096\.0 GiB"),
    (lambda: nn.Conv2d(2**16, 2**16, 256), MemoryError, "^Conv2d: the weight"),
    (lambda: nn.Linear(2**62, 2**62), ValueError, "^Linear: weight would have"),
    (lambda: nn.CrossEntropyLoss(label_smoothing="x"), TypeError,
     "^CrossEntropyLoss: label_smoothing must be a number"),
    (lambda: nn.Conv2d(2.5, 4, 3), TypeError, "in_channels"),
    (lambda: nn.Linear(-1, 2), ValueError, "in_features"),
    (lambda: nn.MaxPool2d(2, padding=2), ValueError, "at most half"),
    (lambda: nn.AvgPool2d(3, divisor_override=0), ValueError, "divisor_override"),
    (lambda: nn.AdaptiveAvgPool2d((1, 2, 3)), ValueError, "output_size"),
    (lambda: nn.Flatten(start_dim=1.5), TypeError, "start_dim"),
    (lambda: nn.Sequential(nn.ReLU(), np.tanh), TypeError, "Module"),
    (lambda: nn.CrossEntropyLoss(reduction="avg"), ValueError, "reduction"),
    (lambda: nn.CrossEntropyLoss(label_smoothing=1.5), ValueError, "label_smoothing"),
])
def test_constructor_errors(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_initialisation_drawn_in_chunks_is_the_same_draw(monkeypatch):
    # big weights are drawn a chunk at a time, with the values of one float64 draw
    from fastconv.nn import init
    monkeypatch.setattr(init, "_CHUNK", 7)
    a = nn.Linear(10, 6, rng=5)
    g = np.random.default_rng(5)
    w = g.uniform(-1 / np.sqrt(10), 1 / np.sqrt(10), size=(6, 10)).astype(np.float32)
    b = g.uniform(-1 / np.sqrt(10), 1 / np.sqrt(10), size=6).astype(np.float32)
    assert np.array_equal(a.weight.data, w) and np.array_equal(a.bias.data, b)


def test_layer_attributes_and_repr_follow_pytorch():
    conv = nn.Conv2d(1, 16, 3, padding=1)
    assert (conv.kernel_size, conv.stride, conv.padding, conv.dilation) == \
        ((3, 3), (1, 1), (1, 1), (1, 1))
    assert repr(conv) == "Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"
    assert repr(nn.Linear(3, 4)) == "Linear(in_features=3, out_features=4, bias=True)"
    assert nn.MaxPool2d(2).stride == 2 and nn.AvgPool2d(3, 1).stride == 1
    assert "(1): ReLU()" in repr(_small())


def test_mixed_dtypes_fail_clearly():
    model = _small(dtype=np.float32)
    with pytest.raises(TypeError, match="dtype"):
        model(np.ones((1, 1, 4, 4), np.float64))


def test_relu_inplace_and_flatten_shapes():
    x = np.array([[-1.0, 2.0], [0.0, -3.0]], np.float32)
    r = nn.ReLU(inplace=True)
    y = r(x)
    assert y is x and np.array_equal(x, [[0, 2], [0, 0]])
    np.testing.assert_array_equal(r.backward(np.ones((2, 2), np.float32)), [[0, 1], [0, 0]])
    f = nn.Flatten(0, 1)
    z = np.zeros((2, 3, 4, 5))
    assert f(z).shape == (6, 4, 5) and f.backward(np.ones((6, 4, 5))).shape == z.shape
    assert nn.Flatten(-3, -2)(z).shape == (2, 12, 5)
    assert nn.Flatten()(np.zeros((0, 3, 2))).shape == (0, 6)
    with pytest.raises(ValueError, match="out of range"):
        nn.Flatten(4)(z)
    with pytest.raises(ValueError, match="cannot come after"):
        nn.Flatten(2, 1)(z)


def test_max_pool_return_indices():
    x = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    pool = nn.MaxPool2d(2, return_indices=True)
    y, idx = pool(x)
    np.testing.assert_array_equal(idx[0, 0], [[5, 7], [13, 15]])
    dx = pool.backward(np.ones_like(y))
    assert dx.sum() == 4 and dx[0, 0, 1, 1] == 1


def _ce_reference(x, t, weight=None, ignore_index=-100, eps=0.0, reduction="mean"):
    x = x.astype(np.float64)
    logp = x - x.max(1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(1, keepdims=True))
    C = x.shape[1]
    w = np.ones(C) if weight is None else np.asarray(weight, np.float64)
    losses, denom = [], 0.0
    for n, c in enumerate(t):
        if c == ignore_index:
            losses.append(0.0)
            continue
        q = np.full(C, eps / C)
        q[c] += 1 - eps
        smooth = -(eps / C) * (w * logp[n]).sum()
        losses.append(-(1 - eps) * w[c] * logp[n, c] + smooth)
        denom += w[c]
    losses = np.array(losses)
    return {"mean": losses.sum() / denom, "sum": losses.sum(), "none": losses}[reduction]


@pytest.mark.parametrize("kw", [{}, {"reduction": "sum"}, {"reduction": "none"},
                                {"weight": [1.0, 2.0, 0.5, 3.0]}, {"ignore_index": 2},
                                {"label_smoothing": 0.2, "weight": [1.0, 2.0, 0.5, 3.0]}])
def test_cross_entropy_value_and_gradient(kw):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 4)) * 3
    t = np.array([0, 2, 1, 3, 2, 0])
    loss_fn = nn.CrossEntropyLoss(**kw)
    value = loss_fn(x, t)
    ref = _ce_reference(x, t, kw.get("weight"), kw.get("ignore_index", -100),
                        kw.get("label_smoothing", 0.0), kw.get("reduction", "mean"))
    np.testing.assert_allclose(value, ref, rtol=1e-12)
    g = rng.standard_normal(6) if kw.get("reduction") == "none" else 0.7
    dx = loss_fn.backward(g)
    for i, j in [(0, 0), (1, 2), (3, 1), (4, 3), (5, 0)]:
        xp, xm = x.copy(), x.copy()
        xp[i, j] += 1e-6
        xm[i, j] -= 1e-6
        f = lambda a: np.sum(np.asarray(nn.CrossEntropyLoss(**kw)(a, t)) * g)  # noqa: E731
        assert dx[i, j] == pytest.approx((f(xp) - f(xm)) / 2e-6, rel=1e-6, abs=1e-9)


def test_cross_entropy_float32_and_unbatched():
    x = np.array([2.0, -1.0, 0.5], np.float32)
    loss_fn = nn.CrossEntropyLoss()
    v = loss_fn(x, 2)
    assert v.dtype == np.float32
    assert v == pytest.approx(-np.log(np.exp(0.5) / np.exp(x.astype(np.float64)).sum()), rel=1e-6)
    dx = loss_fn.backward()
    assert dx.shape == (3,) and dx.dtype == np.float32 and dx[2] < 0


@pytest.mark.parametrize("target,exc,match", [
    (np.array([0, 3]), ValueError, r"outside \[0, 3\): \[3\] at positions \[1\]"),
    (np.array([0, -1]), ValueError, "outside"),
    (np.array([0, 1, 2]), ValueError, "shape"),
    (np.array([[0], [1]]), ValueError, "shape"),
    (np.array([0.0, 1.0]), TypeError, "integer"),
])
def test_cross_entropy_bad_targets(target, exc, match):
    with pytest.raises(exc, match=match):
        nn.CrossEntropyLoss()(np.zeros((2, 3)), target)


def test_cross_entropy_errors():
    with pytest.raises(ValueError, match="weight has shape"):
        nn.CrossEntropyLoss(weight=[1.0, 2.0])(np.zeros((2, 3)), np.array([0, 1]))
    loss_fn = nn.CrossEntropyLoss()
    with pytest.raises(RuntimeError, match="before forward"):
        loss_fn.backward()
    loss_fn(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(ValueError, match="scalar"):
        loss_fn.backward(np.ones(2))


def _sgd_reference(p, grads, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                   nesterov=False, maximize=False):
    p, buf = p.copy(), None
    for g in grads:
        g = -g if maximize else g.copy()
        g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p


@pytest.mark.parametrize("kw", [{}, {"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.3},
                                {"momentum": 0.8, "nesterov": True, "weight_decay": 0.01},
                                {"weight_decay": 0.1, "maximize": True}])
def test_sgd_update_rule(kw):
    rng = np.random.default_rng(0)
    p = nn.Parameter(rng.standard_normal((3, 4)))
    start = p.data.copy()
    grads = [rng.standard_normal((3, 4)) for _ in range(4)]
    opt = nn.SGD([p], lr=0.1, **kw)
    for g in grads:
        p.grad = g.copy()
        opt.step()
    np.testing.assert_allclose(p.data, _sgd_reference(start, grads, 0.1, **kw), rtol=1e-13)


def test_sgd_groups_skips_and_errors():
    a, b, c = (nn.Parameter(np.ones(2)) for _ in range(3))
    opt = nn.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.5)
    a.grad, b.grad = np.ones(2), np.ones(2)
    opt.step()
    assert np.all(a.data == 0.5) and np.all(b.data == 0.0) and np.all(c.data == 1)
    opt.zero_grad()
    assert a.grad is None and b.grad is None
    opt.step()  # no gradients: nothing moves
    assert np.all(a.data == 0.5)
    with pytest.raises(ValueError, match="Nesterov"):
        nn.SGD([a], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="lr"):
        nn.SGD([a], lr=-1)
    with pytest.raises(ValueError, match="empty"):
        nn.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="more than once"):
        nn.SGD([a, a], lr=0.1)
    with pytest.raises(TypeError, match="Parameter"):
        nn.SGD([np.ones(2)], lr=0.1)


def test_one_and_two_threads_train_identically():
    x = np.random.default_rng(1).standard_normal((8, 1, 8, 8)).astype(np.float32)
    y = np.arange(8) % 3
    results = []
    for threads in (1, 2):
        with fastconv.num_threads(threads):
            model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, rng=0), nn.ReLU(),
                                  nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding=1, rng=1),
                                  nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                  nn.Linear(8, 3, rng=2))
            loss_fn, opt = nn.CrossEntropyLoss(), None
            opt = nn.SGD(model.parameters(), lr=0.1, momentum=0.9)
            for _ in range(3):
                loss_fn(model(x), y)
                opt.zero_grad()
                model.backward(loss_fn.backward())
                opt.step()
            results.append([p.data.copy() for p in model.parameters()])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_custom_residual_module_from_the_readme():
    """The README's own-layer example: its backward is checked by finite differences."""
    class Residual(nn.Module):
        def __init__(self, channels, rng=None):
            super().__init__()
            self.conv = nn.Conv2d(channels, channels, 3, padding=1, rng=rng, dtype=np.float64)
            self.relu = nn.ReLU()

        def forward(self, x):
            return x + self.relu(self.conv(x))

        def backward(self, grad_out):
            return grad_out + self.conv.backward(self.relu.backward(grad_out))

    rng = np.random.default_rng(2)
    model = nn.Sequential(Residual(2, rng), nn.Flatten(), nn.Linear(32, 3, rng=rng,
                                                                      dtype=np.float64))
    assert list(model.state_dict()) == ["0.conv.weight", "0.conv.bias", "2.weight", "2.bias"]
    x = rng.standard_normal((2, 2, 4, 4))
    g = rng.standard_normal((2, 3))
    model(x)
    dx = model.backward(g)
    w = model[0].conv.weight
    for idx in [(0, 0, 1, 1), (1, 1, 2, 0)]:
        xp, xm = x.copy(), x.copy()
        xp[idx] += 1e-6
        xm[idx] -= 1e-6
        assert dx[idx] == pytest.approx(np.sum((model(xp) - model(xm)) * g) / 2e-6, rel=1e-6)
    for idx in [(0, 1, 2, 2), (1, 0, 0, 1)]:
        saved = w.data[idx]
        w.data[idx] = saved + 1e-6
        plus = np.sum(model(x) * g)
        w.data[idx] = saved - 1e-6
        minus = np.sum(model(x) * g)
        w.data[idx] = saved
        assert w.grad[idx] == pytest.approx((plus - minus) / 2e-6, rel=1e-6)
