"""`python -m fastconv bench`: the convolution's strategies (direct, im2col, auto) beside PyTorch
and plain NumPy on the standard layers, and pooling, as a table, a JSON file and a picture.

    python -m fastconv bench [--quick] [--shapes a,b] [--passes fwd,bwd_input,bwd_weight]
        [--algorithms direct,im2col,auto] [--threads 1,2] [--dtype float32|float64]
        [--compare torch,numpy|none] [--custom N,C,H,W,K,R,S,stride,pad[,dilation,groups]]
        [--json FILE] [--plot FILE.png] [--peak GFLOPS] [--rounds N] [--settle S]
        [--wait-idle] [--layout long|wide] [--markdown]

How it measures. For each thread count, shape and pass, the contenders (each chosen algorithm,
and PyTorch when compared) run in alternating blocks in this process (_benchlib.
alternating_medians): each block first runs its contender untimed for --settle seconds, so that
thread pools left spinning by the previous contender are not charged to it, then times `block`
calls; the table shows the median over all rounds. The NumPy contender (the faster of its
formulations, picked by one untimed call each) is timed on its own just after: OpenBLAS's
threads spin after every call and would tax whoever ran next. Ratios are speeds (the other's
time / this one's), all from the same run. FLOPs count 2 per multiply-add, the same for every
pass. Pooling rates count the bytes an op must read and write (each array once; int64 indices),
and its "% of peak" is against a plain copy of the input's size (fastconv._ext.stream_copy)
measured in the same run. The convolution's peak is measured at start-up by the kernel set's
FMA probe in C (fastconv._ext.peak_gflops), unless --peak gives it.

The JSON file (--json) holds one object:
  schema       "fastconv-bench/1"
  date         ISO 8601 local time of the start; elapsed_s: the run's wall time
  complete     false when the run was interrupted (results then hold what was measured)
  other_load   how busy other processes kept the CPUs while this run timed (a fraction of all
               the CPUs' time over the rounds kept, from /proc/stat; null where unknown): above
               a few percent, the medians are unreliable
  rounds_redone  rounds a --wait-idle run threw away and ran again because other processes
               took more than 10% of the CPUs during them
  command      the arguments given
  machine      cpu, cores, platform, python, fastconv, numpy, torch (null when absent),
               kernel_set, compiler, openmp
  settings     threads (list), dtype, quick, rounds, block, numpy_rounds, settle_s, wait_idle,
               algorithms, passes, compare, shapes (list of {kind, name, dims})
  peak         list of {threads, dtype, gflops, source ("measured" | "given"), clock_ghz (the
               clock the peak implies at two FMAs per cycle per core; null for the portable set),
               other_load (during the probe; null when given)}
  results      list of rows: {kind ("conv" | "pool"), shape, dims, pass ("fwd", "bwd_input",
               "bwd_weight"; pooling: "fwd" or "bwd_input"), op (pooling: max_fwd, max_fwd_idx,
               max_bwd, avg_fwd, avg_bwd; conv: null), strategy ("direct", "im2col", "auto",
               "fastconv" for pooling, "torch", "numpy"), picks (what auto ran; else null),
               threads, dtype, median_s, work (FLOPs or bytes), unit ("GFLOP/s" | "GB/s"),
               rate, peak (GFLOP/s, or the copy's GB/s for pooling), pct_of_peak, vs_torch,
               vs_numpy (speed ratios; null where not measured or for the contender itself),
               other_load (as above, over the rounds that timed this row's pass or op)}
"""
import argparse
import contextlib
import datetime
import importlib
import json
import math
import os
import platform
import sys
import textwrap
import time
from dataclasses import dataclass, field

import numpy as np

from . import _benchlib, _ext
from ._benchlib import (REDO_LOAD, STANDARD_CONV_SHAPES, STANDARD_POOL_SHAPES, ConvShape,
                        OtherLoad, alternating_medians, conv_flops, mean_load, pool_bytes,
                        wait_until_idle)

SCHEMA = "fastconv-bench/1"
CONV_PASSES = ("fwd", "bwd_input", "bwd_weight")
PASS_NAMES = {"forward": "fwd", "backward_input": "bwd_input", "backward_weight": "bwd_weight",
              "fwd": "fwd", "bwd_input": "bwd_input", "bwd_weight": "bwd_weight"}
_LONG_PASS = {"fwd": "forward", "bwd_input": "backward_input", "bwd_weight": "backward_weight"}
ALGORITHMS = ("direct", "im2col", "auto")
COMPARE = ("torch", "numpy")
POOL_OPS = ("max_fwd", "max_fwd_idx", "max_bwd", "avg_fwd", "avg_bwd")
POOL_PASS = {"max_fwd": "fwd", "max_fwd_idx": "fwd", "avg_fwd": "fwd",
             "max_bwd": "bwd_input", "avg_bwd": "bwd_input"}
# FLOPs per cycle per core of one FMA lane pair: two FMA pipes x 2 FLOPs; times the lanes
_VECTOR_BITS = {"avx512": 512, "avx2": 256}


# ---- data and contenders, shared with benchmarks/ (compare.py, the pytest-benchmark suite) ----

@dataclass
class ConvData:
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    y: np.ndarray  # the forward's output, also its out= buffer
    g: np.ndarray  # an output gradient
    kw: dict


def conv_data(s, dtype=np.float32, seed=0):
    """Random operands of the right shapes for every pass of the layer `s` (a ConvShape)."""
    import fastconv
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    x = rng.standard_normal((s.N, s.C, s.H, s.W), dtype=dtype)
    w = rng.standard_normal((s.K, s.C // s.groups, s.R, s.S), dtype=dtype)
    b = rng.standard_normal(s.K, dtype=dtype)
    kw = dict(stride=s.stride, padding=s.pad, dilation=s.dilation, groups=s.groups)
    y = fastconv.conv2d(x, w, b, **kw)
    g = rng.standard_normal(y.shape, dtype=dtype)
    return ConvData(x, w, b, y, g, kw)


def conv_call(d, pass_, algorithm):
    """fastconv's `pass_` ("fwd", "bwd_input" or "bwd_weight") of `algorithm`, as a callable.
    The forward pass writes into a preallocated output (out=)."""
    import fastconv
    if pass_ == "fwd":
        return lambda: fastconv.conv2d(d.x, d.w, d.b, algorithm=algorithm, out=d.y, **d.kw)
    if pass_ == "bwd_input":
        return lambda: fastconv.conv2d_backward_input(d.g, d.w, d.x.shape, algorithm=algorithm,
                                                      **d.kw)
    return lambda: fastconv.conv2d_backward_weight(d.g, d.x, d.w.shape, algorithm=algorithm,
                                                   **d.kw)


def torch_conv_call(torch, d, pass_):
    """The same pass in PyTorch (F.conv2d, torch.nn.grad.conv2d_input / conv2d_weight), on
    tensors sharing the NumPy operands' memory."""
    F = torch.nn.functional
    x, w, b, g = (torch.from_numpy(a) for a in (d.x, d.w, d.b, d.g))
    if pass_ == "fwd":
        return lambda: F.conv2d(x, w, b, **d.kw)
    if pass_ == "bwd_input":
        return lambda: torch.nn.grad.conv2d_input(x.shape, w, g, **d.kw)
    return lambda: torch.nn.grad.conv2d_weight(x, w.shape, g, **d.kw)


def numpy_conv_calls(d, pass_):
    """The plain-NumPy formulations of the pass (_benchlib), as callables: for the forward pass
    sliding_window_view + einsum and (without groups) an im2col copy + matmul."""
    st, pd, gr, dl = (d.kw[k] for k in ("stride", "padding", "groups", "dilation"))
    x, w, g = d.x, d.w, d.g
    if pass_ == "fwd":
        calls = [lambda: _benchlib.numpy_conv2d(x, w, st, pd, gr, dl)]
        if gr == 1:
            calls.append(lambda: _benchlib.numpy_conv2d_im2col(x, w, st, pd, gr, dl))
        return calls
    if pass_ == "bwd_input":
        return [lambda: _benchlib.numpy_conv2d_backward_input(g, w, x.shape, st, pd, gr, dl)]
    return [lambda: _benchlib.numpy_conv2d_backward_weight(g, x, w.shape, st, pd, gr, dl)]


@dataclass
class PoolData:
    x: np.ndarray
    idx: np.ndarray  # max pooling's indices (for its backward)
    g: np.ndarray  # an output gradient


def pool_data(s, dtype=np.float32, seed=0):
    import fastconv
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((s.N, s.C, s.H, s.W)).astype(dtype)
    y, idx = fastconv.max_pool2d(x, s.k, s.stride, s.pad, return_indices=True)
    g = rng.standard_normal(y.shape).astype(dtype)
    return PoolData(x, idx, g)


def pool_call(s, d, op):
    """fastconv's pooling op (one of POOL_OPS) on the shape `s` (a PoolShape), as a callable."""
    import fastconv
    k, st, p, x, idx, g = s.k, s.stride, s.pad, d.x, d.idx, d.g
    return {
        "max_fwd": lambda: fastconv.max_pool2d(x, k, st, p),
        "max_fwd_idx": lambda: fastconv.max_pool2d(x, k, st, p, return_indices=True),
        "max_bwd": lambda: fastconv.max_pool2d_backward(g, idx, x.shape),
        "avg_fwd": lambda: fastconv.avg_pool2d(x, k, st, p),
        "avg_bwd": lambda: fastconv.avg_pool2d_backward(g, x.shape, k, st, p),
    }[op]


def torch_pool_call(torch, s, d, op):
    F = torch.nn.functional
    x, idx, g = (torch.from_numpy(a) for a in (d.x, d.idx, d.g))
    k, st, p = [s.k] * 2, [s.stride] * 2, [s.pad] * 2
    return {
        "max_fwd": lambda: F.max_pool2d(x, k, st, p),
        "max_fwd_idx": lambda: F.max_pool2d(x, k, st, p, return_indices=True),
        "max_bwd": lambda: torch.ops.aten.max_pool2d_with_indices_backward(
            g, x, k, st, p, [1, 1], False, idx),
        "avg_fwd": lambda: F.avg_pool2d(x, k, st, p),
        "avg_bwd": lambda: torch.ops.aten.avg_pool2d_backward(g, x, k, st, p, False, True, None),
    }[op]


def numpy_pool_call(s, d, op):
    k, st, p, x, idx, g = s.k, s.stride, s.pad, d.x, d.idx, d.g
    return {
        "max_fwd": lambda: _benchlib.numpy_max_pool2d(x, k, st, p),
        "max_fwd_idx": lambda: _benchlib.numpy_max_pool2d_with_indices(x, k, st, p),
        "max_bwd": lambda: _benchlib.numpy_max_pool2d_backward(g, idx, x.shape),
        "avg_fwd": lambda: _benchlib.numpy_avg_pool2d(x, k, st, p),
        "avg_bwd": lambda: _benchlib.numpy_avg_pool2d_backward(g, x.shape, k, st, p),
    }[op]


def copy_call(nbytes, threads):
    """A plain copy of nbytes on `threads` threads (the bandwidth yardstick), as a callable."""
    src = np.ones(nbytes, np.uint8)
    dst = np.empty_like(src)
    return lambda: _ext.stream_copy(src, dst, threads)


def once(fn):
    """Seconds one call takes (untimed probes pick the faster NumPy formulation)."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# ---- the machine ----

def import_torch():
    """PyTorch, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def _installed_version(dist):
    """The installed version of a distribution (without importing it), or None."""
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        return None
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def machine_info(torch=None):
    import fastconv
    cfg = fastconv.get_config()
    return {
        "cpu": cfg["cpu"], "cores": os.cpu_count(), "platform": platform.platform(),
        "python": platform.python_version(), "fastconv": fastconv.__version__,
        "numpy": np.__version__,
        "torch": torch.__version__ if torch is not None else _installed_version("torch"),
        "kernel_set": cfg["isa"], "compiler": cfg["compiler"], "openmp": cfg["openmp"],
    }


def header_line(m, threads):
    """One line naming the date, machine, kernel set, thread counts and library versions."""
    return (f"{time.strftime('%Y-%m-%d %H:%M')} | {m['cpu']}, {m['cores']} CPUs | kernel set "
            f"{m['kernel_set']} | threads {','.join(map(str, threads))} | fastconv "
            f"{m['fastconv']} | numpy {m['numpy']}"
            + (f" | torch {m['torch']}" if m["torch"] else " | torch not installed")
            + f" | python {m['python']}")


def clock_ghz(gflops, threads, dtype, isa):
    """The clock a peak implies at two FMAs (2 FLOPs per lane) per cycle per core; None for the
    portable kernels, whose vector width the compiler decides."""
    bits = _VECTOR_BITS.get(isa)
    if not bits or not gflops:
        return None
    lanes = bits // (8 * np.dtype(dtype).itemsize)
    return gflops / threads / (2 * 2 * lanes)


def measure_peak(dtype, threads, seconds=0.5, wait_idle=False):
    """GFLOP/s of the current kernel set's FMA probe on `threads` threads (C, fc_peak_gflops),
    and other processes' share of the CPUs meanwhile. wait_idle: probe when the CPUs are idle,
    again (up to 3 times) while others took more than REDO_LOAD of them."""
    for attempt in range(4):
        if wait_idle:
            wait_until_idle()
        meter = OtherLoad()
        g = _ext.peak_gflops(np.dtype(dtype) == np.float64, threads, seconds)
        busy = meter.stop()
        if not wait_idle or busy is None or busy <= REDO_LOAD:
            break
    return g, busy


def peak_line(p, isa):
    clk = (f", a {p['clock_ghz']:.2f} GHz clock at two {_VECTOR_BITS[isa]}-bit FMAs per cycle "
           f"per core" if p["clock_ghz"] else "")
    how = "measured by the FMA probe" if p["source"] == "measured" else "given with --peak"
    return (f"peak {p['gflops']:.0f} GFLOP/s {p['dtype']} on {p['threads']} thread(s) "
            f"({how}{clk})")


# ---- options ----

@dataclass
class Settings:
    threads: list
    dtype: np.dtype
    conv_shapes: list
    pool_shapes: list
    passes: list
    algorithms: list
    compare: list
    rounds: int
    block: int
    numpy_rounds: int
    settle: float
    wait_idle: bool
    quick: bool
    peak: list = None  # GFLOP/s per thread count, or None: measure
    peak_seconds: float = 0.5
    json: str = None
    plot: str = None
    layout: str = "long"
    markdown: bool = False
    torch: object = field(default=None, repr=False)


def _physical_memory():
    """Bytes of physical memory, or None where the platform does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def _csv(text):
    return [t.strip() for t in text.split(",") if t.strip()]


def parse_custom(text, index=1):
    """A ConvShape from "N,C,H,W,K,R,S,stride,pad[,dilation,groups]"; ValueError if it is not
    a valid layer."""
    import fastconv
    parts = _csv(text)
    if not 9 <= len(parts) <= 11:
        raise ValueError(f"--custom takes 9 to 11 comma-separated integers "
                         f"N,C,H,W,K,R,S,stride,pad[,dilation,groups], got {text!r}")
    try:
        v = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"--custom takes integers N,C,H,W,K,R,S,stride,pad[,dilation,groups], "
                         f"got {text!r}") from None
    N, C, H, W, K, R, S, stride, pad = v[:9]
    dilation = v[9] if len(v) > 9 else 1
    groups = v[10] if len(v) > 10 else 1
    if min(N, C, H, W, K, R, S, stride, dilation, groups) < 1 or pad < 0:
        raise ValueError(f"--custom {text!r}: sizes, stride, dilation and groups must be "
                         f"positive and padding non-negative")
    try:
        out = fastconv.conv2d_output_shape((N, C, H, W), (K, C // groups if C % groups == 0
                                                          else C, R, S),
                                           stride, pad, dilation, groups)
    except (ValueError, TypeError) as e:
        raise ValueError(f"--custom {text!r} is not a valid layer: {e}") from None
    # its arrays in float64 (the larger dtype): x and dx, w and dw, y and dy, for every contender
    need = 8 * 2 * (N * C * H * W + K * (C // groups) * R * S + math.prod(out))
    have = _physical_memory()
    if have and need > have // 2:
        raise ValueError(f"--custom {text!r}: the layer's arrays take {need / 2**30:.1f} GiB, "
                         f"more than half of this machine's {have / 2**30:.1f} GiB of memory")
    name = "custom" if index == 1 else f"custom{index}"
    return ConvShape(name, N, C, H, W, K, R, S, stride, pad, groups, dilation)


def _quick_batch(n):
    return max(1, n // 8)


def build_parser(parser=None):
    p = parser or argparse.ArgumentParser(prog="python -m fastconv bench")
    p.description = ("Time the convolution's strategies (direct, im2col, auto) beside PyTorch "
                     "(when installed) and plain NumPy (--compare numpy) on the standard layers "
                     "and pooling; print a table of medians, GFLOP/s (GB/s for pooling), "
                     "% of this machine's peak and speed ratios measured in the same run.")
    conv = ", ".join(s.name for s in STANDARD_CONV_SHAPES)
    pool = ", ".join(s.name for s in STANDARD_POOL_SHAPES)
    p.add_argument("--quick", action="store_true",
                   help="batches cut by 8, 2 rounds of 2 calls, 0.1 s settle: under a minute")
    p.add_argument("--shapes", help=f"comma-separated standard shapes, or 'conv' / 'pool' for a "
                   f"whole family (default: all; with --custom: none). Convolutions: {conv}. "
                   f"Pooling: {pool}")
    p.add_argument("--passes", default="fwd,bwd_input,bwd_weight",
                   help="forward (fwd), backward_input (bwd_input), backward_weight (bwd_weight);"
                        " pooling's backward counts as backward_input (default: all)")
    p.add_argument("--algorithms", default="direct,im2col,auto",
                   help="convolution strategies to time (default: direct,im2col,auto)")
    p.add_argument("--threads", help="comma-separated thread counts, e.g. 1,2 (default: "
                   "fastconv.get_num_threads())")
    p.add_argument("--dtype", default="float32", help="float32 (default) or float64")
    p.add_argument("--compare", help="contenders beside fastconv: torch, numpy (the best plain "
                   "NumPy formulation; slow), both, or none (default: torch when installed)")
    p.add_argument("--custom", action="append", default=[], metavar="N,C,H,W,K,R,S,stride,pad"
                   "[,dilation,groups]", help="your own convolution layer (repeatable); runs "
                   "only the custom layers unless --shapes is given too")
    p.add_argument("--json", metavar="FILE", help="write every measurement here (fields: "
                   "python -m fastconv bench --help-json)")
    p.add_argument("--plot", metavar="FILE.png", help="bar chart of GFLOP/s per shape and "
                   "strategy with the peak as a line (needs matplotlib)")
    p.add_argument("--peak", help="peak GFLOP/s instead of measuring it: one value (for the "
                   "largest thread count; fewer threads get their share) or one per --threads")
    p.add_argument("--rounds", type=int, help="rounds of alternating blocks (default 5; 2 with "
                   "--quick); NumPy gets half as many")
    p.add_argument("--settle", type=float, help="seconds each contender runs untimed before its "
                   "block (default 0.25; 0.1 with --quick)")
    p.add_argument("--wait-idle", action="store_true", help="start each round only when the "
                   "CPUs are idle (a shared machine: other users' jobs are not timed)")
    p.add_argument("--layout", default="long", help="long (a row per strategy, default) or wide "
                   "(a row per shape and pass, a column per strategy)")
    p.add_argument("--markdown", action="store_true", help="print markdown tables")
    p.add_argument("--load", metavar="FILE", help="measure nothing: print the tables (and write "
                   "--plot) of a run saved with --json, in the --layout asked")
    p.add_argument("--help-json", action="store_true", help="describe the --json fields and exit")
    return p


def settings_from_args(args, error):
    """Validate the parsed options; `error(message)` reports a bad one (it does not return)."""
    import fastconv
    try:
        dtype = np.dtype(args.dtype)
    except TypeError:
        dtype = None
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        error(f"--dtype must be float32 or float64, got {args.dtype!r}")

    if args.threads is None:
        threads = [fastconv.get_num_threads()]
    else:
        try:
            threads = [int(t) for t in _csv(args.threads)]
        except ValueError:
            threads = None
        if not threads or min(threads) < 1 or max(threads) > 4096:
            error(f"--threads takes positive integers separated by commas (e.g. 1,2), got "
                  f"{args.threads!r}")
        threads = list(dict.fromkeys(threads))

    passes = []
    for name in _csv(args.passes):
        if name not in PASS_NAMES:
            error(f"--passes: unknown pass {name!r}; choose from forward (fwd), backward_input "
                  f"(bwd_input), backward_weight (bwd_weight)")
        passes.append(PASS_NAMES[name])
    passes = list(dict.fromkeys(passes))
    if not passes:
        error("--passes names no pass")

    algorithms = list(dict.fromkeys(_csv(args.algorithms)))
    for a in algorithms:
        if a not in ALGORITHMS:
            error(f"--algorithms: unknown strategy {a!r}; choose from {', '.join(ALGORITHMS)}")
    if not algorithms:
        error("--algorithms names no strategy")

    torch = None
    if args.compare is None:
        torch = import_torch()
        compare = ["torch"] if torch is not None else []
    else:
        compare = list(dict.fromkeys(_csv(args.compare)))
        if compare == ["none"]:
            compare = []
        for c in compare:
            if c not in COMPARE:
                error(f"--compare: unknown contender {c!r}; choose from torch, numpy, or none")
        if "torch" in compare:
            torch = import_torch()
            if torch is None:
                error("--compare torch: PyTorch is not installed (pip install torch), or leave "
                      "torch out of --compare")

    customs = []
    for i, text in enumerate(args.custom, 1):
        try:
            customs.append(parse_custom(text, i))
        except ValueError as e:
            error(str(e))
    conv_by_name = {s.name: s for s in STANDARD_CONV_SHAPES}
    pool_by_name = {s.name: s for s in STANDARD_POOL_SHAPES}
    if args.shapes is None:
        names = [] if customs else ["conv", "pool"]
    else:
        names = _csv(args.shapes)
        if not names:
            error("--shapes names no shape")
    conv_shapes, pool_shapes = [], []
    for n in names:
        if n in ("conv", "pool"):
            (conv_shapes if n == "conv" else pool_shapes).extend(
                STANDARD_CONV_SHAPES if n == "conv" else STANDARD_POOL_SHAPES)
        elif n in conv_by_name:
            conv_shapes.append(conv_by_name[n])
        elif n in pool_by_name:
            pool_shapes.append(pool_by_name[n])
        else:
            error(f"--shapes: unknown shape {n!r}; choose from conv, pool, "
                  + ", ".join(list(conv_by_name) + list(pool_by_name)))
    conv_shapes = list(dict.fromkeys(conv_shapes))
    pool_shapes = list(dict.fromkeys(pool_shapes))
    if args.quick:
        conv_shapes = [s._replace(N=_quick_batch(s.N)) for s in conv_shapes]
        pool_shapes = [s._replace(N=_quick_batch(s.N)) for s in pool_shapes]
    conv_shapes += customs
    if not any(p in passes for p in ("fwd", "bwd_input")):
        pool_shapes = []  # pooling has no weight gradient
    if not conv_shapes and not pool_shapes:
        error("nothing to run: the --shapes and --passes given select no measurement")

    rounds = args.rounds if args.rounds is not None else (2 if args.quick else 5)
    if rounds < 1:
        error(f"--rounds must be at least 1, got {rounds}")
    settle = args.settle if args.settle is not None else (0.1 if args.quick else 0.25)
    if not 0 <= settle <= 60:
        error(f"--settle must be between 0 and 60 seconds, got {settle}")

    peak = None
    if args.peak is not None:
        try:
            peak = [float(v) for v in _csv(args.peak)]
        except ValueError:
            peak = None
        if not peak or min(peak) <= 0 or not all(np.isfinite(peak)):
            error(f"--peak takes positive GFLOP/s values, got {args.peak!r}")
        if len(peak) == 1:
            top = max(threads)
            peak = [peak[0] * t / top for t in threads]
        elif len(peak) != len(threads):
            error(f"--peak has {len(peak)} values for {len(threads)} thread counts; give one, or "
                  f"one per --threads")

    if args.layout not in ("long", "wide"):
        error(f"--layout must be long or wide, got {args.layout!r}")
    for opt, path in (("--json", args.json), ("--plot", args.plot)):
        if path is not None:
            folder = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(folder):
                error(f"{opt} {path}: the folder {folder} does not exist")
    if args.plot is not None:
        try:
            importlib.import_module("matplotlib")
        except ImportError:
            error("--plot needs matplotlib, which is not installed: pip install matplotlib "
                  "(or pip install 'fastconv[bench]')")

    return Settings(threads=threads, dtype=dtype, conv_shapes=conv_shapes,
                    pool_shapes=pool_shapes, passes=passes, algorithms=algorithms,
                    compare=compare, rounds=rounds, block=2 if args.quick else 3,
                    numpy_rounds=max(1, rounds // 2) if rounds > 1 else 1, settle=settle,
                    wait_idle=args.wait_idle, quick=args.quick, peak=peak,
                    peak_seconds=0.2 if args.quick else 0.5, json=args.json, plot=args.plot,
                    layout=args.layout, markdown=args.markdown, torch=torch)


# ---- the run ----

class Progress:
    """'[k/n] what, elapsed, about how long left' on stderr: one line rewritten on a terminal,
    a line per step otherwise."""

    def __init__(self, weights, stream=None):
        self.total = sum(weights)
        self.count = len(weights)
        self.done_weight = 0.0
        self.k = 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.perf_counter()

    @staticmethod
    def _clock(sec):
        sec = int(round(sec))
        return f"{sec // 60}:{sec % 60:02d}"

    def step(self, label, weight):
        elapsed = time.perf_counter() - self.t0
        left = ""
        if self.done_weight > 0:
            remaining = elapsed * (self.total - self.done_weight) / self.done_weight
            left = f", about {self._clock(remaining)} left"
        self.k += 1
        self.done_weight += weight
        width = len(str(self.count))
        line = f"[{self.k:{width}d}/{self.count}] {label} ({self._clock(elapsed)} elapsed{left})"
        if self.tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self):
        elapsed = time.perf_counter() - self.t0
        msg = f"done: {self.count} measurements in {self._clock(elapsed)}"
        self.stream.write(("\r\033[K" if self.tty else "") + msg + "\n")
        self.stream.flush()


def _plan(st):
    """[(threads, kind, shape, pass_or_op)] in run order, with a rough cost weight each."""
    plan = []
    nc = len(st.algorithms) + ("torch" in st.compare)
    for t in st.threads:
        for s in st.conv_shapes:
            for p in st.passes:
                plan.append((t, "conv", s, p, nc * st.rounds + 2 * st.numpy_rounds *
                             ("numpy" in st.compare)))
        for s in st.pool_shapes:
            for op in POOL_OPS:
                if POOL_PASS[op] in st.passes:
                    plan.append((t, "pool", s, op, (1 + ("torch" in st.compare)) * st.rounds
                                 + st.numpy_rounds * ("numpy" in st.compare)))
    return plan


def _have_threadpoolctl():
    try:
        importlib.import_module("threadpoolctl")
    except ImportError:
        return False
    return True


def blas_threads(threads):
    """A context limiting NumPy's BLAS to `threads` threads (threadpoolctl; a no-op without)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(threads, user_api="blas")


def time_contenders(contenders, numpy_fn, st, threads, loads=None):
    """Medians (seconds): `contenders` in alternating blocks, then `numpy_fn` (if any) alone.
    loads: as alternating_medians's."""
    import fastconv
    with fastconv.num_threads(threads):
        t = alternating_medians(contenders, rounds=st.rounds, block=st.block, settle=st.settle,
                                wait_idle=st.wait_idle, loads=loads)
        if numpy_fn is not None:
            with blas_threads(threads):
                t["numpy"] = alternating_medians({"numpy": numpy_fn}, rounds=st.numpy_rounds,
                                                 block=1, settle=st.settle,
                                                 wait_idle=st.wait_idle, loads=loads)["numpy"]
    return t


def result_row(kind, shape, dims, pass_, op, strategy, times, threads, dtype, work, unit,
               peak, picks=None):
    """One result (a row of the tables and of the JSON's results) for `strategy`, whose median
    is times[strategy]; its ratios against times["torch"] and times["numpy"] where present."""
    t = times[strategy]
    rate = work / t / 1e9
    return {
        "kind": kind, "shape": shape, "dims": dims, "pass": pass_, "op": op,
        "strategy": strategy, "picks": picks, "threads": threads, "dtype": np.dtype(dtype).name,
        "median_s": t, "work": work, "unit": unit, "rate": rate, "peak": peak,
        "pct_of_peak": 100.0 * rate / peak if peak else None,
        "vs_torch": times["torch"] / t if "torch" in times and strategy != "torch" else None,
        "vs_numpy": times["numpy"] / t if "numpy" in times and strategy != "numpy" else None,
        "other_load": None,
    }


def _dims(s):
    return {k: v for k, v in s._asdict().items() if k != "name"}


def measure_conv(s, pass_, d, st, threads, peak, loads=None):
    """Rows for one pass of one layer: every chosen algorithm, then the compared contenders."""
    import fastconv
    contenders = {a: conv_call(d, pass_, a) for a in st.algorithms}
    if "torch" in st.compare:
        contenders["torch"] = torch_conv_call(st.torch, d, pass_)
    numpy_fn = None
    if "numpy" in st.compare:
        with blas_threads(threads):
            numpy_fn = min(numpy_conv_calls(d, pass_), key=once)
    times = time_contenders(contenders, numpy_fn, st, threads, loads)
    picks = None
    if "auto" in st.algorithms:
        with fastconv.num_threads(threads):
            e = fastconv.explain(d.x.shape, d.w.shape, dtype=st.dtype, **d.kw)
        picks = e["passes"][_LONG_PASS[pass_]]["algorithm"]
    work = conv_flops(s)
    return [result_row("conv", s.name, _dims(s), pass_, None, name, times, threads, st.dtype,
                       work, "GFLOP/s", peak, picks if name == "auto" else None)
            for name in times]


def measure_pool(s, op, d, st, threads, copy_gbps, loads=None):
    contenders = {"fastconv": pool_call(s, d, op)}
    if "torch" in st.compare:
        contenders["torch"] = torch_pool_call(st.torch, s, d, op)
    numpy_fn = numpy_pool_call(s, d, op) if "numpy" in st.compare else None
    times = time_contenders(contenders, numpy_fn, st, threads, loads)
    work = pool_bytes(s, op, np.dtype(st.dtype).itemsize)
    return [result_row("pool", s.name, _dims(s), POOL_PASS[op], op, name, times, threads,
                       st.dtype, work, "GB/s", copy_gbps) for name in times]


def measure_copy(nbytes, st, threads, loads=None):
    """GB/s (read + written) of a plain copy of nbytes on `threads` threads, timed like the rest."""
    fn = copy_call(nbytes, threads)
    t = alternating_medians({"copy": fn}, rounds=st.rounds, block=st.block, settle=st.settle,
                            wait_idle=st.wait_idle, loads=loads)["copy"]
    return 2 * nbytes / t / 1e9


def run(st, argv=(), out=None, progress_stream=None):
    """Measure everything `st` asks for. Returns the report (the JSON object); prints the tables
    on `out` (default stdout) and the progress on `progress_stream` (default stderr)."""
    out = out or sys.stdout
    t_start = time.perf_counter()
    machine = machine_info(st.torch)
    report = {
        "schema": SCHEMA, "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "complete": False, "elapsed_s": None, "other_load": None, "rounds_redone": 0,
        "command": list(argv),
        "machine": machine,
        "settings": {
            "threads": st.threads, "dtype": st.dtype.name, "quick": st.quick,
            "rounds": st.rounds, "block": st.block, "numpy_rounds": st.numpy_rounds,
            "settle_s": st.settle, "wait_idle": st.wait_idle, "algorithms": st.algorithms,
            "passes": st.passes, "compare": st.compare,
            "shapes": [{"kind": "conv", "name": s.name, "dims": _dims(s)}
                       for s in st.conv_shapes]
                      + [{"kind": "pool", "name": s.name, "dims": _dims(s)}
                         for s in st.pool_shapes]},
        "peak": [], "results": [],
    }
    print(header_line(machine, st.threads), file=out)
    if not machine["openmp"] and max(st.threads) > 1:
        print("note: this fastconv build has no OpenMP: it runs on one thread whatever --threads "
              "says", file=out)
    if "numpy" in st.compare and not _have_threadpoolctl():
        print("note: threadpoolctl is not installed, so NumPy's BLAS uses its default thread "
              "count (pip install threadpoolctl)", file=out)
    if st.torch is not None:
        torch_threads = st.torch.get_num_threads()
    if st.conv_shapes:
        for i, t in enumerate(st.threads):
            if st.peak is not None:
                g, source, busy = st.peak[i], "given", None
            else:
                g, busy = measure_peak(st.dtype, t, st.peak_seconds, st.wait_idle)
                source = "measured"
            report["peak"].append({"threads": t, "dtype": st.dtype.name, "gflops": g,
                                   "source": source,
                                   "clock_ghz": clock_ghz(g, t, st.dtype, machine["kernel_set"]),
                                   "other_load": busy})
            print(peak_line(report["peak"][-1], machine["kernel_set"]), file=out, flush=True)
    plan = _plan(st)
    progress = Progress([w for *_, w in plan], progress_stream)
    interrupted = False
    all_loads = []
    try:
        data_key, data, copies = None, None, {}
        for t, kind, s, p, w in plan:
            if st.torch is not None:
                st.torch.set_num_threads(t)
            progress.step(f"{t} thread(s), {s.name} {p}", w)
            if data_key != (kind, s):
                data_key, data = None, None  # free the last shape's arrays first
                data = (conv_data if kind == "conv" else pool_data)(s, st.dtype)
                data_key = (kind, s)
            loads = []
            if kind == "conv":
                peak = next(pk["gflops"] for pk in report["peak"] if pk["threads"] == t)
                rows = measure_conv(s, p, data, st, t, peak, loads)
            else:
                if (t, s) not in copies:
                    copies[(t, s)] = measure_copy(data.x.nbytes, st, t, loads)
                rows = measure_pool(s, p, data, st, t, copies[(t, s)], loads)
            for r in rows:
                r["other_load"] = mean_load(loads)
            report["results"] += rows
            all_loads += loads
        progress.finish()
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted: the tables below hold what was measured", file=out)
    finally:
        if st.torch is not None:
            st.torch.set_num_threads(torch_threads)
    report["complete"] = not interrupted
    report["elapsed_s"] = time.perf_counter() - t_start
    report["other_load"] = mean_load(all_loads)
    report["rounds_redone"] = sum(b == "redone" for b, _ in all_loads)
    print(format_report(report, st.layout, st.markdown), file=out, flush=True)
    if st.json:
        with open(st.json, "w") as f:
            json.dump(report, f, indent=1)
        print(f"wrote {st.json}", file=out)
    if st.plot and report["results"]:
        plot(report, st.plot)
        print(f"wrote {st.plot}", file=out)
    if interrupted:
        raise KeyboardInterrupt
    return report


# ---- tables ----

def render(headers, rows, markdown=False, right=None, group=2):
    """A table as text: markdown pipes, or columns padded to their widths (numbers right-aligned;
    of the first `group` cells, those that repeat the row above blanked)."""
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    right = right if right is not None else [False] * len(headers)
    shown, last = [], None
    for r in rows:
        same = 0
        while last is not None and same < group and r[same] == last[same]:
            same += 1
        shown.append([""] * same + r[same:])
        last = r
    widths = [max([len(h)] + [len(r[i]) for r in shown]) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.rjust(w) if ra else c.ljust(w)
                         for c, w, ra in zip(cells, widths, right)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in shown])


def _ms(t):
    ms = t * 1e3
    return f"{ms:.3f}" if ms < 10 else f"{ms:.1f}" if ms < 1000 else f"{ms:.0f}"


def _x(v):
    return "-" if v is None else f"{v:.2f}x"


def _pct(v):
    return "-" if v is None else f"{v:.0f}%"


def _strategy(r):
    return f"auto ({r['picks']})" if r["strategy"] == "auto" and r["picks"] else r["strategy"]


def _sections(report):
    """{(threads, kind): rows} in run order."""
    out = {}
    for r in report["results"]:
        out.setdefault((r["threads"], r["kind"]), []).append(r)
    return out


def _section_title(report, threads, kind):
    dt = report["settings"]["dtype"]
    if kind == "conv":
        pk = next((p for p in report["peak"] if p["threads"] == threads), None)
        peak = f", % of the peak of {pk['gflops']:.0f} GFLOP/s" if pk else ""
        return f"Convolution, {dt}, {threads} thread(s): GFLOP/s{peak}"
    return (f"Pooling, {dt}, {threads} thread(s): GB/s (bytes read + written), % of a copy of the "
            f"input's size on {threads} thread(s)")


def _table_long(rows, markdown, headers, second, first_col):
    """The long layout: a row per contender; ratio columns only for the contenders timed."""
    others = [o for o in COMPARE if any(r["strategy"] == o for r in rows)]
    headers = headers + [f"vs {o}" for o in others]
    body = [[r["shape"], r[second], first_col(r), _ms(r["median_s"]), f"{r['rate']:.1f}",
             _pct(r["pct_of_peak"])] + [_x(r[f"vs_{o}"]) for o in others] for r in rows]
    return render(headers, body, markdown, [False] * 3 + [True] * (len(headers) - 3))


def conv_table_long(rows, markdown=False):
    return _table_long(rows, markdown, ["shape", "pass", "strategy", "ms", "GFLOP/s",
                                        "% of peak"], "pass", _strategy)


def pool_table_long(rows, markdown=False):
    return _table_long(rows, markdown, ["shape", "op", "library", "ms", "GB/s", "% of copy"],
                       "op", lambda r: r["strategy"])


def _group(rows, key):
    out = {}
    for r in rows:
        out.setdefault(key(r), {})[r["strategy"]] = r
    return out


def conv_table_wide(rows, markdown=False):
    """A row per (shape, pass), a GFLOP/s column per strategy; the lead strategy ("auto" when
    timed, else the fastest algorithm of the row) gets % of peak and its speed ratios."""
    groups = _group(rows, lambda r: (r["shape"], r["pass"]))
    strategies = list(dict.fromkeys(r["strategy"] for r in rows))
    algos = [s for s in strategies if s in ALGORITHMS]
    lead = "auto" if "auto" in algos else "best"
    headers = ["shape", "pass"] + [("auto (picks)" if s == "auto" else s) for s in strategies]
    headers += [f"{lead} % of peak"]
    if "torch" in strategies:
        headers.append(f"{lead} / torch")
    if "numpy" in strategies:
        headers.append(f"{lead} / numpy")
    both = {"direct", "im2col", "auto"} <= set(algos)
    if both:
        headers.append("auto / best of direct, im2col")
    body = []
    for (shape, pass_), g in groups.items():
        cells = [shape, pass_]
        for s in strategies:
            r = g.get(s)
            cells.append("-" if r is None else f"{r['rate']:.1f}" + (
                f" ({r['picks']})" if s == "auto" and r["picks"] else ""))
        lr = g["auto"] if lead == "auto" else min((g[a] for a in algos),
                                                  key=lambda r: r["median_s"])
        cells.append(_pct(lr["pct_of_peak"]))
        if "torch" in strategies:
            cells.append(_x(lr["vs_torch"]))
        if "numpy" in strategies:
            cells.append(_x(lr["vs_numpy"]))
        if both:
            cells.append(_x(min(g["direct"]["median_s"], g["im2col"]["median_s"])
                            / g["auto"]["median_s"]))
        body.append(cells)
    return render(headers, body, markdown, [False, False] + [True] * (len(headers) - 2))


def pool_table_wide(rows, markdown=False):
    """A row per (shape, op): fastconv's time, GB/s and % of the copy, the others' GB/s and
    fastconv's speed ratios."""
    groups = _group(rows, lambda r: (r["shape"], r["op"]))
    others = [s for s in dict.fromkeys(r["strategy"] for r in rows) if s != "fastconv"]
    headers = ["shape", "op", "fastconv ms", "GB/s", "% of copy", "copy GB/s"]
    headers += [f"{o} GB/s" for o in others] + [f"fastconv / {o}" for o in others]
    body = []
    for (shape, op), g in groups.items():
        f = g["fastconv"]
        cells = [shape, op, _ms(f["median_s"]), f"{f['rate']:.1f}", _pct(f["pct_of_peak"]),
                 f"{f['peak']:.0f}"]
        cells += [f"{g[o]['rate']:.1f}" if o in g else "-" for o in others]
        cells += [_x(f.get(f"vs_{o}")) for o in others]
        body.append(cells)
    return render(headers, body, markdown, [False, False] + [True] * (len(headers) - 2))


FOOTNOTE = ("Medians of alternating blocks in one run ({rounds} round(s) of {block} calls, each "
            "block after {settle:g} s untimed). vs torch, vs numpy: speed ratios (their time / "
            "this one's; above 1, the row is faster), measured in the same run; NumPy (the "
            "faster of its formulations) is timed on its own, {numpy_rounds} round(s) of 1 call, "
            "after the others. FLOPs count 2 per multiply-add for every pass; pooling's GB/s "
            "count each array it reads or writes once.")


LOAD_WARNING = 0.05  # other processes' share of the CPUs above which the medians are suspect


def load_note(report):
    """A sentence on how busy other processes kept the CPUs, with a warning (and the worst
    measurements) when that was more than LOAD_WARNING."""
    load = report.get("other_load")
    if load is None:
        return ""
    redone = report.get("rounds_redone", 0)
    redone = (f" ({redone} round(s) disturbed by them were thrown away and run again)"
              if redone else "")
    peak_busy = [p["other_load"] for p in report.get("peak", [])
                 if p.get("other_load") is not None and p["other_load"] > LOAD_WARNING]
    peak_note = (f" The peak was probed while other processes used {100 * max(peak_busy):.0f}% of "
                 f"the CPUs: it is too low, and the % of peak too high." if peak_busy else "")
    worst = {}
    for r in report["results"]:
        if r["other_load"] is not None and r["other_load"] > 2 * LOAD_WARNING:
            worst[(r["threads"], r["shape"], r["op"] or r["pass"])] = r["other_load"]
    top = sorted(worst.items(), key=lambda kv: -kv[1])[:6]
    names = ", ".join(f"{shape} {p}" + (f" on {t} thread(s)" if len(
        report.get("settings", {}).get("threads", [t])) > 1 else "") + f" ({100 * v:.0f}%)"
        for (t, shape, p), v in top)
    if load <= LOAD_WARNING:
        busiest = (f" The busiest measurement{'s' if len(top) > 1 else ''}, where they took "
                   f"more than {200 * LOAD_WARNING:.0f}%: {names}." if top else "")
        return (f"Other processes used {100 * load:.0f}% of the CPUs' time while this run timed"
                f"{redone}.{busiest}{peak_note}")
    return (f"WARNING: other processes used {100 * load:.0f}% of the CPUs' time while this run "
            f"timed{redone}" + (f" (most during {names})" if names else "")
            + ": their threads and ours took turns, so these medians are unreliable."
            f" Run again on an idle machine, or with --wait-idle."
            f"{peak_note}")


def format_report(report, layout="long", markdown=False):
    parts = []
    for (threads, kind), rows in _sections(report).items():
        title = _section_title(report, threads, kind)
        parts.append(("### " if markdown else "") + title)
        if layout == "wide":
            table = (conv_table_wide if kind == "conv" else pool_table_wide)(rows, markdown)
        else:
            table = (conv_table_long if kind == "conv" else pool_table_long)(rows, markdown)
        parts.append(table)
    if report["results"]:
        st = report["settings"]
        note = FOOTNOTE.format(rounds=st["rounds"], block=st["block"], settle=st["settle_s"],
                               numpy_rounds=st["numpy_rounds"])
        load = load_note(report)
        parts.append("\n\n".join(n if markdown else textwrap.fill(n, 100)
                                   for n in (note, load) if n))
    return "\n\n".join([""] + parts)


# ---- the picture ----

_COLORS = {"direct": "#1f77b4", "im2col": "#ff7f0e", "auto": "#2ca02c", "torch": "#d62728",
           "numpy": "#9467bd", "fastconv": "#17becf"}
_LABELS = {"auto": "auto (the rule's pick)", "torch": "PyTorch", "numpy": "NumPy",
           "fastconv": "fastconv (pooling)"}
_OP_LABELS = {"max_fwd": "max", "max_fwd_idx": "max+idx", "max_bwd": "max bwd", "avg_fwd": "avg",
              "avg_bwd": "avg bwd"}


def plot(report, path):
    """Bars of GFLOP/s per shape and strategy, a panel per pass (a column per thread count), the
    peak as a dashed line; pooling (if run) in GB/s, each shape's copy bandwidth as a line."""
    from matplotlib.figure import Figure
    sections = _sections(report)
    threads = list(dict.fromkeys(t for t, _ in sections))
    conv_passes = [p for p in CONV_PASSES if any(r["kind"] == "conv" and r["pass"] == p
                                                for r in report["results"])]
    panels = [("conv", p) for p in conv_passes]
    if any(k == "pool" for _, k in sections):
        panels.append(("pool", None))
    m = report["machine"]
    fig = Figure(figsize=(max(11.0, 7.0 * len(threads)), 3.1 * len(panels) + 1.0),
                 layout="constrained")
    axes = fig.subplots(len(panels), len(threads), squeeze=False)
    fig.suptitle(f"python -m fastconv bench: fastconv {m['fastconv']}, {m['cpu']} "
                 f"({m['kernel_set']} kernels), {report['settings']['dtype']}, "
                 f"{report['date'][:10]}" + (f", PyTorch {m['torch']}" if m["torch"] else "")
                 + f", NumPy {m['numpy']}", fontsize=11)
    names = {"fwd": "forward", "bwd_input": "backward to the input",
             "bwd_weight": "backward to the weight"}
    handles = {}
    for j, t in enumerate(threads):
        for i, (kind, p) in enumerate(panels):
            ax = axes[i][j]
            rows = [r for r in sections.get((t, kind), []) if p is None or r["pass"] == p]
            if not rows:
                ax.set_visible(False)
                continue
            groups = _group(rows, lambda r: (r["shape"], r["op"]))
            strategies = list(dict.fromkeys(r["strategy"] for r in rows))
            width = 0.8 / len(strategies)
            xs = np.arange(len(groups))
            tallest = 0
            for k, s in enumerate(strategies):
                vals = [g[s]["rate"] if s in g else 0 for g in groups.values()]
                tallest = max([tallest] + [v for v in vals
                                           if isinstance(v, (int, float)) and v == v])
                handles[s] = ax.bar(xs + (k - (len(strategies) - 1) / 2) * width, vals, width,
                                    color=_COLORS.get(s), label=_LABELS.get(s, s))
            ax.grid(axis="y", alpha=0.3)
            ax.set_axisbelow(True)
            ax.set_xlim(-0.6, len(groups) - 0.4)
            if kind == "conv":
                peak = rows[0]["peak"]
                handles["peak"] = ax.axhline(peak, color="black", linestyle="--", linewidth=1,
                                             label="peak (FMA probe)")
                ax.text(len(groups) - 0.45, peak * 0.98, f"peak {peak:.0f} GFLOP/s", ha="right",
                        va="top", fontsize=8)
                ax.set_ylim(0, max(peak, tallest) * 1.05)
                ax.set_ylabel("GFLOP/s")
                ax.set_title(f"convolution, {names[p]}, {t} thread(s)", fontsize=10)
                ax.set_xticks(xs)
                ax.set_xticklabels([shape for shape, _ in groups], fontsize=8)
            else:
                shapes = list(dict.fromkeys(shape for shape, _ in groups))
                top = 0
                for shape in shapes:
                    at = [x for x, (sh, _) in zip(xs, groups) if sh == shape]
                    cp = groups[(shape, next(op for sh, op in groups if sh == shape))][
                        "fastconv"]["peak"]
                    top = max(top, cp)
                    handles["copy"] = ax.hlines(cp, at[0] - 0.45, at[-1] + 0.45, color="black",
                                                linestyle=":", linewidth=1.2,
                                                label="copy of the input's size (pooling)")
                    ax.text((at[0] + at[-1]) / 2, -0.16, shape, ha="center", va="top",
                            fontsize=8, transform=ax.get_xaxis_transform())
                    if at[0] > 0:
                        ax.axvline(at[0] - 0.5, color="grey", linewidth=0.6)
                ax.set_ylim(0, max(top, tallest) * 1.1)
                ax.set_ylabel("GB/s")
                ax.set_title(f"pooling, {t} thread(s): bytes read + written per second",
                             fontsize=10)
                ax.set_xticks(xs)
                ax.set_xticklabels([_OP_LABELS[op] for _, op in groups], fontsize=7)
    order = ["direct", "im2col", "auto", "torch", "numpy", "fastconv", "peak", "copy"]
    hs = [handles[k] for k in order if k in handles]
    fig.legend(hs, [h.get_label() for h in hs], loc="outside lower center", ncol=len(hs),
               fontsize=8, frameon=False)
    fig.savefig(path, dpi=100)


# ---- the command ----

def main(argv=None, parser=None):
    """`python -m fastconv bench [options]`; returns the exit status."""
    parser = build_parser(parser)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    return run_args(args, parser, argv)


def show_saved(args, parser):
    """--load: the tables (and --plot) of a saved run."""
    try:
        with open(args.load) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        parser.error(f"--load {args.load}: {e}")
    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        parser.error(f"--load {args.load}: not a saved run of this command (schema {SCHEMA})")
    if args.layout not in ("long", "wide"):
        parser.error(f"--layout must be long or wide, got {args.layout!r}")
    if args.plot is not None:
        try:
            importlib.import_module("matplotlib")
        except ImportError:
            parser.error("--plot needs matplotlib, which is not installed: pip install matplotlib "
                         "(or pip install 'fastconv[bench]')")
    m = report["machine"]
    print(f"{report['date']} | {m['cpu']}, {m['cores']} CPUs | kernel set {m['kernel_set']} | "
          f"threads {','.join(map(str, report['settings']['threads']))} | fastconv "
          f"{m['fastconv']} | numpy {m['numpy']} | torch {m['torch'] or 'not installed'} | "
          f"python {m['python']}")
    for p in report["peak"]:
        print(peak_line(p, m["kernel_set"]))
    print(format_report(report, args.layout, args.markdown))
    if args.plot:
        plot(report, args.plot)
        print(f"wrote {args.plot}")
    return 0


def run_args(args, parser, argv=()):
    if args.help_json:
        print(__doc__[__doc__.index("The JSON file"):].rstrip())
        return 0
    if args.load is not None:
        return show_saved(args, parser)
    st = settings_from_args(args, parser.error)
    try:
        run(st, argv)
    except KeyboardInterrupt:
        return 130
    return 0
