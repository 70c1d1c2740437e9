"""Timing helpers and the standard layer shapes, shared by benchmarks/ and the bench command.

Contenders are timed in alternating blocks in one process. Each block first runs its contender
for `settle` seconds untimed: thread pools left spinning by the previous contender (OpenBLAS
spins for about 0.1 s after a call, OpenMP runtimes for a while too) and idle virtual CPUs waking
up would otherwise be charged to whoever runs next. Then `block` calls are timed. Medians over
all rounds, never means: the machine is shared and noisy.
"""
import os
import time
from collections import namedtuple

import numpy as np

ConvShape = namedtuple("ConvShape", "name N C H W K R S stride pad groups dilation",
                       defaults=(1,))

# (name, N, C, H, W, K, R, S, stride, pad, groups[, dilation]) at their benchmark batch sizes
STANDARD_CONV_SHAPES = [
    ConvShape("alexnet_conv1", 8, 3, 227, 227, 96, 11, 11, 4, 0, 1),
    ConvShape("vgg_conv3_2", 1, 256, 56, 56, 256, 3, 3, 1, 1, 1),
    ConvShape("resnet_3x3", 8, 64, 56, 56, 64, 3, 3, 1, 1, 1),
    ConvShape("resnet_1x1", 8, 256, 56, 56, 64, 1, 1, 1, 0, 1),
    ConvShape("resnet_3x3_s2", 8, 128, 56, 56, 128, 3, 3, 2, 1, 1),
    ConvShape("lenet_conv2", 64, 6, 14, 14, 16, 5, 5, 1, 0, 1),
    ConvShape("mobilenet_dw", 8, 128, 56, 56, 128, 3, 3, 1, 1, 128),
]


PoolShape = namedtuple("PoolShape", "name N C H W k stride pad")

# The pooling layers of the benchmark (float32): the ResNet stem max-pool, AlexNet's first
# max-pool, a 2x2 stride-2 pool; each runs as max and average pooling, forward and backward.
STANDARD_POOL_SHAPES = [
    PoolShape("resnet_stem_3x3s2p1", 8, 64, 112, 112, 3, 2, 1),
    PoolShape("alexnet_3x3s2", 8, 96, 55, 55, 3, 2, 0),
    PoolShape("pool_2x2s2", 8, 64, 112, 112, 2, 2, 0),
]


def pool_output_hw(s):
    return ((s.H + 2 * s.pad - s.k) // s.stride + 1, (s.W + 2 * s.pad - s.k) // s.stride + 1)


def pool_bytes(s, op, itemsize=4):
    """Bytes an op must read and write at least: every array once (indices are int64)."""
    oh, ow = pool_output_hw(s)
    x = s.N * s.C * s.H * s.W * itemsize
    y = s.N * s.C * oh * ow * itemsize
    i = s.N * s.C * oh * ow * 8
    return {"max_fwd": x + y, "max_fwd_idx": x + y + i, "max_bwd": y + i + x,
            "avg_fwd": x + y, "avg_bwd": y + x}[op]


def conv_output_hw(s):
    d = s.dilation
    return ((s.H + 2 * s.pad - d * (s.R - 1) - 1) // s.stride + 1,
            (s.W + 2 * s.pad - d * (s.S - 1) - 1) // s.stride + 1)


def conv_flops(s):
    """2 FLOPs per multiply-add; the same count for every pass."""
    oh, ow = conv_output_hw(s)
    return 2.0 * s.N * s.K * oh * ow * (s.C // s.groups) * s.R * s.S


# When true (compare.py --wait-idle), each round of alternating_medians first waits until the
# machine's CPUs are idle (Linux /proc/stat), so that other users' compilations on a shared
# machine are not timed; the contenders of a round still run back to back.
WAIT_IDLE = False


def _cpu_idle_fraction(dt=0.3):
    def read():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)
    i0, t0 = read()
    time.sleep(dt)
    i1, t1 = read()
    return (i1 - i0) / max(t1 - t0, 1)


def wait_until_idle(threshold=0.9, limit=60.0):
    """Wait (at most `limit` seconds) until the CPUs are at least `threshold` idle."""
    t_end = time.perf_counter() + limit
    try:
        while _cpu_idle_fraction() < threshold and time.perf_counter() < t_end:
            pass
    except OSError:  # no /proc/stat: nothing to wait for
        pass


class OtherLoad:
    """How busy other processes kept the CPUs between start() and stop(): the machine's busy CPU
    time (Linux /proc/stat; steal time counts as busy) minus this process's own (all its threads,
    spinning ones too), as a fraction of the CPUs' time. None where /proc/stat is missing."""

    def __init__(self):
        self.start()

    @staticmethod
    def _read():
        try:
            with open("/proc/stat") as f:
                v = [int(x) for x in f.readline().split()[1:9]]
        except (OSError, ValueError):
            return None
        hz = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        t = os.times()
        busy = (sum(v) - v[3] - v[4]) / hz
        return busy, t.user + t.system, time.perf_counter()

    def start(self):
        self.t0 = self._read()

    def stop(self):
        t1 = self._read()
        if self.t0 is None or t1 is None or t1[2] <= self.t0[2]:
            return None
        others = (t1[0] - self.t0[0]) - (t1[1] - self.t0[1])
        return min(1.0, max(0.0, others / ((t1[2] - self.t0[2]) * (os.cpu_count() or 1))))


# A round of a --wait-idle run during which other processes took more than this share of the
# CPUs is thrown away and run again (at most as many extra rounds as rounds asked).
REDO_LOAD = 0.10


def alternating_medians(contenders, rounds=5, block=3, settle=0.25, wait_idle=None, loads=None):
    """contenders: {name: zero-argument callable}. Returns {name: median seconds per call}.
    wait_idle: wait for idle CPUs before each round, and run again a round during which other
    processes took more than REDO_LOAD of the CPUs (None: the module's WAIT_IDLE).
    loads: a list to which each kept round appends (other processes' share of the CPUs during
    it, or None where unknown; its seconds), and each redone round ("redone", seconds)."""
    wait = WAIT_IDLE if wait_idle is None else wait_idle
    times = {name: [] for name in contenders}
    kept, redone = 0, 0
    while kept < rounds:
        if wait:
            wait_until_idle()
        meter = OtherLoad()
        t_round = time.perf_counter()
        got = {name: [] for name in contenders}
        for name, fn in contenders.items():
            t_end = time.perf_counter() + settle
            fn()
            while time.perf_counter() < t_end:
                fn()
            for _ in range(block):
                t0 = time.perf_counter()
                fn()
                got[name].append(time.perf_counter() - t0)
        busy, seconds = meter.stop(), time.perf_counter() - t_round
        if wait and busy is not None and busy > REDO_LOAD and redone < rounds:
            redone += 1
            if loads is not None:
                loads.append(("redone", seconds))
            continue
        kept += 1
        for name, ts in got.items():
            times[name] += ts
        if loads is not None:
            loads.append((busy, seconds))
    out = {}
    for name, ts in times.items():
        ts.sort()
        out[name] = ts[len(ts) // 2]
    return out


def mean_load(loads):
    """Other processes' share of the CPUs over the kept rounds in `loads` (time-weighted), or
    None where unknown."""
    kept = [(b, s) for b, s in loads if b != "redone"]
    if not kept or any(b is None for b, _ in kept):
        return None
    total = sum(s for _, s in kept)
    return sum(b * s for b, s in kept) / total if total > 0 else None


# ---- the best plain-NumPy formulations, as contenders (stride, symmetric padding, dilation,
# groups). tests/test_bench.py checks them against fastconv. ----

def _windows(x, R, S, stride, pad, dilation=1):
    """(N, C, OH, OW, R, S) view of the zero-padded x's sliding (dilated) windows."""
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x
    d = dilation
    win = np.lib.stride_tricks.sliding_window_view(xp, (d * (R - 1) + 1, d * (S - 1) + 1),
                                                   axis=(2, 3))
    return win[:, :, ::stride, ::stride, ::d, ::d]


def numpy_conv2d(x, w, stride=1, pad=0, groups=1, dilation=1):
    """Forward: sliding_window_view + einsum (one BLAS-backed contraction per group)."""
    K, Cg, R, S = w.shape
    win = _windows(x, R, S, stride, pad, dilation)
    Kg = K // groups
    if groups == 1:
        return np.einsum("nchwrs,kcrs->nkhw", win, w, optimize=True)
    if Cg == 1 and Kg == 1:  # depthwise: a per-channel weighted sum of the windows
        return np.einsum("nchwrs,crs->nchw", win, w[:, 0], optimize=True)
    return np.concatenate([np.einsum("nchwrs,kcrs->nkhw", win[:, g * Cg:(g + 1) * Cg],
                                     w[g * Kg:(g + 1) * Kg], optimize=True)
                           for g in range(groups)], axis=1)


def numpy_conv2d_im2col(x, w, stride=1, pad=0, groups=1, dilation=1):
    """Forward: an explicit im2col copy, then one matmul (groups == 1; else numpy_conv2d)."""
    if groups != 1:
        return numpy_conv2d(x, w, stride, pad, groups, dilation)
    N = x.shape[0]
    K, C, R, S = w.shape
    win = _windows(x, R, S, stride, pad, dilation)
    OH, OW = win.shape[2:4]
    col = np.ascontiguousarray(win.transpose(0, 1, 4, 5, 2, 3)).reshape(N, C * R * S, OH * OW)
    return np.matmul(w.reshape(K, -1), col).reshape(N, K, OH, OW)


def numpy_conv2d_backward_input(dy, w, x_shape, stride=1, pad=0, groups=1, dilation=1):
    """dx: for each tap (r, s), one contraction of dy with w[:, :, r, s], added into the strided
    slice of the padded dx that tap reads (no zero-upsampled dy, no col2im of a big matrix)."""
    N, C, H, W = x_shape
    K, Cg, R, S = w.shape
    OH, OW = dy.shape[2:]
    Kg = K // groups
    d = dilation
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dy.dtype)
    for r in range(R):
        for s in range(S):
            dst = dxp[:, :, r * d:r * d + stride * (OH - 1) + 1:stride,
                      s * d:s * d + stride * (OW - 1) + 1:stride]
            if groups == 1:
                dst += np.einsum("nkhw,kc->nchw", dy, w[:, :, r, s], optimize=True)
            elif Cg == 1 and Kg == 1:
                dst += dy * w[:, 0, r, s][None, :, None, None]
            else:
                for g in range(groups):
                    dst[:, g * Cg:(g + 1) * Cg] += np.einsum(
                        "nkhw,kc->nchw", dy[:, g * Kg:(g + 1) * Kg],
                        w[g * Kg:(g + 1) * Kg, :, r, s], optimize=True)
    return dxp[:, :, pad:pad + H, pad:pad + W]


def numpy_conv2d_backward_weight(dy, x, w_shape, stride=1, pad=0, groups=1, dilation=1):
    """dw: sliding_window_view of x contracted with dy over the batch and every position."""
    K, Cg, R, S = w_shape
    win = _windows(x, R, S, stride, pad, dilation)
    Kg = K // groups
    if groups == 1:
        return np.einsum("nkhw,nchwrs->kcrs", dy, win, optimize=True)
    if Cg == 1 and Kg == 1:
        return np.einsum("nchw,nchwrs->crs", dy, win, optimize=True)[:, None]
    return np.concatenate([np.einsum("nkhw,nchwrs->kcrs", dy[:, g * Kg:(g + 1) * Kg],
                                     win[:, g * Cg:(g + 1) * Cg], optimize=True)
                           for g in range(groups)], axis=0)


# ---- one training step of a whole model: fastconv.nn against torch.nn ----

StepModel = namedtuple("StepModel", "name batch input_shape layers")

# Layers spelled the same way for both libraries: (class name, args, kwargs).
STEP_MODELS = [
    # the training example's network (python -m fastconv.examples.digits), batch 64
    StepModel("digits_lenet", 64, (1, 8, 8), [
        ("Conv2d", (1, 16, 3), {"padding": 1}), ("ReLU", (), {}), ("MaxPool2d", (2,), {}),
        ("Conv2d", (16, 32, 3), {"padding": 1}), ("ReLU", (), {}), ("MaxPool2d", (2,), {}),
        ("Flatten", (), {}), ("Linear", (128, 64), {}), ("ReLU", (), {}),
        ("Linear", (64, 10), {})]),
    # the standard ResNet 3x3 block's two convolutions (64 -> 64, 56x56, no bias; without its
    # batch norm and shortcut, which fastconv.nn does not have), a global pool and a classifier
    StepModel("resnet_3x3_block", 8, (64, 56, 56), [
        ("Conv2d", (64, 64, 3), {"padding": 1, "bias": False}), ("ReLU", (), {}),
        ("Conv2d", (64, 64, 3), {"padding": 1, "bias": False}), ("ReLU", (), {}),
        ("AdaptiveAvgPool2d", (1,), {}), ("Flatten", (), {}), ("Linear", (64, 10), {})]),
]


def build_step_model(spec, nn_module, algorithm=None, **param_kw):
    """spec's layers from `nn_module` (fastconv.nn or torch.nn); param_kw go to the layers with
    parameters (fastconv's rng and dtype), `algorithm` (when given) to fastconv's Conv2d."""
    layers = []
    for kind, args, kw in spec.layers:
        extra = param_kw if kind in ("Conv2d", "Linear") else {}
        if kind == "Conv2d" and algorithm is not None:
            extra = dict(extra, algorithm=algorithm)
        layers.append(getattr(nn_module, kind)(*args, **kw, **extra))
    return nn_module.Sequential(*layers)


def step_contenders(spec, torch=None, dtype=np.float32, input_grad=False, lr=0.01, momentum=0.9,
                    algorithm="auto"):
    """{"fastconv": step, "torch": step}: zero-argument callables, each one training step
    (forward, cross-entropy, backward, SGD with momentum) of the same model on the same batch,
    from the same initial weights ("torch" only when the torch module is given). With
    input_grad=False the input is data, as in training: PyTorch computes no gradient for it
    and fastconv's first layer skips it too; input_grad=True computes it in both. `algorithm`
    goes to fastconv's convolution layers."""
    from fastconv import nn

    rng = np.random.default_rng(0)
    model = build_step_model(spec, nn, algorithm, rng=rng, dtype=dtype)
    x = rng.standard_normal((spec.batch,) + spec.input_shape).astype(dtype)
    y = rng.integers(0, 10, spec.batch)
    loss_fn = nn.CrossEntropyLoss()
    opt = nn.SGD(model.parameters(), lr=lr, momentum=momentum)

    def fastconv_step():
        loss_fn(model(x), y)
        opt.zero_grad()
        model.backward(loss_fn.backward(), input_grad=input_grad)
        opt.step()

    out = {"fastconv": fastconv_step}
    if torch is not None:
        tmodel = build_step_model(spec, torch.nn).to(torch.from_numpy(x).dtype)
        tmodel.load_state_dict({k: torch.from_numpy(v.copy())
                                for k, v in model.state_dict().items()})
        tx, ty = torch.from_numpy(x.copy()).requires_grad_(input_grad), torch.from_numpy(y)
        tloss_fn = torch.nn.CrossEntropyLoss()
        topt = torch.optim.SGD(tmodel.parameters(), lr=lr, momentum=momentum)

        def torch_step():
            loss = tloss_fn(tmodel(tx), ty)
            topt.zero_grad()
            loss.backward()
            topt.step()

        out["torch"] = torch_step
    return out


def step_flops(spec, input_grad=False):
    """FLOPs of one training step's convolutions and dense layers (2 per multiply-add; forward,
    backward to the weight, and backward to the input of every layer but the first, and of the
    first too with input_grad)."""
    _, h, w = spec.input_shape
    total, first = 0.0, True
    for kind, args, kw in spec.layers:
        if kind == "Conv2d":
            cin, cout, k = args
            p = kw.get("padding", 0)
            h, w = h + 2 * p - k + 1, w + 2 * p - k + 1
            f = 2.0 * spec.batch * cout * h * w * cin * k * k
            total += f * (2 if first and not input_grad else 3)
            first = False
        elif kind == "MaxPool2d":
            h, w = h // args[0], w // args[0]
        elif kind == "Linear":
            f = 2.0 * spec.batch * args[0] * args[1]
            total += f * (2 if first and not input_grad else 3)
            first = False
    return total


# Pooling (square windows, floor mode, count_include_pad): per-tap strided slices, so each tap is
# one vectorised pass over the output (faster than reducing a sliding_window_view).

def _tap(xp, r, s, stride, oh, ow):
    return xp[:, :, r:r + stride * (oh - 1) + 1:stride, s:s + stride * (ow - 1) + 1:stride]


def _pool_pad(x, k, stride, pad, fill):
    oh = (x.shape[2] + 2 * pad - k) // stride + 1
    ow = (x.shape[3] + 2 * pad - k) // stride + 1
    xp = (np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), constant_values=fill) if pad
          else x)
    return xp, oh, ow


def numpy_max_pool2d(x, k, stride, pad=0):
    """Max pooling: the running maximum over the k*k strided tap slices (padding is -inf)."""
    xp, oh, ow = _pool_pad(x, k, stride, pad, -np.inf)
    y = _tap(xp, 0, 0, stride, oh, ow).copy()
    for r in range(k):
        for s in range(k):
            if r or s:
                np.maximum(y, _tap(xp, r, s, stride, oh, ow), out=y)
    return y


def numpy_max_pool2d_with_indices(x, k, stride, pad=0):
    """Max pooling with PyTorch's indices (ih * W + iw, the first maximum of the window):
    argmax over a copy of the windows."""
    N, C, H, W = x.shape
    xp, oh, ow = _pool_pad(x, k, stride, pad, -np.inf)
    win = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::stride,
                                                                            ::stride]
    flat = win.reshape(N, C, oh, ow, k * k)
    a = flat.argmax(axis=-1)
    y = np.take_along_axis(flat, a[..., None], axis=-1)[..., 0]
    ih = np.arange(oh)[:, None] * stride - pad + a // k
    iw = np.arange(ow)[None, :] * stride - pad + a % k
    return y, ih * W + iw


def numpy_max_pool2d_backward(dy, indices, x_shape):
    """Max-pool gradient: one bincount (a scatter-add) over each plane's flat indices."""
    N, C, H, W = x_shape
    plane = np.arange(N * C).reshape(N, C, 1, 1) * (H * W)
    dx = np.bincount((indices + plane).ravel(), weights=dy.ravel(), minlength=N * C * H * W)
    return dx.astype(dy.dtype, copy=False).reshape(x_shape)


def numpy_avg_pool2d(x, k, stride, pad=0):
    """Average pooling (count_include_pad): the sum of the k*k strided tap slices / k*k."""
    xp, oh, ow = _pool_pad(x, k, stride, pad, 0)
    y = _tap(xp, 0, 0, stride, oh, ow).copy()
    for r in range(k):
        for s in range(k):
            if r or s:
                y += _tap(xp, r, s, stride, oh, ow)
    y *= 1.0 / (k * k)
    return y


def numpy_avg_pool2d_backward(dy, x_shape, k, stride, pad=0):
    """Average-pool gradient: dy / k*k added into each tap's strided slice of the padded dx."""
    N, C, H, W = x_shape
    oh, ow = dy.shape[2:]
    g = dy * (1.0 / (k * k))
    dxp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dy.dtype)
    for r in range(k):
        for s in range(k):
            _tap(dxp, r, s, stride, oh, ow)[...] += g
    return dxp[:, :, pad:pad + H, pad:pad + W]
