"""Leaks: every public function, and training steps of fastconv.nn layers, called thousands of
times with valid and invalid arguments (including the error paths inside the C code, such as
max-pool indices out of range found during the scatter, and failed forward passes of layers),
must leave resident memory and tracemalloc-tracked memory flat once warmed up."""
import ctypes
import gc
import os
import tracemalloc

import numpy as np
import pytest

import fastconv

rng = np.random.default_rng(3)
x = rng.standard_normal((2, 4, 9, 8)).astype(np.float32)
w = rng.standard_normal((6, 2, 3, 3)).astype(np.float32)
b = rng.standard_normal(6).astype(np.float32)
kw = dict(padding=1, groups=2)
y = fastconv.conv2d(x, w, b, **kw)
g = rng.standard_normal(y.shape).astype(np.float32)
xd = rng.standard_normal((2, 3, 9, 9))
wd = rng.standard_normal((3, 1, 3, 3))
pooled, idx = fastconv.max_pool2d(x, 2, return_indices=True)
bad_idx = idx.copy()
bad_idx.flat[-1] = 10**6  # out of range: found by the C scatter
# A tiny image with big weights: any buffer the size of the weights (the direct operator's packed
# copy, the im2col backward's flipped kernel) that leaked would add 74 KB a call.
bx = rng.standard_normal((1, 32, 4, 4)).astype(np.float32)
bw = rng.standard_normal((64, 32, 3, 3)).astype(np.float32)
bg = rng.standard_normal((1, 64, 4, 4)).astype(np.float32)
lin_x = rng.standard_normal((5, 7)).astype(np.float32)
lin_w = rng.standard_normal((3, 7)).astype(np.float32)
lin_g = rng.standard_normal((5, 3)).astype(np.float32)


from fastconv import nn  # noqa: E402

net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, rng=np.random.default_rng(0)), nn.ReLU(),
                    nn.MaxPool2d(2), nn.Conv2d(4, 8, 3, padding=1, rng=np.random.default_rng(1)),
                    nn.ReLU(), nn.AvgPool2d(2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                    nn.Linear(8, 3, rng=np.random.default_rng(2)))
net_x = rng.standard_normal((4, 1, 8, 8)).astype(np.float32)
net_y = np.array([0, 1, 2, 1])
loss_fn = nn.CrossEntropyLoss()
opt = nn.SGD(net.parameters(), lr=0.01, momentum=0.9)


def _train_step():
    loss_fn(net(net_x), net_y)
    opt.zero_grad()
    net.backward(loss_fn.backward())
    opt.step()


def _valid():
    fastconv.conv2d(x, w, b, **kw, algorithm="direct")
    fastconv.conv2d(x, w, b, **kw, algorithm="im2col")
    fastconv.conv2d(xd, wd, stride=2, groups=3)  # depthwise, float64
    fastconv.conv2d_backward_input(g, w, x.shape, **kw, algorithm="direct")
    fastconv.conv2d_backward_input(g, w, x.shape, **kw, algorithm="im2col")
    fastconv.conv2d_backward_weight(g, x, w.shape, **kw, algorithm="direct")
    fastconv.conv2d_backward_weight(g, x, w.shape, **kw, algorithm="im2col")
    fastconv.conv2d_backward_bias(g)
    for algorithm in ("direct", "im2col"):
        fastconv.conv2d(bx, bw, padding=1, algorithm=algorithm)
        fastconv.conv2d_backward_input(bg, bw, bx.shape, padding=1, algorithm=algorithm)
        fastconv.conv2d_backward_weight(bg, bx, bw.shape, padding=1, algorithm=algorithm)
    fastconv.conv2d_output_shape(x.shape, w.shape, **kw)
    fastconv.explain(x.shape, w.shape, **kw)
    fastconv.col2im(fastconv.im2col(x, 3, padding=1), (9, 8), 3, padding=1)
    fastconv.matmul(lin_x, lin_w.T)
    fastconv.max_pool2d_backward(pooled, idx, x.shape)
    fastconv.avg_pool2d_backward(fastconv.avg_pool2d(x, 3, 2, 1), x.shape, 3, 2, 1)
    fastconv.adaptive_avg_pool2d_backward(fastconv.adaptive_avg_pool2d(x, (2, 3)), x.shape)
    fastconv.relu_backward(g, fastconv.relu(g))
    fastconv.linear_backward(lin_g, lin_x, lin_w)
    fastconv.linear(lin_x, lin_w)
    _train_step()
    net.load_state_dict(net.state_dict())


INVALID = [
    lambda: fastconv.conv2d(x, w, **kw, stride=0),
    lambda: fastconv.conv2d(x.astype(np.int32), w, **kw),
    lambda: fastconv.conv2d(x, w, groups=3),
    lambda: fastconv.conv2d(x, w, **kw, out=np.empty((1,), np.float32)),
    lambda: fastconv.conv2d_backward_input(g[:1], w, x.shape, **kw),
    lambda: fastconv.conv2d_backward_weight(g, x, (6, 2, 3), **kw),
    lambda: fastconv.max_pool2d_backward(pooled, bad_idx, x.shape),  # the C error path
    lambda: fastconv.max_pool2d(x, 5, padding=3),
    lambda: fastconv.avg_pool2d(x, 2, divisor_override=0),
    lambda: fastconv.linear(lin_x, lin_w.T),
    lambda: fastconv.relu_backward(g, x),
    lambda: fastconv.matmul(lin_x, lin_x),
    lambda: fastconv.explain((1, 2, 3, 4), (1, 2, 3, 4), dtype=np.int8),
]


INVALID += [
    lambda: net(net_x[:, :, :2]),  # too small for the layers' windows
    lambda: net(net_x.astype(np.int64)),
    lambda: loss_fn(net(net_x), np.array([0, 1, 2, 7])),  # a label out of range
    lambda: net.load_state_dict({"0.weight": np.zeros((4, 1, 3, 3))}),  # keys missing
    lambda: nn.Conv2d(2, 3, 0),
]


def _invalid():
    for fn in INVALID:
        try:
            fn()
        except (ValueError, TypeError):
            pass
        else:
            raise AssertionError("an invalid call did not raise")


def _asan_live_bytes():
    """Under AddressSanitizer (the sanitized CI build), resident memory says nothing: freed blocks
    sit in ASan's quarantine (up to 256 MB) before they are reused. ASan's allocator counts the
    bytes that are live instead, which is what a leak would raise. None when ASan is not loaded."""
    try:
        fn = ctypes.CDLL(None).__sanitizer_get_current_allocated_bytes
    except (AttributeError, OSError):
        return None
    fn.restype = ctypes.c_size_t
    return fn


_LIVE = _asan_live_bytes()


def _rss():
    if _LIVE is not None:
        return _LIVE()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _round(times):
    for _ in range(times):
        _valid()
        _invalid()
    gc.collect()


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_memory_stays_flat_over_thousands_of_calls():
    with fastconv.num_threads(2):
        _round(60)  # warm up: thread pools, per-thread scratch, NumPy's caches
        tracemalloc.start()
        try:
            _round(20)
            rss1, traced1 = _rss(), tracemalloc.get_traced_memory()[0]
            _round(150)
            rss2, traced2 = _rss(), tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
    calls = 150 * (26 + len(INVALID))
    what = "ASan live heap" if _LIVE is not None else "resident memory"
    print(f"{calls} calls: {what} {rss2 - rss1:+d} bytes, traced {traced2 - traced1:+d}")
    # A leak of even 16 bytes a call would show as 16 * calls bytes (~88 KB here).
    assert traced2 - traced1 < 32 * 1024, (
        f"tracemalloc grew by {traced2 - traced1} bytes over {calls} calls")
    # Resident memory moves in pages and with the allocator's moods; ASan's count is exact.
    limit = 2 * 2**20 if _LIVE is None else 256 * 1024
    assert rss2 - rss1 < limit, f"{what} grew by {rss2 - rss1} bytes over {calls} calls"
