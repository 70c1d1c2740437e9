"""Side-by-side medians in one process: fastconv's GEMM against numpy.matmul (OpenBLAS), and the
im2col convolution (every pass) against PyTorch when installed. Prints markdown tables.

    python benchmarks/compare.py [--gemm] [--conv] [--threads 2] [--rounds 5] [--dtype float64]
                                 [--wait-idle]
"""
import argparse
import platform
import time

import numpy as np

import fastconv
from fastconv import _benchlib, _ext
from fastconv._benchlib import STANDARD_CONV_SHAPES, alternating_medians, conv_flops

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


def conv_table(threads, rounds, peak, dtype=np.float32):
    print(f"\n### im2col convolution, {threads} thread(s), {np.dtype(dtype).name}"
          + (" vs PyTorch " + torch.__version__ if torch else " (PyTorch not installed)") + "\n")
    print("| shape | pass | fastconv ms | GFLOP/s | % of peak | torch ms | GFLOP/s | "
          "fastconv / torch speed |")
    print("|---|---|---|---|---|---|---|---|")
    for s in STANDARD_CONV_SHAPES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((s.N, s.C, s.H, s.W)).astype(dtype)
        w = rng.standard_normal((s.K, s.C // s.groups, s.R, s.S)).astype(dtype)
        b = rng.standard_normal(s.K).astype(dtype)
        kw = dict(stride=s.stride, padding=s.pad, groups=s.groups)
        y = fastconv.conv2d(x, w, b, algorithm="im2col", **kw)
        g = rng.standard_normal(y.shape).astype(dtype)
        passes = {
            "fwd": lambda: fastconv.conv2d(x, w, b, algorithm="im2col", out=y, **kw),
            "bwd_input": lambda: fastconv.conv2d_backward_input(g, w, x.shape,
                                                                algorithm="im2col", **kw),
            "bwd_weight": lambda: fastconv.conv2d_backward_weight(g, x, w.shape,
                                                                  algorithm="im2col", **kw),
        }
        if torch is not None:
            tx, tw, tb, tg = (torch.from_numpy(a) for a in (x, w, b, g))
            tpasses = {
                "fwd": lambda: F.conv2d(tx, tw, tb, **kw),
                "bwd_input": lambda: torch.nn.grad.conv2d_input(tx.shape, tw, tg, **kw),
                "bwd_weight": lambda: torch.nn.grad.conv2d_weight(tx, tw.shape, tg, **kw),
            }
        flops = conv_flops(s)
        for name, fn in passes.items():
            contenders = {"fc": fn}
            if torch is not None:
                contenders["torch"] = tpasses[name]
            with fastconv.num_threads(threads):
                t = alternating_medians(contenders, rounds=rounds, block=3)
            tt = t.get("torch")
            print(f"| {s.name} | {name} | {t['fc'] * 1e3:.2f} | {flops / t['fc'] / 1e9:.1f} | "
                  f"{100 * flops / t['fc'] / 1e9 / peak[np.dtype(dtype).name]:.0f}% | "
                  + (f"{tt * 1e3:.2f} | {flops / tt / 1e9:.1f} | {tt / t['fc']:.2f} |"
                     if tt else "- | - | - |"))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--gemm", action="store_true")
    p.add_argument("--conv", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="dtype of the convolution table")
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
    if args.gemm or not args.conv:
        gemm_table(args.threads, args.rounds, peak)
    if args.conv or not args.gemm:
        conv_table(args.threads, args.rounds, peak, np.dtype(args.dtype))


if __name__ == "__main__":
    main()
