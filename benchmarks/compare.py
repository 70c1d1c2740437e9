"""Side-by-side medians in one process: fastconv's GEMM against numpy.matmul (OpenBLAS), and the
convolution (every pass; direct, im2col and auto) against PyTorch when installed and, with
--numpy, the best plain NumPy formulation. Prints markdown tables.

    python benchmarks/compare.py [--gemm] [--conv] [--threads 2] [--rounds 5] [--dtype float64]
                                 [--algorithms direct,im2col,auto] [--numpy] [--shapes a,b]
"""
import argparse
import platform
import time

import numpy as np

import fastconv
from fastconv import _ext
from fastconv._benchlib import (STANDARD_CONV_SHAPES, alternating_medians, conv_flops,
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
            if with_numpy:  # the faster NumPy formulation, chosen by one untimed probe each
                best = min(nps[name], key=lambda f: _once(f))
                contenders["numpy"] = best
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=3)
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


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--gemm", action="store_true")
    p.add_argument("--conv", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="dtype of the convolution table")
    p.add_argument("--algorithms", default="direct,im2col,auto",
                   help="convolution algorithms to time (comma-separated)")
    p.add_argument("--numpy", action="store_true",
                   help="time the best plain NumPy formulation beside them (slow)")
    p.add_argument("--shapes", help="standard shapes to run (comma-separated names)")
    args = p.parse_args()
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
    if args.gemm or not args.conv:
        gemm_table(args.threads, args.rounds, peak)
    if args.conv or not args.gemm:
        conv_table(args.threads, args.rounds, peak, np.dtype(args.dtype),
                   tuple(args.algorithms.split(",")), args.numpy,
                   args.shapes.split(",") if args.shapes else None)


if __name__ == "__main__":
    main()
