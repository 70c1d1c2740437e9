"""The measurements behind algorithm="auto": direct against im2col, every pass, on the standard
layer shapes and on a wide sweep of layers (channels 3-512, spatial 7-224, kernels 1/3/5/7/11,
strides 1-4, depthwise too), with what the current rule picks.

    python benchmarks/sweep.py [--threads 2] [--dtype float32] [--json sweep.json] [--quick]

Each layer's batch is chosen so that a pass costs about 0.2-2 GFLOP (the standard shapes keep
their benchmark batches). Times are medians of alternating blocks in one process. The summary
says, per pass, how often the rule picked the faster algorithm and what the wrong picks cost.
"""
import argparse
import json
import sys

import numpy as np

import fastconv
from fastconv._benchlib import STANDARD_CONV_SHAPES, ConvShape, alternating_medians, conv_flops
from fastconv._choice import PASSES, choose_algorithm
from fastconv.conv import _geometry


def sweep_shapes(count, seed=7):
    """A fixed pseudo-random sample of layers over the ranges the issue names."""
    rng = np.random.default_rng(seed)
    shapes, tries = [], 0
    while len(shapes) < count and tries < 100000:
        tries += 1
        k = int(rng.choice([1, 3, 3, 3, 5, 7, 11]))
        stride = int(rng.choice([1, 1, 1, 2, 2, 3, 4]))
        hw = int(rng.choice([7, 14, 28, 56, 112, 224]))
        kind = rng.choice(["dense", "dense", "dense", "first", "depthwise"])
        if kind == "first":
            c, kout, groups = 3, int(rng.choice([16, 32, 64, 96])), 1
        elif kind == "depthwise":
            c = int(rng.choice([16, 32, 64, 128, 256, 512]))
            kout, groups = c, c
        else:
            c = int(rng.choice([3, 8, 16, 32, 64, 128, 256, 512]))
            kout, groups = int(rng.choice([8, 16, 32, 64, 128, 256, 512])), 1
        pad = k // 2
        if k > hw + 2 * pad:
            continue
        oh = (hw + 2 * pad - k) // stride + 1
        one = 2.0 * kout * oh * oh * (c // groups) * k * k
        n = int(np.clip(round(5e8 / one), 1, 64))
        if one * n > 4e9 or one * n < 2e7:
            continue
        name = f"n{n}c{c}k{kout}h{hw}r{k}s{stride}" + (f"g{groups}" if groups > 1 else "")
        shapes.append(ConvShape(name, n, c, hw, hw, kout, k, k, stride, pad, groups))
    return shapes


def measure(s, dtype, threads, rounds):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((s.N, s.C, s.H, s.W)).astype(dtype)
    w = rng.standard_normal((s.K, s.C // s.groups, s.R, s.S)).astype(dtype)
    kw = dict(stride=s.stride, padding=s.pad, groups=s.groups)
    y = fastconv.conv2d(x, w, **kw)
    g = rng.standard_normal(y.shape).astype(dtype)
    geom, _ = _geometry("sweep", x.shape, w.shape, s.stride, s.pad, 1, s.groups)
    calls = {
        "forward": lambda a: lambda: fastconv.conv2d(x, w, algorithm=a, out=y, **kw),
        "backward_input": lambda a: lambda: fastconv.conv2d_backward_input(
            g, w, x.shape, algorithm=a, **kw),
        "backward_weight": lambda a: lambda: fastconv.conv2d_backward_weight(
            g, x, w.shape, algorithm=a, **kw),
    }
    rows = []
    for p in PASSES:
        with fastconv.num_threads(threads):
            t = alternating_medians({a: calls[p](a) for a in ("direct", "im2col")},
                                    rounds=rounds, block=2, settle=0.05)
        rows.append(dict(shape=s._asdict(), pass_=p, direct=t["direct"], im2col=t["im2col"],
                         gflop=conv_flops(s) / 1e9,
                         rule=choose_algorithm(p, geom, np.dtype(dtype))))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--count", type=int, default=80, help="layers in the sweep")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", help="write every measurement here")
    ap.add_argument("--quick", action="store_true", help="12 layers, 2 rounds")
    args = ap.parse_args()
    if args.quick:
        args.count, args.rounds = 12, 2
    dtype = np.dtype(args.dtype)
    shapes = list(STANDARD_CONV_SHAPES) + sweep_shapes(args.count)
    results = []
    print(f"kernel set {fastconv.get_config()['isa']}, {args.threads} threads, {dtype.name}")
    print("| layer | pass | GFLOP | direct GFLOP/s | im2col GFLOP/s | direct / im2col speed | "
          "rule | rule's loss |")
    print("|---|---|---|---|---|---|---|---|")
    for i, s in enumerate(shapes):
        for r in measure(s, dtype, args.threads, args.rounds):
            results.append(r)
            best = min(r["direct"], r["im2col"])
            loss = r[r["rule"]] / best - 1
            print(f"| {s.name} | {r['pass_']} | {r['gflop']:.3f} | "
                  f"{r['gflop'] / r['direct']:.1f} | {r['gflop'] / r['im2col']:.1f} | "
                  f"{r['im2col'] / r['direct']:.2f} | {r['rule']} | {100 * loss:.0f}% |",
                  flush=True)
        print(f"[{i + 1}/{len(shapes)}]", file=sys.stderr, flush=True)
    print()
    for p in PASSES:
        rs = [r for r in results if r["pass_"] == p]
        good = sum(r[r["rule"]] <= min(r["direct"], r["im2col"]) * 1.05 for r in rs)
        worst = max(r[r["rule"]] / min(r["direct"], r["im2col"]) for r in rs)
        print(f"{p}: the rule is within 5% of the faster algorithm on {good}/{len(rs)} layers; "
              f"worst pick {100 * (worst - 1):.0f}% slower")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(threads=args.threads, dtype=dtype.name,
                           isa=fastconv.get_config()["isa"], results=results), f, indent=1)


if __name__ == "__main__":
    main()
