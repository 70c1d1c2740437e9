"""Side-by-side medians in one process: fastconv's GEMM against numpy.matmul (OpenBLAS), and the
convolution (every pass; direct, im2col and auto) against PyTorch when installed and, with
--numpy, the best plain NumPy formulation. Prints markdown tables.

    python benchmarks/compare.py [--gemm] [--conv] [--threads 2] [--rounds 5] [--dtype float64]
                                 [--algorithms direct,im2col,auto] [--numpy] [--shapes a,b] [--wait-idle]
    python benchmarks/compare.py --pool [--cold]   # pooling, ReLU, linear vs PyTorch, in GB/s
    python benchmarks/compare.py --nn [--dtype float64]  # a whole training step vs PyTorch
"""
import argparse
import platform
import time

import numpy as np

import fastconv
from fastconv import _benchlib, _ext
from fastconv._benchlib import (STANDARD_CONV_SHAPES, STANDARD_POOL_SHAPES, STEP_MODELS,
                                alternating_medians, conv_flops, pool_bytes, step_contenders,
                                step_flops,
                                numpy_conv2d, numpy_conv2d_backward_input,
                                numpy_conv2d_backward_weight, numpy_conv2d_im2col)
from fastconv._choice import PASSES, choose_algorithm
from fastconv.conv import _geometry

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def gemm_table(threads, rounds, peak):
    print(f"\n### GEMM, {threads} thread(s): fastconv.matmul vs numpy.matmul (OpenBLAS)\n")
    print("| dtype | n | fastconv ms | GFLOP/s | % of peak | numpy ms | GFLOP/s | "
          "fastconv / numpy speed |")
    print("|---|---|---|---|---|---|---|---|")
    for dtype in (np.float32, np.float64):
        for n in (256, 512, 1024, 2048):
            rng = np.random.default_rng(0)
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            c = np.empty((n, n), dtype)
            with fastconv.num_threads(threads):
                t = alternating_medians({"fc": lambda: fastconv.matmul(a, b, out=c),
                                         "np": lambda: np.matmul(a, b, out=c)},
                                        rounds=rounds, block=3 if n < 2048 else 2)
            f = 2.0 * n ** 3
            pk = peak[np.dtype(dtype).name]
            print(f"| {np.dtype(dtype).name} | {n} | {t['fc'] * 1e3:.2f} | {f / t['fc'] / 1e9:.1f} | "
                  f"{100 * f / t['fc'] / 1e9 / pk:.0f}% | "
                  f"{t['np'] * 1e3:.2f} | {f / t['np'] / 1e9:.1f} | {t['np'] / t['fc']:.2f} |")


def _numpy_passes(x, w, g, s):
    st, pd, gr = s.stride, s.pad, s.groups
    fwd = [lambda: numpy_conv2d(x, w, st, pd, gr)]
    if gr == 1:
        fwd.append(lambda: numpy_conv2d_im2col(x, w, st, pd, gr))
    return {
        "fwd": fwd,
        "bwd_input": [lambda: numpy_conv2d_backward_input(g, w, x.shape, st, pd, gr)],
        "bwd_weight": [lambda: numpy_conv2d_backward_weight(g, x, w.shape, st, pd, gr)],
    }


def conv_table(threads, rounds, peak, dtype=np.float32, algorithms=("direct", "im2col", "auto"),
               with_numpy=False, shapes=None):
    """Every pass of the standard shapes: each algorithm, PyTorch and (optionally) the best plain
    NumPy formulation, timed in alternating blocks; GFLOP/s, and speed ratios of auto."""
    dt = np.dtype(dtype).name
    print(f"\n### Convolution, {threads} thread(s), {dt}: "
          + ", ".join(algorithms)
          + (", PyTorch " + torch.__version__ if torch else " (PyTorch not installed)")
          + (", NumPy (sliding_window_view + einsum, or im2col copy + matmul)" if with_numpy else "")
          + "\n")
    cols = list(algorithms) + (["torch"] if torch else []) + (["numpy"] if with_numpy else [])
    head = " | ".join(f"{c} GFLOP/s" for c in cols)
    ratios = (["auto / torch speed"] if torch and "auto" in algorithms else []) + \
             (["auto / numpy speed"] if with_numpy and "auto" in algorithms else []) + \
             (["auto / best of direct, im2col"] if {"direct", "im2col", "auto"} <= set(algorithms)
              else [])
    print(f"| shape | pass | {head} | auto % of peak | " + " | ".join(ratios) + " | auto picks |")
    print("|---|---|" + "---|" * (len(cols) + 1 + len(ratios)) + "---|")
    for s in STANDARD_CONV_SHAPES:
        if shapes and s.name not in shapes:
            continue
        rng = np.random.default_rng(0)
        x = rng.standard_normal((s.N, s.C, s.H, s.W)).astype(dtype)
        w = rng.standard_normal((s.K, s.C // s.groups, s.R, s.S)).astype(dtype)
        b = rng.standard_normal(s.K).astype(dtype)
        kw = dict(stride=s.stride, padding=s.pad, groups=s.groups)
        y = fastconv.conv2d(x, w, b, **kw)
        g = rng.standard_normal(y.shape).astype(dtype)
        geom, _ = _geometry("compare", x.shape, w.shape, s.stride, s.pad, 1, s.groups)
        mk = {
            "fwd": lambda a: lambda: fastconv.conv2d(x, w, b, algorithm=a, out=y, **kw),
            "bwd_input": lambda a: lambda: fastconv.conv2d_backward_input(g, w, x.shape,
                                                                         algorithm=a, **kw),
            "bwd_weight": lambda a: lambda: fastconv.conv2d_backward_weight(g, x, w.shape,
                                                                           algorithm=a, **kw),
        }
        if torch is not None:
            tx, tw, tb, tg = (torch.from_numpy(a) for a in (x, w, b, g))
            tpasses = {
                "fwd": lambda: F.conv2d(tx, tw, tb, **kw),
                "bwd_input": lambda: torch.nn.grad.conv2d_input(tx.shape, tw, tg, **kw),
                "bwd_weight": lambda: torch.nn.grad.conv2d_weight(tx, tw.shape, tg, **kw),
            }
        nps = _numpy_passes(x, w, g, s) if with_numpy else None
        flops = conv_flops(s)
        for name, pass_ in zip(("fwd", "bwd_input", "bwd_weight"), PASSES):
            contenders = {a: mk[name](a) for a in algorithms}
            if torch is not None:
                contenders["torch"] = tpasses[name]
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=3)
            if with_numpy:
                # the faster NumPy formulation (one untimed probe each), timed on its own: it is
                # 2-20x slower, and OpenBLAS's spinning threads would tax whoever ran after it
                best = min(nps[name], key=lambda f: _once(f))
                t.update(alternating_medians({"numpy": best}, rounds=max(2, rounds // 2),
                                             block=1))
            gf = {c: flops / t[c] / 1e9 for c in cols}
            row = [f"{gf[c]:.1f}" for c in cols]
            row.append(f"{100 * gf['auto'] / peak[dt]:.0f}%" if "auto" in gf else "-")
            if "auto / torch speed" in ratios:
                row.append(f"{t['torch'] / t['auto']:.2f}")
            if "auto / numpy speed" in ratios:
                row.append(f"{t['numpy'] / t['auto']:.2f}")
            if "auto / best of direct, im2col" in ratios:
                row.append(f"{min(t['direct'], t['im2col']) / t['auto']:.2f}")
            row.append(choose_algorithm(pass_, geom, np.dtype(dtype)))
            print(f"| {s.name} | {name} | " + " | ".join(row) + " |", flush=True)


def _once(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# ---- pooling, ReLU and the dense layer (--pool) ----

POOL_OPS = ["max_fwd", "max_fwd_idx", "max_bwd", "avg_fwd", "avg_bwd"]


def cold_medians(contenders, rounds, evict):
    """Like alternating_medians, but each timed call runs after `evict` (untimed) has pushed the
    operands out of the caches: DRAM-resident timings."""
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            for _ in range(3):
                evict()
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
    return {name: sorted(ts)[len(ts) // 2] for name, ts in times.items()}


def _pool_contenders(s, x, idx, g):
    k, st, p = s.k, s.stride, s.pad
    fc = {
        "max_fwd": lambda: fastconv.max_pool2d(x, k, st, p),
        "max_fwd_idx": lambda: fastconv.max_pool2d(x, k, st, p, return_indices=True),
        "max_bwd": lambda: fastconv.max_pool2d_backward(g, idx, x.shape),
        "avg_fwd": lambda: fastconv.avg_pool2d(x, k, st, p),
        "avg_bwd": lambda: fastconv.avg_pool2d_backward(g, x.shape, k, st, p),
    }
    if torch is None:
        return fc, {}
    tx, ti, tg = (torch.from_numpy(a) for a in (x, idx, g))
    kk, ss, pp = [k] * 2, [st] * 2, [p] * 2
    th = {
        "max_fwd": lambda: F.max_pool2d(tx, kk, ss, pp),
        "max_fwd_idx": lambda: F.max_pool2d(tx, kk, ss, pp, return_indices=True),
        "max_bwd": lambda: torch.ops.aten.max_pool2d_with_indices_backward(
            tg, tx, kk, ss, pp, [1, 1], False, ti),
        "avg_fwd": lambda: F.avg_pool2d(tx, kk, ss, pp),
        "avg_bwd": lambda: torch.ops.aten.avg_pool2d_backward(tg, tx, kk, ss, pp, False, True,
                                                               None),
    }
    return fc, th


def _row(name, op, nbytes, t, copy_gbps):
    fc_gbps = nbytes / t["fc"] / 1e9
    tt = t.get("torch")
    return (f"| {name} | {op} | {t['fc'] * 1e3:.3f} | {fc_gbps:.1f} | "
            f"{100 * fc_gbps / copy_gbps:.0f}% | "
            + (f"{tt * 1e3:.3f} | {nbytes / tt / 1e9:.1f} | {tt / t['fc']:.1f} |" if tt
               else "- | - | - |"))


def pool_table(threads, rounds, cold):
    """Pooling and ReLU in GB/s (bytes read + written, each array once) against a plain parallel
    copy of the input's size in the same run, and against PyTorch; then the dense layer."""
    mode = "cold caches (operands evicted before each call: DRAM-resident)" if cold else \
        "hot loop (repeated calls: operands partly cache-resident)"
    print(f"\n### Pooling and ReLU, {threads} thread(s), float32, {mode}"
          + (" vs PyTorch " + torch.__version__ if torch else " (PyTorch not installed)") + "\n")
    big = np.ones(1 << 28, np.uint8)  # 256 MiB, far beyond the 32 MiB L3
    big_dst = np.empty_like(big)

    def evict():
        _ext.stream_copy(big, big_dst, threads)

    def medians(contenders):
        with fastconv.num_threads(threads):
            if cold:
                return cold_medians(contenders, rounds, evict)
            return alternating_medians(contenders, rounds=rounds, block=5, settle=0.15)

    t = medians({"copy": lambda: _ext.stream_copy(big, big_dst, threads)})
    dram = 2 * big.nbytes / t["copy"] / 1e9
    print(f"Copy yardstick (fastconv._ext.stream_copy: ordinary loads and stores, {threads} "
          f"thread(s)): 256 MiB -> 256 MiB at {dram:.1f} GB/s (DRAM). Each shape's '% of copy' "
          "is against a copy of its input's size measured beside it (bytes read + written).\n")
    print("| shape | op | fastconv ms | GB/s | % of copy | torch ms | GB/s | "
          "fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for s in STANDARD_POOL_SHAPES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((s.N, s.C, s.H, s.W)).astype(np.float32)
        y, idx = fastconv.max_pool2d(x, s.k, s.stride, s.pad, return_indices=True)
        g = rng.standard_normal(y.shape).astype(np.float32)
        src, dst = x.reshape(-1).view(np.uint8), np.empty(x.nbytes, np.uint8)
        copy = medians({"copy": lambda: _ext.stream_copy(src, dst, threads)})["copy"]
        copy_gbps = 2 * x.nbytes / copy / 1e9
        name = f"{s.name} ({s.N}x{s.C}x{s.H}x{s.W}; copy {copy_gbps:.0f} GB/s)"
        fc, th = _pool_contenders(s, x, idx, g)
        for op in POOL_OPS:
            contenders = {"fc": fc[op]}
            if th:
                contenders["torch"] = th[op]
            print(_row(name, op, pool_bytes(s, op), medians(contenders), copy_gbps), flush=True)
    # ReLU on the ResNet stem's activation
    shape = (8, 64, 112, 112)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(np.float32)
    g = rng.standard_normal(shape).astype(np.float32)
    out = np.empty_like(x)
    src, dst = x.reshape(-1).view(np.uint8), np.empty(x.nbytes, np.uint8)
    copy_gbps = 2 * x.nbytes / medians({"copy": lambda: _ext.stream_copy(src, dst, threads)})[
        "copy"] / 1e9
    name = f"relu ({'x'.join(map(str, shape))}; copy {copy_gbps:.0f} GB/s)"
    for op, fn, nb in (("fwd", lambda: fastconv.relu(x, out=out), 2 * x.nbytes),
                       ("bwd", lambda: fastconv.relu_backward(g, x), 3 * x.nbytes)):
        contenders = {"fc": fn}
        if torch is not None:
            tx, tg = torch.from_numpy(x), torch.from_numpy(g)
            contenders["torch"] = ((lambda: torch.relu(tx)) if op == "fwd" else
                                   (lambda: torch.ops.aten.threshold_backward(tg, tx, 0)))
        print(_row(name, op, nb, medians(contenders), copy_gbps), flush=True)


def linear_table(threads, rounds, peak):
    print(f"\n### Dense layer (linear), {threads} thread(s), float32"
          + (" vs PyTorch " + torch.__version__ if torch else "") + "\n")
    print("| layer (batch, in -> out) | pass | fastconv ms | GFLOP/s | % of peak | torch ms | "
          "GFLOP/s | fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, batch, fin, fout in (("fc_4096", 64, 4096, 4096), ("fc_1000", 64, 4096, 1000),
                                   ("fc_small", 256, 512, 10)):
        rng = np.random.default_rng(2)
        x = rng.standard_normal((batch, fin)).astype(np.float32)
        w = rng.standard_normal((fout, fin)).astype(np.float32)
        b = rng.standard_normal(fout).astype(np.float32)
        g = rng.standard_normal((batch, fout)).astype(np.float32)
        passes = {"fwd": (lambda: fastconv.linear(x, w, b), 1),
                  "bwd": (lambda: fastconv.linear_backward(g, x, w), 2)}
        if torch is not None:
            tx, tw, tb, tg = (torch.from_numpy(a) for a in (x, w, b, g))
            tpasses = {"fwd": lambda: F.linear(tx, tw, tb),
                       "bwd": lambda: (tg @ tw, tg.t() @ tx, tg.sum(0))}
        for op, (fn, mult) in passes.items():
            flops = 2.0 * batch * fin * fout * mult
            contenders = {"fc": fn}
            if torch is not None:
                contenders["torch"] = tpasses[op]
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=3)
            tt = t.get("torch")
            print(f"| {name} ({batch}, {fin} -> {fout}) | {op} | {t['fc'] * 1e3:.3f} | "
                  f"{flops / t['fc'] / 1e9:.1f} | {100 * flops / t['fc'] / 1e9 / peak:.0f}% | "
                  + (f"{tt * 1e3:.3f} | {flops / tt / 1e9:.1f} | {tt / t['fc']:.2f} |" if tt
                     else "- | - | - |"), flush=True)


def nn_table(threads, rounds, dtype=np.float32):
    """One training step (forward, cross-entropy, backward, SGD with momentum) of whole models,
    fastconv.nn against the same model in torch.nn from the same weights, on the same batch:
    with the input as data (no gradient for it, as in training) and with its gradient computed
    by both; then fastconv with every convolution pass forced to algorithm="direct"."""
    dt = np.dtype(dtype).name
    print(f"\n### Training step (fastconv.nn vs torch.nn), {threads} thread(s), {dt}"
          + (", PyTorch " + torch.__version__ if torch else " (PyTorch not installed)") + "\n")
    print("| model (batch) | fastconv convolutions | input gradient | fastconv ms | GFLOP/s | "
          "torch ms | GFLOP/s | fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in STEP_MODELS:
        for algorithm, input_grad in (("auto", False), ("auto", True), ("direct", False)):
            contenders = step_contenders(spec, torch, dtype, input_grad, algorithm=algorithm)
            small = spec.batch * np.prod(spec.input_shape) < 1e5
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=5 if small else 2)
            f = step_flops(spec, input_grad)
            fc, tt = t["fastconv"], t.get("torch")
            what = "computed (both)" if input_grad else "none (input is data)"
            print(f"| {spec.name} ({spec.batch}) | {algorithm} | {what} | {fc * 1e3:.3f} | "
                  f"{f / fc / 1e9:.1f} | "
                  + (f"{tt * 1e3:.3f} | {f / tt / 1e9:.1f} | {tt / fc:.2f} |" if tt
                     else "- | - | - |"), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--gemm", action="store_true")
    p.add_argument("--conv", action="store_true")
    p.add_argument("--pool", action="store_true",
                   help="pooling and ReLU (GB/s against a copy) and the dense layer, vs PyTorch")
    p.add_argument("--cold", action="store_true",
                   help="with --pool: evict the caches before every timed call (DRAM-resident)")
    p.add_argument("--nn", action="store_true",
                   help="one training step of whole models (fastconv.nn) vs PyTorch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="dtype of the convolution and training-step tables")
    p.add_argument("--algorithms", default="direct,im2col,auto",
                   help="convolution algorithms to time (comma-separated)")
    p.add_argument("--numpy", action="store_true",
                   help="time the best plain NumPy formulation beside them (slow)")
    p.add_argument("--shapes", help="standard shapes to run (comma-separated names)")
    p.add_argument("--wait-idle", action="store_true",
                   help="start each round of timings only when the CPUs are idle (a shared "
                        "machine: other users' jobs are not timed)")
    args = p.parse_args()
    if args.wait_idle:
        _benchlib.WAIT_IDLE = True
    if torch is not None:
        torch.set_num_threads(args.threads)
    try:  # numpy's BLAS gets the same thread count, where threadpoolctl can set it
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads, user_api="blas")
    except ImportError:
        print("(threadpoolctl not installed: numpy's BLAS uses its default thread count)")
    cfg = fastconv.get_config()
    peak = {"float32": _ext.peak_gflops(False, args.threads, 0.5),
            "float64": _ext.peak_gflops(True, args.threads, 0.5)}
    print(f"{time.strftime('%Y-%m-%d')} | {cfg['cpu']} | kernel set {cfg['isa']} | "
          f"threads {args.threads} | fastconv {fastconv.__version__} | numpy {np.__version__}"
          + (f" | torch {torch.__version__}" if torch else "") + f" | python {platform.python_version()}")
    bits = {"avx512": 512, "avx2": 256}.get(cfg["isa"])
    clock = (f" (a {peak['float32'] / args.threads / (bits // 8):.2f} GHz clock, at two {bits}-bit "
             f"FMAs per cycle per core)" if bits else "")
    print(f"\nMeasured FMA peak of the {cfg['isa']} kernels on {args.threads} thread(s): float32 "
          f"{peak['float32']:.0f} GFLOP/s{clock}, float64 {peak['float64']:.0f} GFLOP/s")
    if args.nn:
        nn_table(args.threads, args.rounds, np.dtype(args.dtype))
        return
    if args.pool:
        pool_table(args.threads, args.rounds, args.cold)
        linear_table(args.threads, args.rounds, peak["float32"])
        return
    if args.gemm or not args.conv:
        gemm_table(args.threads, args.rounds, peak)
    if args.conv or not args.gemm:
        conv_table(args.threads, args.rounds, peak, np.dtype(args.dtype),
                   tuple(args.algorithms.split(",")), args.numpy,
                   args.shapes.split(",") if args.shapes else None)


if __name__ == "__main__":
    main()
