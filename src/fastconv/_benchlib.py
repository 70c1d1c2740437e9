"""Timing helpers and the standard layer shapes, shared by benchmarks/ and the bench command.

Contenders are timed in alternating blocks in one process. Each block first runs its contender
for `settle` seconds untimed: thread pools left spinning by the previous contender (OpenBLAS
spins for about 0.1 s after a call, OpenMP runtimes for a while too) and idle virtual CPUs waking
up would otherwise be charged to whoever runs next. Then `block` calls are timed. Medians over
all rounds, never means: the machine is shared and noisy.
"""
import time
from collections import namedtuple

ConvShape = namedtuple("ConvShape", "name N C H W K R S stride pad groups")

# (name, N, C, H, W, K, R, S, stride, pad, groups) at their benchmark batch sizes
STANDARD_CONV_SHAPES = [
    ConvShape("alexnet_conv1", 8, 3, 227, 227, 96, 11, 11, 4, 0, 1),
    ConvShape("vgg_conv3_2", 1, 256, 56, 56, 256, 3, 3, 1, 1, 1),
    ConvShape("resnet_3x3", 8, 64, 56, 56, 64, 3, 3, 1, 1, 1),
    ConvShape("resnet_1x1", 8, 256, 56, 56, 64, 1, 1, 1, 0, 1),
    ConvShape("resnet_3x3_s2", 8, 128, 56, 56, 128, 3, 3, 2, 1, 1),
    ConvShape("lenet_conv2", 64, 6, 14, 14, 16, 5, 5, 1, 0, 1),
    ConvShape("mobilenet_dw", 8, 128, 56, 56, 128, 3, 3, 1, 1, 128),
]


def conv_flops(s):
    """2 FLOPs per multiply-add; the same count for every pass."""
    oh = (s.H + 2 * s.pad - s.R) // s.stride + 1
    ow = (s.W + 2 * s.pad - s.S) // s.stride + 1
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


def alternating_medians(contenders, rounds=5, block=3, settle=0.25):
    """contenders: {name: zero-argument callable}. Returns {name: median seconds per call}."""
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        if WAIT_IDLE:
            wait_until_idle()
        for name, fn in contenders.items():
            t_end = time.perf_counter() + settle
            fn()
            while time.perf_counter() < t_end:
                fn()
            for _ in range(block):
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
    out = {}
    for name, ts in times.items():
        ts.sort()
        out[name] = ts[len(ts) // 2]
    return out
